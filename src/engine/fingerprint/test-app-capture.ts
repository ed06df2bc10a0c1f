/**
 * A drawn capture of one app's page for the domain's tests (page on page, decision 0019): a dark
 * phone page with a bar of icons, posts' avatars and lines of "text" (blocks of seeded widths, the
 * same in every capture of the app), and the photo of one post at `place` (default {@link PHOTO}).
 */
import sharp from 'sharp';

/** Where the photo sits in the 780 x 1688 capture. */
export const PHOTO = { left: 40, top: 560, w: 700, h: 520 };

/** The capture, JPEG. */
export async function appCapture(photo: Buffer, place = PHOTO): Promise<Buffer> {
  let seed = 7;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const shapes: string[] = [];
  const line = (x: number, y: number, width: number, h: number) => {
    for (let at = x; at < x + width;) {
      const word = 14 + Math.floor(rand() * 46);
      const w = Math.min(word, x + width - at);
      shapes.push(`<rect x="${at}" y="${y}" width="${w}" height="${h}" fill="#d1d5db"/>`);
      at += w + 8 + Math.floor(rand() * 6);
    }
  };
  for (let i = 0; i < 7; i++) {
    shapes.push(`<rect x="${30 + i * 105}" y="36" width="44" height="44" rx="8" fill="#e5e7eb"/>`);
    shapes.push(`<circle cx="${52 + i * 105}" cy="58" r="${8 + i}" fill="#111827"/>`);
  }
  const post = (y: number) => {
    shapes.push(`<circle cx="80" cy="${y + 40}" r="38" fill="#f59e0b"/>`);
    shapes.push(`<rect x="62" y="${y + 22}" width="36" height="36" fill="#7c2d12"/>`);
    line(140, y + 14, 420, 22);
    line(140, y + 50, 300, 16);
    for (let k = 0; k < 3; k++) line(40, y + 110 + k * 34, 700, 18);
  };
  post(130);
  post(1120);
  post(1400);
  const chrome = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="780" height="1688">
      <rect width="780" height="1688" fill="#111827"/>
      <rect width="780" height="110" fill="#1f2937"/>
      ${shapes.join('\n')}
    </svg>`,
  );
  const picture = await sharp(photo).resize(place.w, place.h, { fit: 'fill' }).toBuffer();
  return sharp(chrome)
    .composite([{ input: picture, left: place.left, top: place.top }])
    .jpeg({ quality: 80 })
    .toBuffer();
}
