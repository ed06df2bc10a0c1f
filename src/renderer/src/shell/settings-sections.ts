/**
 * Settings in sections, each with its own address (#/settings/accounts), so an admin's first job
 * is one click away instead of far down one long page. Which sections a role sees only hides what
 * it does not use; the engine checks every call's role.
 */
import type { Role } from '../../../shared/roles';

export const SETTINGS_SECTIONS = [
  'general',
  'accounts',
  'centre',
  'time-zone',
  'notices',
  'review',
  'audit',
  'workers',
] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

const SECTION_ROLES: Record<SettingsSection, readonly Role[]> = {
  general: ['admin', 'counsellor', 'monitor', 'staff'],
  accounts: ['admin'],
  centre: ['admin', 'staff'],
  'time-zone': ['admin', 'staff'],
  notices: ['admin', 'staff'],
  review: ['admin', 'monitor'],
  audit: ['admin'],
  workers: ['admin'],
};

/** The sections a role sees, in order; `general` (language, case file, password) first. */
export function sectionsFor(role: Role): SettingsSection[] {
  return SETTINGS_SECTIONS.filter((s) => SECTION_ROLES[s].includes(role));
}

/** The section named in the hash (#/settings/accounts); `general` for #/settings or one not allowed. */
export function sectionFromHash(hash: string, role: Role): SettingsSection {
  const [area, section] = hash.replace(/^#\/?/, '').split('/');
  if (area !== 'settings' || !section) return 'general';
  return (sectionsFor(role) as string[]).includes(section)
    ? (section as SettingsSection)
    : 'general';
}

/** The address of a section. */
export function sectionHash(section: SettingsSection): string {
  return section === 'general' ? '#/settings' : `#/settings/${section}`;
}
