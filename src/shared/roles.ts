/** The four kinds of user (DESIGN.md: Roles). */
export const ROLES = ['admin', 'counsellor', 'monitor', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may call a method: anyone (before sign-in too), any signed-in user, or the listed roles.
 * Admins are not implicitly allowed everything: each method says so, so that an admin account
 * cannot read victim identity unless the method allows admins.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];
