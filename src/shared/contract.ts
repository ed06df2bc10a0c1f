/**
 * The contract: every method and event that crosses a process boundary (DESIGN.md). Main, preload,
 * renderer and the headless host all import this one file. Each method names its input schema
 * (validated on the engine side, always), its result type and who may call it.
 */
import { z } from 'zod';
import { accountsContract } from './contract-accounts';
import { auditContract } from './contract-audit';
import { casesContract } from './contract-cases';
import { crawlContract, crawlEvents } from './contract-crawl';
import { noticesContract } from './contract-notices';
import { exchangeContract } from './contract-exchange';
import { reportsContract } from './contract-reports';
import { reviewContract, reviewEvents } from './contract-review';
import { takedownsContract, takedownsEvents } from './contract-takedowns';
import { videosContract, videosEvents } from './contract-videos';
import { workersContract } from './contract-workers';
import type { Phantom } from './phantom';
import type { Access } from './roles';
import type { AppInfo, CaseFileInfo, SessionInfo } from './types';

export type { Phantom } from './phantom';

const returns = <T>(): Phantom<T> => ({});

/** One contract method. */
export interface MethodSpec {
  input: z.ZodType;
  result: Phantom<unknown>;
  access: Access;
  /** One line for the API docs and error messages. */
  summary: string;
  /**
   * Only an operator session (the `jium` command line on this computer) may call it, whatever the
   * role: e.g. reading a file named by a path, which no remote or renderer caller may ask for.
   */
  operatorOnly?: true;
}

const username = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[a-z0-9._-]+$/, 'lowercase letters, digits, dot, dash and underscore only');
/** Long passphrases are welcome; the floor follows NIST SP 800-63B (8 characters minimum). */
const password = z.string().min(10).max(256);

export const contract = {
  'app.info': {
    summary: 'Version, host kind and case file of this running Jium',
    access: 'public',
    input: z.object({}).strict(),
    result: returns<AppInfo>(),
  },
  'auth.setup': {
    summary: 'Create the first admin account of a new case file',
    access: 'public',
    input: z.object({ username, displayName: z.string().trim().min(1).max(80), password }).strict(),
    result: returns<SessionInfo>(),
  },
  'auth.signIn': {
    summary: 'Sign in with a local account',
    access: 'public',
    input: z
      .object({ username: z.string().trim().min(1).max(40), password: z.string().min(1).max(256) })
      .strict(),
    result: returns<SessionInfo>(),
  },
  'auth.signOut': {
    summary: 'End the current session',
    access: 'signed-in',
    input: z.object({}).strict(),
    result: returns<null>(),
  },
  'auth.session': {
    summary: 'The current session, or null when nobody is signed in',
    access: 'public',
    input: z.object({}).strict(),
    result: returns<SessionInfo | null>(),
  },
  ...accountsContract,
  ...auditContract,
  ...casesContract,
  ...crawlContract,
  ...exchangeContract,
  ...reportsContract,
  ...reviewContract,
  ...takedownsContract,
  ...noticesContract,
  ...videosContract,
  ...workersContract,
} as const satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodResult<M extends MethodName> =
  Contract[M]['result'] extends Phantom<infer T> ? T : never;

/** Every method name, in contract order. */
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** Type guard for names arriving from outside (IPC, HTTP). */
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events the engine pushes to every connected UI. */
export const events = {
  /** The signed-in user changed (sign-in, sign-out, lock). Payload: the new session or null. */
  'session.changed': returns<SessionInfo | null>(),
  /** The host switched to another case file; every client must reload its data. */
  'caseFile.changed': returns<CaseFileInfo>(),
  /** The Electron menu asked the UI to switch language. */
  'ui.language': returns<{ language: 'ko' | 'en' }>(),
  ...crawlEvents,
  ...reviewEvents,
  ...takedownsEvents,
  ...videosEvents,
} as const satisfies Record<string, Phantom<unknown>>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E] extends Phantom<infer T> ? T : never;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
