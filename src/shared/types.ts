/** Domain types that cross the API boundary (results of contract methods and event payloads). */
import type { Role } from './roles';

/** Which host runs the engine. */
export type HostKind = 'electron' | 'headless';

export interface CaseFileInfo {
  /** Absolute path of the SQLite case file. */
  path: string;
  /** Schema version (the highest migration applied). */
  schemaVersion: number;
  /** ISO time the file was created. */
  createdAt: string;
  /** A random id of this case file, for telling files apart in logs and exports. */
  fileId: string;
}

export interface AppInfo {
  name: 'Jium';
  version: string;
  host: HostKind;
  caseFile: CaseFileInfo;
  /** True until the first admin account exists. */
  needsSetup: boolean;
  /** Seconds without a signed-in call after which the engine locks a session. */
  idleLockSeconds: number;
}

export interface SessionInfo {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** ISO time the session started. */
  since: string;
  /** True when the session was locked after idle time: only `auth.unlock` (or sign-out) helps. */
  locked?: boolean;
}
