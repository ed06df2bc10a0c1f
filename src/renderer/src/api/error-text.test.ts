/**
 * Issue 17 item 3: a failure reaches the person as a specific sentence in their language, with
 * exactly the fields the engine named marked (a bad abuse e-mail marks the e-mail, not the name).
 */
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ERROR_REASONS, ApiError, ISSUE_CODES } from '../../../shared/errors';
import { en } from '../i18n/en';
import { ko } from '../i18n/ko';
import { errorText, formErrors } from './error-text';

let tEn: TFunction;
let tKo: TFunction;
beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: 'en',
    interpolation: { escapeValue: false },
  });
  tEn = i18n.getFixedT('en');
  tKo = i18n.getFixedT('ko');
});

const badEmail = new ApiError('validation', 'Invalid input', [
  { path: 'platform.abuseEmail', message: 'Invalid email address', code: 'email' },
]);

describe('errorText and formErrors', () => {
  it('marks only the field the engine named, in words', () => {
    const f = formErrors(tEn, badEmail);
    expect(f.field('platform.abuseEmail')).toBe(en.errors.issues.email);
    expect(f.field('platform.name')).toBeUndefined();
    expect(f.field('platform.hosts')).toBeUndefined();
    expect(f.field('platform')).toBe(en.errors.issues.email);
    expect(f.message).toBe(en.errors.checkFields);
    expect(formErrors(tKo, badEmail).field('platform.abuseEmail')).toBe(ko.errors.issues.email);
  });

  it('marks a field for issues inside it (one host of a list)', () => {
    const e = new ApiError('validation', 'x', [
      { path: 'platform.hosts.1', message: 'bad', code: 'format' },
    ]);
    expect(formErrors(tEn, e).field('platform.hosts')).toBe(en.errors.issues.format);
  });

  it('says a taken username is taken, on the username field, not "changed meanwhile"', () => {
    const e = new ApiError(
      'conflict',
      'The username admin is taken.',
      [{ path: 'username', message: 'taken', code: 'taken', params: { value: 'admin' } }],
      'username-taken',
    );
    const f = formErrors(tEn, e);
    expect(f.message).toBe('That username is taken. Choose another one.');
    expect(f.field('username')).toBe(en.errors.issues.taken);
    expect(f.field('displayName')).toBeUndefined();
    expect(formErrors(tKo, e).message).toBe(ko.errors.reasons['username-taken']);
  });

  it('says a missing master key is that, not a newer or damaged case file', () => {
    const e = new ApiError('case-file', 'No master key', undefined, 'no-master-key');
    expect(errorText(tEn, e)).toContain('without a passphrase');
    expect(errorText(tEn, e)).not.toMatch(/newer|damaged/);
    expect(errorText(tKo, e)).toContain('암호문');
  });

  it('fills the numbers a sentence needs', () => {
    const e = new ApiError('validation', 'x', [
      { path: 'password', message: 'short', code: 'too-short', params: { min: 10 } },
    ]);
    expect(formErrors(tEn, e).field('password')).toBe('Use at least 10 characters.');
    expect(formErrors(tKo, e).field('password')).toBe('10자 이상 입력하세요.');
  });

  it('has a sentence in both languages for every reason and issue code', () => {
    for (const t of [tEn, tKo]) {
      for (const r of API_ERROR_REASONS) {
        const text = errorText(t, new ApiError('conflict', 'x', undefined, r));
        expect(text, r).not.toContain('errors.');
      }
      for (const code of ISSUE_CODES) {
        const e = new ApiError('validation', 'x', [{ path: 'f', message: 'x', code }]);
        expect(formErrors(t, e).field('f'), code).not.toContain('errors.');
      }
    }
  });

  it('shows nothing without an error', () => {
    expect(formErrors(tEn, null)).toMatchObject({ message: null, paths: [] });
  });
});
