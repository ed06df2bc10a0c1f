/**
 * Set-up through the host's HTTP API for specs whose subject comes after it (takedowns, notices,
 * reports): the accounts of a small centre, the demo case with its reference images, and a
 * finished crawl of the fixture site. The screens for these steps have their own specs.
 */
import type { APIRequestContext } from '@playwright/test';
import { demoReference } from './fixture-site/images';
import { api, expect } from './fixtures';

type Host = { origin: string; token: string };

/** Every account's password in these specs. */
export const PASSWORD = 'steady-pine-forest-3';

/** API client ids (one session each) of the centre's people. */
export const TEAM = {
  admin: 'e2e-setup-admin-0001',
  counsellor: 'e2e-setup-counsellor',
  monitor: 'e2e-setup-monitor-001',
  staff: 'e2e-setup-staff-00001',
} as const;

/**
 * The first admin, then a counsellor, a monitor and a staff member (usernames are their roles),
 * each signed in as its TEAM client.
 */
export async function seedTeam(
  request: APIRequestContext,
  host: Host,
  displayNames: Partial<Record<'counsellor' | 'monitor' | 'staff', string>> = {},
): Promise<typeof TEAM> {
  await api(request, host, TEAM.admin, 'auth.setup', {
    username: 'admin',
    displayName: 'Admin',
    password: PASSWORD,
  });
  for (const role of ['counsellor', 'monitor', 'staff'] as const) {
    await api(request, host, TEAM.admin, 'accounts.create', {
      username: role,
      displayName: displayNames[role] ?? `E2E ${role}`,
      role,
      password: PASSWORD,
    });
    await api(request, host, TEAM[role], 'auth.signIn', { username: role, password: PASSWORD });
  }
  return TEAM;
}

/** A case consenting to search and takedowns, with the three demo references the site copies. */
export async function seedDemoCase(
  request: APIRequestContext,
  host: Host,
  identity = { name: 'Fictional person', contact: '', notes: '' },
): Promise<{ id: number; code: string }> {
  const demoCase = await api<{ id: number; code: string }>(
    request,
    host,
    TEAM.counsellor,
    'cases.create',
    { identity, consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' } },
  );
  for (const i of [0, 1, 2]) {
    await api(request, host, TEAM.counsellor, 'images.add', {
      caseId: demoCase.id,
      fileName: `reference-${i}.png`,
      data: (await demoReference(i)).toString('base64'),
    });
  }
  return demoCase;
}

/** The monitor configures the fixture site (plain HTTP, fast) and crawls it to the end. */
export async function crawlFixtureSite(
  request: APIRequestContext,
  host: Host,
  origin: string,
  config: Record<string, unknown> = {},
): Promise<{ siteId: number; runId: number }> {
  const site = await api(request, host, TEAM.monitor, 'sites.create', {
    config: {
      name: 'Fixture',
      startUrls: [`${origin}/`],
      allowAddresses: ['127.0.0.1'],
      requestsPerSecond: 200,
      concurrencyPerHost: 6,
      renderMode: 'http',
      timeoutSeconds: 2,
      ...config,
    },
  });
  const run = await api(request, host, TEAM.monitor, 'crawls.start', { siteId: site.id });
  await expect
    .poll(
      async () =>
        (
          await api<{ id: number; state: string }[]>(request, host, TEAM.monitor, 'crawls.list', {})
        ).find((r) => r.id === run.id)?.state,
      { timeout: 180_000, intervals: [500] },
    )
    .toBe('finished');
  return { siteId: site.id, runId: run.id };
}
