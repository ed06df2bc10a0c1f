import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { ko } from '../../i18n/ko';
import { auditSentence } from './audit-sentence';

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

const entry = (action: string, recordType: string | null, recordId: string | null) => ({
  action,
  actor: 'haneul',
  recordType,
  recordId,
  details: {},
});

describe('audit entries as sentences (issue 17 item 11)', () => {
  it('says who did what to which record, in the person’s language', () => {
    expect(auditSentence(tEn, entry('crawl.site.archive', 'crawl-site', '3'))).toBe(
      'haneul archived site #3.',
    );
    expect(auditSentence(tKo, entry('crawl.site.archive', 'crawl-site', '3'))).toBe(
      'haneul 님이 사이트 #3을(를) 보관했습니다.',
    );
    expect(auditSentence(tEn, entry('cases.private.read', 'case', 'C-2026-0001'))).toBe(
      'haneul opened the identity of case C-2026-0001.',
    );
    expect(auditSentence(tKo, entry('auth.signIn', 'user', '1'))).toBe(
      'haneul 님이 로그인했습니다.',
    );
  });
  it('has a sentence for every action that has a name, in both languages', () => {
    for (const key of Object.keys(en.audit.actions)) {
      expect(en.auditSentences.actions, key).toHaveProperty([key]);
      expect(ko.auditSentences.actions, key).toHaveProperty([key]);
    }
  });
  it('still reads as words for an action without its own sentence', () => {
    expect(auditSentence(tEn, entry('something.new', null, null))).toBe('haneul: something.new.');
  });
});
