import { describe, expect, it } from 'vitest';
import { en } from './en';
import { pickLanguage } from './index';
import { ko } from './ko';

/** Every leaf key of a resource object, dotted, with its value. */
function leaves(obj: object, prefix = ''): [string, unknown][] {
  return Object.entries(obj).flatMap(([key, value]) =>
    value !== null && typeof value === 'object'
      ? leaves(value as object, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value] as [string, unknown]],
  );
}

describe('i18n resources', () => {
  it('Korean and English have exactly the same keys', () => {
    const enKeys = leaves(en)
      .map(([k]) => k)
      .sort();
    const koKeys = leaves(ko)
      .map(([k]) => k)
      .sort();
    expect(koKeys).toEqual(enKeys);
  });

  it.each([
    ['en', en],
    ['ko', ko],
  ])('%s has no empty values and only strings', (_name, messages) => {
    for (const [key, value] of leaves(messages)) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders and markup tags in both languages', () => {
    const koMap = new Map(leaves(ko));
    const vars = (s: unknown) => [...String(s).matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]);
    const tags = (s: unknown) => [...String(s).matchAll(/<\/?(\w+)>/g)].map((m) => m[0]);
    for (const [key, value] of leaves(en)) {
      expect(vars(koMap.get(key)).sort(), key).toEqual(vars(value).sort());
      expect(tags(koMap.get(key)).sort(), key).toEqual(tags(value).sort());
    }
  });
});

describe('pickLanguage', () => {
  it('prefers the saved choice', () => {
    expect(pickLanguage('en', ['ko-KR'])).toBe('en');
    expect(pickLanguage('ko', ['en-US'])).toBe('ko');
  });
  it('follows the OS locale otherwise', () => {
    expect(pickLanguage(null, ['ko-KR', 'en'])).toBe('ko');
    expect(pickLanguage(null, ['ko'])).toBe('ko');
    expect(pickLanguage(null, ['en-GB'])).toBe('en');
    expect(pickLanguage('fr', ['de-DE'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
  });
});
