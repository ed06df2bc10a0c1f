import { describe, expect, it } from 'vitest';
import { when, withoutScheme } from './queue-format';

describe('queue-format', () => {
  it('writes the time found in the centre’s time zone, whatever the computer’s', () => {
    // 23:30 UTC on 6 December is already 7 December in Seoul.
    expect(when('2026-12-06T23:30:00Z', 'en', 'Asia/Seoul')).toBe('7 Dec 2026, 08:30');
    expect(when('2026-12-06T23:30:00Z', 'en', 'UTC')).toBe('6 Dec 2026, 23:30');
    expect(when('2026-12-06T23:30:00Z', 'ko', 'Asia/Seoul')).toContain('2026. 12. 7.');
  });
  it('drops only the scheme of an address', () => {
    expect(withoutScheme('https://a.example/gallery/3?p=2')).toBe('a.example/gallery/3?p=2');
    expect(withoutScheme('HTTP://b.example/')).toBe('b.example/');
  });
});
