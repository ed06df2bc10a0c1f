/**
 * For tests that crawl the fixture site through the engine: the demo case (consenting to search
 * and takedowns) with the three reference images the site copies, and a crawl run to its end.
 */
import { expect } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import type { TestEngine } from '../cases/test-support';

/** The counsellor registers the demo case and its three references; returns the case. */
export async function demoCase(t: TestEngine) {
  const c = await t.ok('counsellor', 'cases.create', {
    identity: { name: 'Demo', contact: '', notes: '' },
    consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
  });
  for (const i of [0, 1, 2]) {
    await t.ok('counsellor', 'images.add', {
      caseId: c.id,
      fileName: `ref-${i}.png`,
      data: (await demoReference(i)).toString('base64'),
    });
  }
  return c;
}

/** The monitor starts a crawl of the site and waits until it has finished; returns the run. */
export async function crawlToEnd(t: TestEngine, siteId: number, timeout = 120_000) {
  const run = await t.ok('monitor', 'crawls.start', { siteId });
  await expect
    .poll(async () => (await t.ok('monitor', 'crawls.list', { siteId }))[0]!.state, {
      timeout,
      interval: 250,
    })
    .toBe('finished');
  return run.id;
}
