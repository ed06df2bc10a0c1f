/** Every `jium` sub-command. Add a command by adding its module here. */
import type { CliCommand } from '../cli-types';
import { command as audit } from './audit';
import { command as crawl } from './crawl';
import { command as fingerprint } from './fingerprint';
import { command as hashlist } from './hashlist';
import { command as match } from './match';
import { command as serve } from './serve';
import { command as worker } from './worker';
import { command as workerCode } from './worker-code';

export const COMMANDS: readonly CliCommand[] = [
  serve,
  fingerprint,
  match,
  audit,
  crawl,
  hashlist,
  worker,
  workerCode,
];
