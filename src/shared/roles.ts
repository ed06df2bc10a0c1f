/** The four kinds of user (DESIGN.md: Roles). */
export const ROLES = ['admin', 'counsellor', 'monitor', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A crawl worker on another machine (issue 16): not an account, an enrolment. It may call only
 * the methods that name it; 'signed-in' does not include it (src/engine/core/dispatch.ts), so it
 * never reaches identities, originals, case codes, reviews or requests.
 */
export const WORKER_ROLE = 'worker';
/** Who a session acts as: an account's role, or a crawl worker. */
export type CallerRole = Role | typeof WORKER_ROLE;

/**
 * Who may call a method: anyone (before sign-in too), any signed-in user, or the listed roles.
 * Admins are not implicitly allowed everything: each method says so, so that an admin account
 * cannot read victim identity unless the method allows admins.
 */
export type Access = 'public' | 'signed-in' | readonly CallerRole[];
