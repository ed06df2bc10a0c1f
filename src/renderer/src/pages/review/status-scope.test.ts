import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { ko } from '../../i18n/ko';
import { aboutItem, decidedWords } from './decision-words';
import { settle, statusShown, unsettled } from './status-scope';

describe('the review status line', () => {
  it('is shown with the item the queue moved to after a decision, and leaves with it', () => {
    // Item 7 confirmed: while the write runs the line is shown; the queue moves to item 8.
    let s = unsettled('Confirmed. 1 draft takedown request opened or extended.');
    expect(statusShown(s, 7)).toBe(true);
    expect(settle(s, true, 7)).toBe(s); // still writing: not tied yet
    s = settle(s, false, 8)!;
    expect(statusShown(s, 8)).toBe(true);
    expect(settle(s, false, 8)).toBe(s);
    // The reviewer opens item 9, undecided: the line was about item 7, not shown over it (it
    // stayed there before), and gone for good: coming back to 8 does not bring it back.
    expect(statusShown(s, 9)).toBe(false);
    expect(settle(s, false, 9)).toBeNull();
  });

  it('stays in view when the decision emptied the queue', () => {
    const s = settle(unsettled('Confirmed.'), false, undefined);
    expect(statusShown(s, undefined)).toBe(true);
    expect(statusShown(null, undefined)).toBe(false);
  });
});

it('names the item a decision was about: the line is read over the next one', async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: 'en',
    interpolation: { escapeValue: false },
  });
  const r = { takedownRequestIds: [4] } as Parameters<typeof decidedWords>[2];
  const say = (lng: string) => {
    const t = i18n.getFixedT(lng);
    return aboutItem(t, '127.0.0.1:43597/videos/5', decidedWords(t, 'confirm', r, 'case'));
  };
  expect(say('en')).toBe(
    '127.0.0.1:43597/videos/5: Confirmed. 1 draft takedown request opened or extended.',
  );
  expect(say('ko')).toBe(
    '127.0.0.1:43597/videos/5 항목: 확인했습니다. 삭제 요청 초안 1건을 열거나 추가했습니다.',
  );
  // A batch names no single item.
  expect(aboutItem(i18n.getFixedT('en'), null, 'Confirmed.')).toBe('Confirmed.');
});
