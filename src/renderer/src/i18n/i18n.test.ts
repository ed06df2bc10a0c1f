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

/**
 * Keys whose Korean is the same as the English on purpose: names, loanwords and codes (the
 * product's name, language names in their own language, a file format, an algorithm, a URL
 * example, an arrow). Anything else identical to English is a string left untranslated.
 */
const SAME_IN_BOTH = new Set([
  'app.name',
  'app.nameKo',
  'app.title',
  'language.ko',
  'language.en',
  'noToken.example',
  'takedowns.detail.sha256',
  'takedowns.detail.events.state',
  'notices.export.csv',
  'notices.export.json',
]);

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

  it('translates every Korean string: none is missing, none left in English', () => {
    const koMap = new Map(leaves(ko));
    const missing = leaves(en)
      .map(([k]) => k)
      .filter((k) => !koMap.has(k));
    expect(missing).toEqual([]);
    const leftEnglish = leaves(en)
      .filter(([k, v]) => koMap.get(k) === v && !SAME_IN_BOTH.has(k))
      .map(([k]) => k);
    expect(leftEnglish).toEqual([]);
  });

  it('keeps the glossary’s Korean terms (docs/glossary.md)', () => {
    const koText = leaves(ko)
      .map(([, v]) => String(v))
      .join('\n');
    // A case is 사례 (the word counsellors use), never 사건; the SQLite file is the 데이터 파일.
    expect(koText).not.toContain('사건');
    // Reference images are 기준 이미지; 원본 is only the kept original file.
    expect(koText).not.toContain('원본 이미지');
    expect(koText).not.toContain('감사 로그');
    expect(
      leaves(ko)
        .filter(([k]) => k.endsWith('.ncii'))
        .map(([, v]) => v),
    ).toEqual(expect.arrayContaining(['불법촬영물등(비동의 성적 이미지)']));
    expect(
      new Set(
        leaves(ko)
          .filter(([k]) => k.endsWith('.ncii'))
          .map(([, v]) => v),
      ).size,
    ).toBe(1);
  });

  it('puts the particle that fits after each glossary term (사례가, 사례를; never 사례이, 사례을)', () => {
    const koText = leaves(ko)
      .map(([, v]) => String(v))
      .join('\n');
    // A swap of one term for another (사건 → 사례) keeps the old word's particles unless someone
    // looks: a syllable with a final consonant takes 이/을/은/과, one without takes 가/를/는/와.
    const wrong: string[] = [];
    for (const term of ['사례', '기준 이미지', '데이터 파일', '감사 기록', '원본']) {
      const last = term.charCodeAt(term.length - 1) - 0xac00;
      const particles = last % 28 === 0 ? '이을은과' : '가를는와';
      const re = new RegExp(`${term}[${particles}](?![\\uAC00-\\uD7A3])`, 'g');
      wrong.push(...(koText.match(re) ?? []));
    }
    expect(wrong).toEqual([]);
    expect(koText).not.toContain('참조 이미지');
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
