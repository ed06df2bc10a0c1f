/**
 * The command line as a host: opens the engine on a case file and calls it through the contract
 * (`engine.call`) with an operator session in one role (src/engine/core/operator.ts), exactly as
 * the Electron and HTTP hosts call it for signed-in users. An error envelope becomes an Error
 * with the engine's message, which cli.ts prints as `jium <command>: <message>` (exit code 1).
 */
import type { CallerKey, Engine, MasterKeyProvider, OperatorRole } from '../engine';
import type { MethodInput, MethodName, MethodResult } from '../shared/contract';
import type { CliIO } from './cli-types';
import { openHeadlessEngine, resolveCaseFile } from './host-env';

export { CASE_FILE_OPTION } from './host-env';
import { masterKeyFromOptions } from './master-key-option';

export interface OperatorHost {
  engine: Engine;
  /** Whether the case file's keys are open (a passphrase was given and is right). */
  keys: boolean;
  /** Calls a contract method as the operator; throws on an error envelope. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  close(): void;
}

export interface OperatorOptions {
  io: CliIO;
  role: OperatorRole;
  /** --case-file (else $JIUM_CASE_FILE, else the default). The file must exist. */
  caseFile: string | undefined;
  /** With a passphrase (--passphrase-file or $JIUM_PASSPHRASE) the keys are opened at once. */
  passphraseFile?: string | undefined;
  useKeys?: boolean;
}

/** Opens the case file as a local operator in `role`. Close it when done. */
export async function openAsOperator(o: OperatorOptions): Promise<OperatorHost> {
  const masterKey: MasterKeyProvider | null = o.useKeys
    ? masterKeyFromOptions(o.passphraseFile, o.io.env, o.io.cwd)
    : null;
  const engine = await openHeadlessEngine({
    caseFilePath: resolveCaseFile(o.caseFile, o.io.env, o.io.cwd),
    masterKey,
    create: false,
  });
  const caller: CallerKey = engine.signInOperator(o.role);
  return {
    engine,
    keys: masterKey !== null,
    async call(method, input) {
      const r = await engine.call(caller, method, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as never;
    },
    close: () => engine.close(),
  };
}
