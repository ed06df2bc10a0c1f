/**
 * The areas of the app and which roles use them. This only hides what a role does not use; the
 * engine checks every call's role (DESIGN.md: Roles).
 */
import {
  IconEyeCheck,
  IconFolders,
  IconMailForward,
  IconSettings,
  IconWorldSearch,
  type Icon,
} from '@tabler/icons-react';
import type { Role } from '../../../shared/roles';

export const AREAS = ['cases', 'crawls', 'review', 'takedowns', 'settings'] as const;
export type Area = (typeof AREAS)[number];

export const AREA_ICONS: Record<Area, Icon> = {
  cases: IconFolders,
  crawls: IconWorldSearch,
  review: IconEyeCheck,
  takedowns: IconMailForward,
  settings: IconSettings,
};

const ROLE_AREAS: Record<Role, readonly Area[]> = {
  admin: ['cases', 'crawls', 'review', 'takedowns', 'settings'],
  counsellor: ['cases', 'settings'],
  // Monitors and staff see cases by code (never identity) to know what they search and file for.
  monitor: ['cases', 'crawls', 'review', 'settings'],
  staff: ['cases', 'takedowns', 'settings'],
};

/** The areas a role sees, in navigation order. */
export function areasFor(role: Role): readonly Area[] {
  return ROLE_AREAS[role];
}

/** The area named in the URL hash (#/review, #/settings/accounts), if this role uses it. */
export function areaFromHash(hash: string, role: Role): Area | null {
  const name = hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return (areasFor(role) as readonly string[]).includes(name) ? (name as Area) : null;
}
