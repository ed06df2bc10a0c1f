import { describe, expect, it } from 'vitest';
import { firstRunDone, firstRunSteps } from './first-run';
import { sectionFromHash, sectionHash, sectionsFor } from './settings-sections';

describe('settings sections (issue 17 item 8)', () => {
  it('gives each section its own address, and only the sections a role uses', () => {
    expect(sectionFromHash('#/settings/accounts', 'admin')).toBe('accounts');
    expect(sectionFromHash('#/settings/time-zone', 'staff')).toBe('time-zone');
    expect(sectionFromHash('#/settings/accounts', 'monitor')).toBe('general');
    expect(sectionFromHash('#/settings', 'admin')).toBe('general');
    expect(sectionFromHash('#/review', 'admin')).toBe('general');
    expect(sectionHash('accounts')).toBe('#/settings/accounts');
    expect(sectionsFor('admin')).toEqual([
      'general',
      'accounts',
      'centre',
      'time-zone',
      'notices',
      'review',
      'audit',
      'workers',
    ]);
    expect(sectionsFor('counsellor')).toEqual(['general']);
    expect(sectionsFor('monitor')).toEqual(['general', 'review']);
  });
});

describe('first-run checklist', () => {
  const fresh = { accounts: 1, centreName: '', sites: 0, cases: 0 };
  it('starts with every step open after set-up', () => {
    expect(firstRunSteps(fresh).map((s) => s.done)).toEqual([false, false, false, false]);
    expect(firstRunDone(fresh)).toBe(false);
  });
  it('ticks each step from what the case file holds, and is done when all are', () => {
    const some = { ...fresh, accounts: 3, centreName: '  ' };
    expect(
      firstRunSteps(some)
        .filter((s) => s.done)
        .map((s) => s.step),
    ).toEqual(['accounts']);
    expect(firstRunDone({ accounts: 2, centreName: '해바라기센터', sites: 1, cases: 1 })).toBe(
      true,
    );
  });
});
