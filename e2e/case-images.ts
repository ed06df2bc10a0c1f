/**
 * Benign test images for the cases spec: noise-textured gradients and shapes made with sharp,
 * plus two corrupt files (a truncated JPEG and random bytes named .jpg).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { appCapture } from '../src/engine/fingerprint/test-app-capture';

async function photoLike(seed: number, width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let x = seed * 2654435761 + 7;
  for (let y = 0; y < height; y++)
    for (let c = 0; c < width; c++) {
      x = (x * 1103515245 + 12345) >>> 0;
      const i = (y * width + c) * 3;
      const noise = (x >>> 27) - 16;
      raw[i] = Math.max(0, Math.min(255, ((c * 255) / width + seed * 37 + noise) & 0xff));
      raw[i + 1] = Math.max(0, Math.min(255, (y * 255) / height + noise));
      raw[i + 2] = ((c + y + seed * 11) % 97) * 2;
    }
  const circle = Buffer.from(
    `<svg width="${width}" height="${height}"><circle cx="${(seed * 53) % width}" cy="${(seed * 31) % height}" r="${40 + (seed % 5) * 10}" fill="rgb(${(seed * 70) % 255},90,140)"/></svg>`,
  );
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .composite([{ input: circle }])
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** Writes `good` valid images and 2 corrupt ones into dir (with a sub-folder); returns the names. */
export async function writeCaseFolder(dir: string, good = 18): Promise<{ corrupt: string[] }> {
  mkdirSync(join(dir, 'more'), { recursive: true });
  for (let i = 0; i < good; i++) {
    const img = await photoLike(i + 1, 480 + (i % 3) * 40, 360);
    writeFileSync(
      join(dir, i < 12 ? '' : 'more', `photo-${String(i + 1).padStart(2, '0')}.jpg`),
      img,
    );
  }
  const whole = await photoLike(99, 480, 360);
  writeFileSync(join(dir, 'broken-download.jpg'), whole.subarray(0, Math.floor(whole.length / 3)));
  writeFileSync(
    join(dir, 'more', 'not-really.jpg'),
    Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) & 0xff)),
  );
  return { corrupt: ['broken-download.jpg', 'more/not-really.jpg'] };
}

/**
 * A dark, low-contrast photograph (a night shot, say): PDQ quality under 50, so the counsellor is
 * told at registration that copies may be hard to find.
 */
export async function writeDarkPhoto(path: string): Promise<void> {
  const img = await photoLike(42, 480, 360);
  writeFileSync(
    path,
    await sharp(img).gamma(2.2, 1).linear(0.05, 2).jpeg({ quality: 88 }).toBuffer(),
  );
}

/** Writes a screenshot of an app's post (a drawn phone page) showing a benign photo-like picture. */
export async function writePostCapture(path: string): Promise<void> {
  writeFileSync(path, await appCapture(await photoLike(77, 700, 520)));
}
