import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { demoReferenceVideo, PLANTED_VIDEOS } from '../../../e2e/fixture-site/videos';
import { hasFfmpeg } from '../../test-support/videos';
import {
  createTestCaseFile,
  localSite,
  type TestCaseFile,
  localRun,
} from '../crawl/test-case-file';
import { bytesToHex } from '../fingerprint';
import { knownVideo } from '../crawl/video-hashes';
import { insertReferenceVideo } from '../crawl/video-test-routes';
import { recordMatch } from '../matches';
import { fingerprintVideo, REFERENCE_SAMPLE_EVERY_S } from '../video';
import { exportHashList } from './export-list';
import { ListReader } from './format';
import { importHashList, textChunks } from './import-list';
import { formatVpdq, parseVpdq } from './vpdq';

const H1 = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
const H2 = '58d871ceecf4e84d82368232078f27f0b76e26f592621e9d33e6338d4e9c9b22';

describe('vPDQ in the ThreatExchange text form', () => {
  it('reads what python-threatexchange writes and writes what it reads', () => {
    // vpdq_to_json: json.dumps of "hash,quality,seconds" strings, seconds as f"{t:.3}".
    const python = `["${H1},100,0.0", "${H2},87,1.23e+02"]`;
    const fp = parseVpdq(python)!;
    expect(fp.frames.map((f) => [bytesToHex(f.pdq), f.quality, f.timestampS])).toEqual([
      [H1, 100, 0],
      [H2, 87, 123],
    ]);
    const text = formatVpdq(fp);
    expect(text).toBe(`["${H1},100,0.000","${H2},87,123.000"]`);
    expect(formatVpdq(parseVpdq(text)!)).toBe(text); // round trip
    for (const bad of ['[]', '["x,1,0"]', `["${H1},101,0"]`, `["${H1},50"]`, '{', `"${H1}"`]) {
      expect(parseVpdq(bad), bad).toBeNull();
    }
  });

  it('imports vpdq signal lines beside pdq ones, merges repeats and refuses bad ones by line', () => {
    const errors: unknown[] = [];
    const reader = new ListReader((e) => errors.push(e));
    const rows = [
      `pdq ${H1}`,
      `vpdq ["${H1},100,0.0", "${H2},100,1.0"]`,
      `vpdq ["${H1},100,0.0","${H2},100,1.0"]`,
      'vpdq ["nope"]',
    ].map((l, i) => reader.read(l, i + 1));
    expect(rows[0]).toMatchObject({ pdq: H1 });
    expect(rows[1]!.vpdq).toBe(`["${H1},100,0.000","${H2},100,1.000"]`);
    expect(rows[2]!.vpdq).toBe(rows[1]!.vpdq);
    expect(rows[3]).toBeNull();
    expect(errors).toEqual([expect.objectContaining({ line: 4, code: 'bad-vpdq' })]);
  });
});

describe.skipIf(!hasFfmpeg())('an imported vPDQ list finds crawled videos', () => {
  let site: FixtureSite;
  let cf: TestCaseFile;
  beforeAll(async () => {
    site = await startFixtureSite({ videos: true });
    cf = await createTestCaseFile([]);
  }, 300_000);
  afterAll(async () => {
    await site?.close();
    cf?.cleanup();
  });

  it('matches the planted copies of the listed video, through the list, with their seconds', async () => {
    const db = cf.file.db;
    const fp = await fingerprintVideo(await demoReferenceVideo(), {
      sampleEveryS: REFERENCE_SAMPLE_EVERY_S,
    });
    const summary = importHashList(db, {
      name: 'Partner videos',
      source: 'test',
      chunks: textChunks(`# a hotline's video list\nvpdq ${formatVpdq(fp)}\n`),
      userId: null,
      now: new Date(),
    });
    expect(summary).toMatchObject({ format: 'signal-lines', entries: 1, rejected: 0 });

    const config = localSite(site.origin, { startUrls: [`${site.origin}/videos`], maxDepth: 1 });
    const { runner, runId, siteId } = localRun(db, config);
    expect(await runner.run()).toBe('finished');
    const rows = db
      .prepare(
        `SELECT source, media_kind, list_id, image_url, segments, algo FROM crawl_matches
         WHERE run_id = ?`,
      )
      .all(runId) as {
      source: string;
      media_kind: string;
      list_id: number;
      image_url: string;
      segments: string;
      algo: string;
    }[];
    const found = new Map(rows.map((r) => [new URL(r.image_url).pathname, r]));
    for (const p of PLANTED_VIDEOS.filter((v) => v.kind !== 'screen-recording')) {
      const row = found.get(p.url);
      expect(row, `${p.kind} via ${p.how}`).toMatchObject({
        source: 'hash-list',
        media_kind: 'video',
        list_id: summary.listId,
        algo: 'vpdq',
      });
      const seg = (JSON.parse(row!.segments) as { refStartS: number }[])[0]!;
      expect(seg.refStartS).toBeGreaterThanOrEqual(p.refStartS - 1.5);
    }
    expect([...found.keys()].every((u) => PLANTED_VIDEOS.some((p) => p.url === u))).toBe(true);
    // They wait in the one review queue as list items.
    const queued = db
      .prepare("SELECT count(*) AS n FROM review_items WHERE source = 'list' AND list_id = ?")
      .get(summary.listId) as { n: number };
    expect(queued.n).toBeGreaterThan(0);

    // Export: a confirmed video of a consenting case leaves as its vPDQ signal, beside PDQ lines,
    // and comes back as the same entry.
    const video = rows.find((r) => r.media_kind === 'video')!;
    const sha = (
      db
        .prepare('SELECT image_sha256 FROM crawl_matches WHERE image_url = ?')
        .get(video.image_url) as {
        image_sha256: string;
      }
    ).image_sha256;
    const refId = insertReferenceVideo(db, cf.caseId, fp, 'ab'.repeat(32));
    const id = recordMatch(db, {
      found: {
        kind: 'video',
        runId,
        siteId,
        pageUrl: `${site.origin}/confirmed`,
        url: video.image_url,
        sha256: sha,
        foundAt: new Date().toISOString(),
        httpStatus: 200,
        httpHeaders: {},
        redirectChain: [],
        serverIp: '127.0.0.1',
      },
      target: { source: 'case-video', caseId: cf.caseId, referenceVideoId: refId },
      evidence: { algo: 'vpdq', distance: 0, transform: 'identity', segments: [] },
    })!;
    db.prepare("UPDATE crawl_matches SET review_state = 'confirmed' WHERE id = ?").run(id);
    db.prepare('UPDATE cases SET consent_takedown = 1 WHERE id = ?').run(cf.caseId);
    const out = exportHashList(db, 'signals', new Date('2026-12-07T00:00:00Z'));
    expect(out.fileName).toBe('jium-signals-2026-12-07.txt');
    const signal = formatVpdq(knownVideo(db, sha)!.fingerprint);
    expect(out.text.split('\n')).toContain(`vpdq ${signal}`);
    expect(out.text).not.toMatch(/http|127\.0\.0\.1|C-20/);
    const back = importHashList(db, {
      name: 'Round trip',
      source: 'test',
      chunks: textChunks(out.text),
      userId: null,
      now: new Date(),
    });
    expect(back).toMatchObject({ format: 'signal-lines', rejected: 0, entries: out.count });
    const stored = db
      .prepare('SELECT vpdq FROM hash_list_entries WHERE list_id = ? AND vpdq IS NOT NULL')
      .all(back.listId) as { vpdq: string }[];
    expect(stored.map((r) => r.vpdq)).toEqual([signal]);
  }, 300_000);
});
