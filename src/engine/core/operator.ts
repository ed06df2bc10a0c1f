/**
 * The operator session: how the `jium` command line (a host like the others) calls the engine.
 *
 * An operator is a person at this computer who can open the case file itself (its path, and the
 * passphrase when evidence is to be sealed). They have no account in the case file: the file's
 * accounts are for the people who sign in to the app. So a CLI command starts an operator session
 * with the one role its use case needs, and calls the engine through `engine.call` like the
 * Electron and HTTP hosts: the role check, input validation and audit apply on every path.
 *
 * - Roles: admin, monitor or staff, never counsellor. Victim identity stays with counsellors who
 *   sign in; no CLI command reads or writes a case.
 * - Methods: only those in OPERATOR_METHODS (the CLI's use cases), whatever the role allows.
 *   Methods marked `operatorOnly` in the contract (reading a file named by path on this
 *   computer) are refused to every other session, so the HTTP host can never reach them.
 * - Audit: entries name the actor `operator:<login name>` (the operating-system user), actor id
 *   0, which no account has. Refused attempts are audited like anyone's.
 * - No idle lock: the session lives as long as one command (a crawl may run for hours).
 * - Only a host can start one (`Engine.signInOperator`); no contract method does.
 */
import { userInfo } from 'node:os';
import type { MethodName } from '../../shared/contract';
import type { Role } from '../../shared/roles';
import type { SessionInfo } from '../../shared/types';

/** The roles an operator session may take. */
export type OperatorRole = Exclude<Role, 'counsellor'>;

/** A session whose actor is the local operator, not an account. */
export interface OperatorSession extends SessionInfo {
  operator: true;
}

/** No account has id 0 (SQLite row ids start at 1). Columns that reference users get NULL. */
export const OPERATOR_USER_ID = 0;

/** What the command line does: each is one contract method, with its role and audit. */
export const OPERATOR_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'app.info',
  'auth.session',
  'sites.list',
  'sites.create',
  'sites.update',
  'crawls.start',
  'crawls.pause',
  'crawls.list',
  'crawls.matches',
  'exchange.lists',
  'exchange.importFile',
  'exchange.export',
  'audit.verify',
  'workers.createCode',
  'workers.list',
  'workers.revoke',
]);

export function isOperator(session: SessionInfo | null | undefined): session is OperatorSession {
  return (session as Partial<OperatorSession> | null | undefined)?.operator === true;
}

/** The user id to store in a column that references users: NULL for the operator. */
export function accountId(session: SessionInfo | null): number | null {
  return !session || isOperator(session) ? null : session.userId;
}

/** The operating-system login running this process, for the audit ('unknown' if it has none). */
export function osLogin(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown'; // a container user without a passwd entry
  }
}

export function operatorSession(role: OperatorRole, login: string, now: Date): OperatorSession {
  return {
    userId: OPERATOR_USER_ID,
    username: `operator:${login}`,
    displayName: `Local operator (${login})`,
    role,
    since: now.toISOString(),
    operator: true,
  };
}
