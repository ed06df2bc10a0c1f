/** Domain types of crawl workers on other machines (issue 16): results of the workers.* methods. */
import type { SiteConfig } from './crawl-types';

/** A one-time enrolment code, shown once to the admin who made it. */
export interface WorkerCode {
  code: string;
  label: string;
  expiresAt: string;
}

/** What a worker receives once for its code: keep the credential, it is never shown again. */
export interface WorkerEnrolment {
  workerId: number;
  label: string;
  credential: string;
}

/** An enrolment as the admin sees it: never the credential. */
export interface WorkerInfo {
  id: number;
  label: string;
  enrolledAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

/** One perceptual hash of a reference, hex: the worker's pre-filter, nothing that names a case. */
export interface WorkerHash {
  algo: 'pdq' | 'blockhash';
  region: string;
  transform: string;
  hex: string;
}

/**
 * What a worker may know: the sites' settings (secret values left out) and the references'
 * perceptual hashes under opaque reference ids. No identity, original, case code or case id.
 */
export interface WorkerConfig {
  sites: { id: number; config: SiteConfig }[];
  references: { id: number; hashes: WorkerHash[] }[];
}
