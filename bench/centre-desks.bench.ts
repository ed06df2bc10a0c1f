/**
 * Review decisions from 10 concurrent desks against one desk (issue 16 target), on the real centre
 * server: the built `jium serve --listen 127.0.0.1:0` (TLS with its self-signed certificate, pinned
 * by its key digest as desks pin it), each desk its own keep-alive TLS connection, desk cookie,
 * CSRF token and signed-in monitor account, and its own open event stream. A decision is what the
 * Review page waits for before it shows the next item: `review.decide`, then the list window it
 * reloads. Like the page, each desk also refreshes its window when another desk's decision arrives
 * on its event stream (`review.changed`; one refresh at a time, none while deciding) and its counts
 * 400 ms after the last one — so ten desks cost the server more than ten times one desk's calls.
 * Decisions alternate confirm (which opens a takedown request) and reject; every desk decides its
 * own items. Median and p95 latency per phase, and ratios against the one desk of the same run.
 *
 * `npm run bench -- centre-desks` (builds first); `--decisions=N` per desk (default 40).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoReference } from '../e2e/fixture-site/images';
import type { KeyVault } from '../src/engine/crypto/key-vault';
import { seedMatches, type SeedMatch } from '../src/engine/review/test-support';
import { startServe } from '../src/test-support/centre-processes';
import { centreCertificate, DeskClient, newCentreCaseFile } from './centre-desk';
import { ms, stats } from './latency';

const DESKS = 10;
const PER_DESK = Number(/--decisions=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 40);
const WARM_UP = 10;
const PASSPHRASE = 'bench centre desks passphrase';
const PASSWORD = 'bench-password-123';
const ROOT = process.cwd();
const FILTER = { state: 'pending' };
const WINDOW = { filter: FILTER, offset: 0, limit: 50 };

/** One desk (decision 0110's client) with the event stream the review page keeps open. */
class Desk extends DeskClient {
  deciding = false;
  refreshes = 0;
  private refreshing = false;
  private countsTimer: ReturnType<typeof setTimeout> | null = null;
  private stream: { destroy(): void } | null = null;

  /** The event stream the page keeps open; another desk's decision refreshes this one's queue. */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = request(this.options('/api/events', 'GET'), (res) => {
        res.setEncoding('utf8');
        res.on('error', () => undefined); // the stream ends with the run
        res.once('data', () => resolve());
        let buffer = '';
        res.on('data', (d: string) => {
          buffer += d;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith('event: review.changed')) this.onReviewChanged();
          }
        });
      });
      req.on('error', (e) => (this.stream ? undefined : reject(e)));
      req.end();
      this.stream = req;
    });
  }

  private onReviewChanged() {
    if (this.countsTimer) clearTimeout(this.countsTimer);
    this.countsTimer = setTimeout(
      () => void this.call('review.counts', { filter: FILTER }).catch(() => undefined),
      400,
    );
    if (this.deciding || this.refreshing) return;
    this.refreshing = true;
    this.refreshes++;
    void this.call('review.list', WINDOW)
      .catch(() => undefined)
      .finally(() => (this.refreshing = false));
  }

  override close() {
    if (this.countsTimer) clearTimeout(this.countsTimer);
    this.stream?.destroy();
    super.close();
  }
}

/** One decision as the page makes it: decide, then reload the window before the next item. */
async function decideOne(desk: Desk, itemId: number, n: number): Promise<number> {
  desk.deciding = true;
  const t0 = process.hrtime.bigint();
  await desk.call('review.decide', {
    itemIds: [itemId],
    decision: n % 2 === 0 ? 'confirm' : 'reject',
  });
  await desk.call('review.list', WINDOW);
  const took = ms(t0);
  desk.deciding = false;
  return took;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'jium-bench-desks-'));
  const caseFile = join(dir, 'centre.jium');
  const items = WARM_UP + PER_DESK + DESKS * PER_DESK;

  // 1. The case file: an admin, ten monitors, a counsellor's case with a reference, and matches
  //    recorded the way the crawler records them (the review triggers fill the queue).
  const { engine, ok, caseId, referenceImageId } = await newCentreCaseFile(caseFile, {
    passphrase: PASSPHRASE,
    password: PASSWORD,
    reference: await demoReference(0),
  });
  for (let i = 0; i < DESKS; i++)
    await ok('admin', 'accounts.create', {
      username: `monitor${i + 1}`,
      displayName: `monitor${i + 1}`,
      role: 'monitor',
      password: PASSWORD,
    });
  const rows: SeedMatch[] = Array.from({ length: items + 200 }, (_, i) => ({
    caseId,
    referenceImageId,
    pageUrl: `https://host-${i % 40}.example/gallery/${i}`,
    image: Buffer.from(`bench image ${i}`),
    distance: 6 + (i % 40),
    algo: 'pdq',
  }));
  const vault = (engine as unknown as { vault: KeyVault }).vault;
  seedMatches(engine.db, vault, rows);
  engine.db.exec('ANALYZE');
  engine.close();

  // 2. The centre server, and the desks signed in as their monitors.
  const centre = await startServe(join(ROOT, 'out/host/cli.js'), {
    caseFile,
    env: { JIUM_DATA_DIR: dir, JIUM_PASSPHRASE: PASSPHRASE },
  });
  const certificate = centreCertificate(caseFile);
  const desks: Desk[] = [];
  for (let i = 0; i < DESKS; i++) {
    const desk = new Desk(centre.origin, centre.pin, certificate);
    await desk.open();
    await desk.call('auth.signIn', { username: `monitor${i + 1}`, password: PASSWORD });
    await desk.listen();
    desks.push(desk);
  }
  const queue = await desks[0]!.call<{ items: { id: number }[] }>('review.list', {
    ...WINDOW,
    limit: items,
  });
  const ids = queue.items.map((i) => i.id);
  let next = 0;
  const take = () => ids[next++]!;

  // 3. One desk (the others open but idle, as at a quiet hour), after a warm-up.
  for (let n = 0; n < WARM_UP; n++) await decideOne(desks[0]!, take(), n);
  const loadBefore = loadavg()[0]!;
  const one: number[] = [];
  const t1 = process.hrtime.bigint();
  for (let n = 0; n < PER_DESK; n++) one.push(await decideOne(desks[0]!, take(), n));
  const oneSeconds = ms(t1) / 1000;

  // 4. Ten desks at once, each deciding its own items one after another.
  const loadMid = loadavg()[0]!;
  const refreshesBefore = desks.reduce((s, d) => s + d.refreshes, 0);
  const mine = desks.map(() => Array.from({ length: PER_DESK }, take));
  const ten: number[] = [];
  const t10 = process.hrtime.bigint();
  await Promise.all(
    desks.map(async (desk, d) => {
      for (let n = 0; n < PER_DESK; n++) ten.push(await decideOne(desk, mine[d]![n]!, n));
    }),
  );
  const tenSeconds = ms(t10) / 1000;
  const refreshes = desks.reduce((s, d) => s + d.refreshes, 0) - refreshesBefore;
  const loadAfter = loadavg()[0]!;

  const a = stats(one);
  const b = stats(ten);
  const f = (x: number) => x.toFixed(1);
  console.log(
    `\n${DESKS} desks vs 1 on the TLS centre server (${cpus().length} cores, Node ${process.version}; ` +
      `1-minute load average ${loadBefore.toFixed(1)} before, ${loadMid.toFixed(1)} between, ${loadAfter.toFixed(1)} after — the machine is shared)\n`,
  );
  console.log(
    '| desks | decisions | median ms | p95 ms | decisions/s | median × 1 desk | p95 × 1 desk |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(
    `| 1 | ${a.n} | ${f(a.median)} | ${f(a.p95)} | ${(a.n / oneSeconds).toFixed(1)} | 1.00 | 1.00 |`,
  );
  console.log(
    `| ${DESKS} | ${b.n} | ${f(b.median)} | ${f(b.p95)} | ${(b.n / tenSeconds).toFixed(1)} | ` +
      `${(b.median / a.median).toFixed(2)} | ${(b.p95 / a.p95).toFixed(2)} |`,
  );
  console.log(
    `\nDuring the ${DESKS}-desk phase the desks also refreshed their windows ${refreshes} times on ` +
      `other desks' decisions (plus their counts, 400 ms after the last).`,
  );
  await new Promise((r) => setTimeout(r, 1000)); // the last refreshes and counts answer
  for (const d of desks) d.close();
  centre.run.child.kill('SIGTERM');
  await centre.run.exit;
  rmSync(dir, { recursive: true, force: true });
}

await main();
