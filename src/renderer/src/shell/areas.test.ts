import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../shared/roles';
import { areaFromHash, areasFor } from './areas';

describe('areas by role', () => {
  it('shows each role its own areas, and Settings to everyone', () => {
    expect(areasFor('admin')).toEqual(['cases', 'crawls', 'review', 'takedowns', 'settings']);
    expect(areasFor('counsellor')).toEqual(['cases', 'settings']);
    expect(areasFor('monitor')).toEqual(['cases', 'crawls', 'review', 'settings']);
    expect(areasFor('staff')).toEqual(['cases', 'takedowns', 'settings']);
    for (const role of ROLES) expect(areasFor(role)).toContain('settings');
  });
  it('reads the area from the hash only when the role uses it', () => {
    expect(areaFromHash('#/review', 'monitor')).toBe('review');
    expect(areaFromHash('#/takedowns', 'monitor')).toBeNull();
    expect(areaFromHash('', 'admin')).toBeNull();
    // A settings section has its own address under its area (issue 17 item 8).
    expect(areaFromHash('#/settings/accounts', 'admin')).toBe('settings');
  });
});
