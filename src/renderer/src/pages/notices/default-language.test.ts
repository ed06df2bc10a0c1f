import { describe, expect, it } from 'vitest';
import { defaultNoticeLanguage } from './default-language';

describe('the notice language (issue 17 item 11)', () => {
  it("is the platform's language when the host is registered", () => {
    expect(defaultNoticeLanguage([{ language: 'ja', platformId: 3 }], 'ko')).toBe('ja');
    expect(
      defaultNoticeLanguage(
        [
          { language: 'en', platformId: null },
          { language: 'zh', platformId: 2 },
        ],
        'ko',
      ),
    ).toBe('zh');
  });
  it("is the UI's language otherwise, not the requests' English default", () => {
    expect(defaultNoticeLanguage([{ language: 'en', platformId: null }], 'ko')).toBe('ko');
    expect(defaultNoticeLanguage([{ language: 'en' }], 'en')).toBe('en');
  });
});
