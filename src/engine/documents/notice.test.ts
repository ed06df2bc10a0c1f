/**
 * Notices end to end below the contract: real case file with takedown requests opened from
 * confirmed matches, sealed evidence, the real Chromium PDF renderer, poppler's pdftotext and
 * pdftoppm. Pages are written to test-results/notices/ to be looked at.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { sealIdentity } from '../cases/sealing';
import { keyedEvidenceStore } from '../crawl/evidence';
import { KeyVault } from '../crypto/key-vault';
import { passphraseProvider } from '../crypto/master-key';
import { sha256Hex } from '../fingerprint';
import { openTakedownForMatch } from '../takedowns/open-request';
import { createTakedownTestFile, type TakedownTestFile } from '../takedowns/test-support';
import { labelsFor } from './default-templates';
import { attachEvidence, composeNotice, noticeDocumentHtml } from './notice';
import { ChromiumPdfRenderer } from './pdf';
import { pdfText } from './test-support';
import { saveCentre, saveTemplate } from './template-store';

const CHROMIUM = process.env['JIUM_CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = resolve('test-results/notices');
const VICTIM = '김지우 Kim Jiwoo';
const NOW = new Date('2026-11-30T09:00:00Z');

interface Fixture {
  t: TakedownTestFile;
  vault: KeyVault;
  requestIds: number[];
  pages: string[];
  shas: string[];
  pdqs: string[];
  blockhashes: string[];
}

async function fixture(): Promise<Fixture> {
  const t = createTakedownTestFile(NOW);
  const vault = new KeyVault(
    t.db,
    t.file.info.fileId,
    passphraseProvider('notice test'),
    () => NOW,
  );
  await vault.unlock();
  const { key, wrapped } = vault.newCaseKey(t.caseId);
  t.db.prepare('INSERT INTO case_keys (case_id, wrapped_key) VALUES (?, ?)').run(t.caseId, wrapped);
  t.db
    .prepare('UPDATE cases SET identity = ? WHERE id = ?')
    .run(
      sealIdentity(key, t.caseId, { name: VICTIM, contact: '010-1234-5678', notes: '' }),
      t.caseId,
    );
  const evidence = keyedEvidenceStore(new Map([[t.caseId, key]]));
  const pages = [
    'https://img.board.example/gallery/view.php?id=4821&page=2',
    'https://img.board.example/gallery/view.php?id=4822',
  ];
  const shas: string[] = [];
  const pdqs: string[] = [];
  const blockhashes: string[] = [];
  const requestIds = new Set<number>();
  for (const [i, page] of pages.entries()) {
    const image = await demoReference(i);
    const sha = sha256Hex(image);
    const imageUrl = `https://cdn.board.example/files/${i + 1}/photo.jpg`;
    const matchId = t.match(page, imageUrl, { sha });
    const binding = `${page}\n${sha}\n${t.referenceId}`;
    t.db
      .prepare('UPDATE crawl_matches SET evidence_image = ? WHERE id = ?')
      .run(evidence.seal(t.caseId, 'image', image, binding), matchId);
    if (i === 0) {
      // A browser-mode crawl also kept a full-page screenshot: tall, so only its top is shown.
      const shot = await sharp({
        create: { width: 1280, height: 3000, channels: 3, background: '#d8e0e8' },
      })
        .composite([{ input: image, top: 200, left: 100 }])
        .png()
        .toBuffer();
      t.db
        .prepare("UPDATE crawl_matches SET snapshot = ?, snapshot_kind = 'png' WHERE id = ?")
        .run(evidence.seal(t.caseId, 'snapshot', shot, binding), matchId);
    }
    const pdq = randomBytes(32);
    const block = randomBytes(32);
    t.db
      .prepare(
        `INSERT INTO crawl_image_hashes (sha256, pdq, blockhash, low_quality, matched, first_seen_at)
         VALUES (?, ?, ?, 0, 1, ?)`,
      )
      .run(sha, pdq, block, NOW.toISOString());
    shas.push(sha);
    pdqs.push(pdq.toString('hex'));
    blockhashes.push(block.toString('hex'));
    for (const id of openTakedownForMatch(t.db, matchId, t.userId, NOW).requestIds)
      requestIds.add(id);
  }
  saveCentre(
    t.db,
    {
      name: '디지털성범죄피해자지원센터 (Test Centre)',
      address: '서울특별시 중구 세종대로 110',
      email: 'takedown@centre.example',
      phone: '+82 2-000-0000',
      website: 'https://centre.example',
      signatory: '삭제지원팀 Takedown team',
    },
    NOW,
  );
  return { t, vault, requestIds: [...requestIds], pages, shas, pdqs, blockhashes };
}

/** Renders each page of a PDF to PNG under test-results/notices/ and returns the file names. */
function toPngs(pdf: Buffer, name: string): string[] {
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (f.startsWith(`${name}-`)) rmSync(join(OUT, f));
  const file = join(OUT, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '60', file, join(OUT, name)]);
  return readdirSync(OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe.skipIf(!existsSync(CHROMIUM))('takedown notices as PDF', () => {
  const renderer = new ChromiumPdfRenderer();
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture();
  });
  afterAll(async () => {
    await renderer.close();
    f?.t.cleanup();
  });

  const expectations: [string, 'ncii' | 'copyright', string[]][] = [
    ['ko', 'ncii', ['불법촬영물등 삭제 요청서', '삭제 대상', '최초 발견', '증거 화면']],
    ['en', 'ncii', ['Request for removal of non-consensual intimate imagery', 'First seen']],
    ['ja', 'ncii', ['私的な性的画像の削除依頼書', '削除対象', '初回確認']],
    ['zh', 'ncii', ['关于删除未经同意的私密影像的通知', '需删除的内容', '首次发现']],
    ['en', 'copyright', ['Notice of copyright infringement', 'Infringing material']],
    ['ko', 'copyright', ['저작권 침해 게시물 복제·전송 중단 요청서']],
  ];

  it.each(expectations)(
    '%s %s notice lists URLs, first-seen times and hashes, never the victim',
    async (language, route, phrases) => {
      const notice = composeNotice(
        f.t.db,
        { requestIds: f.requestIds, language, route, includeEvidence: true },
        NOW,
      );
      await attachEvidence({ db: f.t.db, vault: f.vault }, notice);
      // The first page has its matched image and the top of its screenshot; the second its image.
      expect(notice.document.items.map((i) => i.evidence.length)).toEqual([2, 1]);
      const tiles = notice.document.items.flatMap((i) => i.evidence);
      expect(tiles.map((e) => e.kind)).toEqual(['image', 'snapshot', 'image']);
      const shot = Buffer.from(tiles[1]!.src.split(',')[1]!, 'base64');
      expect(await sharp(shot).metadata()).toMatchObject({ format: 'jpeg', width: 360 });
      // Never blank (issue 17 item 11): blurred, yet each tile still has visible tones.
      for (const tile of tiles) {
        const stats = await sharp(Buffer.from(tile.src.split(',')[1]!, 'base64')).stats();
        expect(stats.channels[0]!.stdev, tile.kind).toBeGreaterThan(12);
      }
      const pdf = await renderer.htmlToPdf(noticeDocumentHtml(notice), {
        footerText: notice.reference,
      });
      const text = pdfText(pdf);
      for (const p of phrases) expect(squash(text)).toContain(squash(p));
      const flat = squash(text);
      for (const page of f.pages) expect(flat).toContain(squash(page));
      for (const h of [...f.shas, ...f.pdqs, ...f.blockhashes]) expect(flat).toContain(h);
      expect(flat).toContain('2026-11-3009:00UTC'); // first seen
      expect(flat).toContain(notice.reference);
      // Each tile says what it is.
      const labels = labelsFor(language);
      expect(flat).toContain(squash(labels.matchedPicture));
      expect(flat).toContain(squash(labels.pageScreenshot));
      expect(flat).toContain('takedown@centre.example');
      // Never the victim's identity, and not even the pseudonymous case code.
      expect(text).not.toContain('김지우');
      expect(text).not.toContain('Kim Jiwoo');
      expect(text).not.toContain('010-1234-5678');
      expect(text).not.toContain('C-2026-0001');
      const pngs = toPngs(pdf, `notice-${language}-${route}`);
      expect(pngs.length).toBeGreaterThanOrEqual(1);
    },
    120_000,
  );

  it('uses an edited template and escapes what it puts in', async () => {
    saveTemplate(
      f.t.db,
      {
        language: 'en',
        route: 'ncii',
        subject: 'Edited',
        body: '# Edited <b>notice</b>\n\nFrom {{centre.name}}\n\n{{items}}',
      },
      f.t.userId,
      NOW,
    );
    const notice = composeNotice(
      f.t.db,
      { requestIds: f.requestIds, language: 'en', route: 'ncii', includeEvidence: false },
      NOW,
    );
    const html = noticeDocumentHtml(notice);
    expect(html).toContain('<h1>Edited &lt;b&gt;notice&lt;/b&gt;</h1>');
    expect(html).not.toContain('<img');
    const text = pdfText(await renderer.htmlToPdf(html));
    expect(text).toContain('Edited <b>notice</b>');
  }, 120_000);
});

describe('composing a notice refuses bad selections', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture();
  });
  afterAll(() => f?.t.cleanup());

  it('requests on two hosts', () => {
    const other = f.t.match('https://other.example/p', 'https://other.example/i.jpg');
    const { requestIds } = openTakedownForMatch(f.t.db, other, f.t.userId, NOW);
    expect(() =>
      composeNotice(
        f.t.db,
        { requestIds: [...f.requestIds, ...requestIds], includeEvidence: false },
        NOW,
      ),
    ).toThrow(/one host; these requests are on img.board.example, other.example/);
  });

  it('a request that does not exist, and a language without a template', () => {
    expect(() =>
      composeNotice(f.t.db, { requestIds: [9999], includeEvidence: false }, NOW),
    ).toThrow(/no takedown request 9999/);
    expect(() =>
      composeNotice(
        f.t.db,
        { requestIds: f.requestIds, language: 'th', route: 'ncii', includeEvidence: false },
        NOW,
      ),
    ).toThrow(/no ncii notice template in "th"/);
  });
});
