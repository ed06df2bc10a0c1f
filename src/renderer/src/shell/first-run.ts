/**
 * The admin's first-run checklist: what a centre needs before its first week can start — the
 * team's accounts, the centre's details (printed on every notice), a first site to watch and a
 * first case. Each step is read from the case file, so it ticks itself when done elsewhere, and
 * the checklist disappears once every step is done.
 */
export const FIRST_RUN_STEPS = ['accounts', 'centre', 'site', 'case'] as const;
export type FirstRunStep = (typeof FIRST_RUN_STEPS)[number];

/** What the steps are read from. */
export interface FirstRunFacts {
  /** Accounts in the case file, the admin included. */
  accounts: number;
  /** The centre's name as printed on notices ('' until set). */
  centreName: string;
  /** Sites configured for crawling (archived ones included). */
  sites: number;
  /** Cases registered. */
  cases: number;
}

/** Each step and whether it is done. */
export function firstRunSteps(f: FirstRunFacts): { step: FirstRunStep; done: boolean }[] {
  const done: Record<FirstRunStep, boolean> = {
    accounts: f.accounts > 1,
    centre: f.centreName.trim() !== '',
    site: f.sites > 0,
    case: f.cases > 0,
  };
  return FIRST_RUN_STEPS.map((step) => ({ step, done: done[step] }));
}

/** True when the checklist has nothing left (it is then no longer shown). */
export function firstRunDone(f: FirstRunFacts): boolean {
  return firstRunSteps(f).every((s) => s.done);
}

/** Where each step is done. */
export const STEP_HASH: Record<FirstRunStep, string> = {
  accounts: '#/settings/accounts',
  centre: '#/settings/centre',
  site: '#/crawls',
  case: '#/cases',
};
