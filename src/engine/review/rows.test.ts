/**
 * Review rows that tell items apart (issue 17 item 6): each row carries the found page's address
 * and a small thumbnail made by the preview's own blurring rule (decision 0052: blurred greyscale,
 * never unblurred in a list); the queue says the centre's time zone to tell when things were found
 * in; a revealed page screenshot keeps the page's width so its text stays legible; an undo says
 * what the items went back to (the screen's words after Z).
 */
import sharp from 'sharp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { noiseJpeg, startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import {
  caseWithReference,
  seedCaseMatches,
  type SeedMatch,
  type SeedTarget,
} from './test-support';
import { THUMBNAIL_SIZE } from './thumbnails';

let t: TestEngine;
let target: SeedTarget;
const seed = (m: Omit<SeedMatch, 'caseId' | 'referenceImageId'>[]) => seedCaseMatches(t, target, m);

beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
  target = await caseWithReference(t);
});
afterEach(() => t.close());

/** Mean absolute difference of horizontally neighbouring pixels: high for detail, low for blur. */
async function detail(img: Buffer): Promise<{ energy: number; width: number; height: number }> {
  const { data, info } = await sharp(img).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (let y = 0; y < info.height; y++)
    for (let x = 1; x < info.width; x++)
      sum += Math.abs(data[y * info.width + x]! - data[y * info.width + x - 1]!);
  return { energy: sum / (info.height * (info.width - 1)), width: info.width, height: info.height };
}

const bytesOf = (dataUrl: string) => Buffer.from(dataUrl.split(',')[1]!, 'base64');

it('gives each row its page address and a small blurred greyscale thumbnail', async () => {
  const found = await noiseJpeg(40, 640, 480);
  seed([
    { pageUrl: 'https://a.example/gallery/3?p=2', image: found, distance: 4 },
    { pageUrl: 'https://b.example/kept/not', image: await noiseJpeg(41), seal: false },
  ]);
  const page = await t.ok('monitor', 'review.list', {});
  expect(page.items.map((i) => i.pageUrl)).toEqual([
    'https://a.example/gallery/3?p=2',
    'https://b.example/kept/not',
  ]);
  const [a, b] = page.items.map((i) => i.id);
  const thumbs = await t.ok('monitor', 'review.thumbnails', { itemIds: [b!, a!] });
  expect(thumbs.map((x) => x.itemId)).toEqual([b, a]);
  expect(thumbs[0]!.dataUrl).toBeNull(); // nothing kept, nothing shown
  const thumb = bytesOf(thumbs[1]!.dataUrl!);
  const meta = await sharp(thumb).metadata();
  expect(meta.format).toBe('jpeg');
  expect(Math.max(meta.width, meta.height)).toBe(THUMBNAIL_SIZE);
  // Greyscale: one channel, or three equal ones.
  const { data, info } = await sharp(thumb).raw().toBuffer({ resolveWithObject: true });
  if (info.channels >= 3)
    for (let i = 0; i < data.length; i += info.channels)
      expect(Math.abs(data[i]! - data[i + 1]!) + Math.abs(data[i]! - data[i + 2]!)).toBeLessThan(6);
  // Blurred as the preview is: far less detail than the found image shrunk to the same size.
  const shrunk = await sharp(found)
    .greyscale()
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside' })
    .jpeg({ quality: 60 })
    .toBuffer();
  const blurred = await detail(thumb);
  const sharpOne = await detail(shrunk);
  expect(blurred.energy).toBeLessThan(sharpOne.energy / 3);
  // The reviewer's stronger blur reaches the thumbnail too.
  await t.ok('monitor', 'review.saveSettings', { blur: 40, breakMinutes: 50 });
  const softer = await t.ok('monitor', 'review.thumbnails', { itemIds: [a!] });
  expect((await detail(bytesOf(softer[0]!.dataUrl!))).energy).toBeLessThan(blurred.energy);
  // Thumbnails are review pictures: the same roles as the queue.
  for (const role of ['staff', 'counsellor'])
    expect(await t.err(role, 'review.thumbnails', { itemIds: [a!] })).toBe('forbidden');
  expect(await t.err('monitor', 'review.thumbnails', { itemIds: [] })).toBe('validation');
  expect(await t.err('monitor', 'review.thumbnails', { itemIds: [999] })).toBe('not-found');
});

it('tells the centre’s time zone with the queue', async () => {
  seed([{ pageUrl: 'https://a.example/1', image: await noiseJpeg(50) }]);
  t.engine.db.prepare(`UPDATE notice_centre SET time_zone = 'Asia/Seoul' WHERE id = 1`).run();
  expect((await t.ok('monitor', 'review.list', {})).timeZone).toBe('Asia/Seoul');
  t.engine.db.prepare(`UPDATE notice_centre SET time_zone = 'Europe/Berlin' WHERE id = 1`).run();
  expect((await t.ok('monitor', 'review.list', {})).timeZone).toBe('Europe/Berlin');
});

it('reveals a page screenshot at the page’s own width, so its text stays legible', async () => {
  // A whole page as the crawler's browser takes it: 1,280 px wide, longer than the screen.
  const page = await noiseJpeg(80, 1280, 3000);
  seed([{ pageUrl: 'https://a.example/shot', image: await noiseJpeg(81), snapshotPng: page }]);
  const [a] = (await t.ok('monitor', 'review.list', {})).items.map((i) => i.id);
  const full = await t.ok('monitor', 'review.reveal', { itemId: a!, picture: 'snapshot' });
  const shown = await sharp(bytesOf(full!.dataUrl)).metadata();
  expect([shown.width, shown.height]).toEqual([1280, 3000]);
  // The blurred preview keeps the page's shape (not a thumbnail strip).
  const blurred = await t.ok('monitor', 'review.image', { itemId: a!, picture: 'snapshot' });
  const preview = await sharp(bytesOf(blurred!.dataUrl)).metadata();
  expect(preview.width).toBe(960);
  expect(preview.height).toBe(2250);
});

it('tells the requests a confirm opened from those it extended', async () => {
  const shared = await noiseJpeg(95);
  seed([
    { pageUrl: 'https://a.example/1', image: shared },
    { pageUrl: 'https://a.example/1', image: await noiseJpeg(96) },
    { pageUrl: 'https://a.example/2', image: await noiseJpeg(97) },
  ]);
  const ids = (await t.ok('monitor', 'review.list', {})).items.map((i) => i.id);
  const one = await t.ok('monitor', 'review.decide', { itemIds: [ids[0]!], decision: 'confirm' });
  expect(one.openedRequestIds).toEqual(one.takedownRequestIds);
  expect(one.openedRequestIds).toHaveLength(1);
  // The other two: one page already has an open request (extended), the other gets a new one.
  const two = await t.ok('monitor', 'review.decide', {
    itemIds: [ids[1]!, ids[2]!],
    decision: 'confirm',
  });
  expect(two.takedownRequestIds).toHaveLength(2);
  expect(two.openedRequestIds).toHaveLength(1);
  expect(two.takedownRequestIds).toContain(one.openedRequestIds[0]);
  expect(two.openedRequestIds).not.toContain(one.openedRequestIds[0]);
});

it('says what an undo put the items back to', async () => {
  seed([{ pageUrl: 'https://a.example/1', image: await noiseJpeg(90) }]);
  const [a] = (await t.ok('monitor', 'review.list', {})).items.map((i) => i.id);
  await t.ok('monitor', 'review.decide', { itemIds: [a!], decision: 'unsure' });
  await t.ok('monitor', 'review.decide', { itemIds: [a!], decision: 'confirm' });
  expect((await t.ok('monitor', 'review.undo', {}))?.restored).toEqual(['unsure']);
  expect((await t.ok('monitor', 'review.undo', {}))?.restored).toEqual(['pending']);
});
