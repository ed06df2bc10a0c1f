/**
 * Where the held-out corpus's photographs come from: Debian packages that none of
 * bench/fingerprint-corpus.ts's sources share (that corpus uses wallpaper packages installed into
 * /usr/share and scikit-image). The packages are fetched with `apt-get download` and unpacked with
 * `dpkg-deb -x` into bench/.data/heldout/pkgs/, never installed, so they cannot leak into the
 * other corpus's /usr/share scan. The split is by package: one set of packages is the tuning half,
 * the other the held-out half, fixed here so that nobody tunes on the held-out photographs by
 * accident. Licences are as the packages' copyright files give them (docs/decisions/0014).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Which half a package's images belong to. */
export type Half = 'tuning' | 'heldout';

/** A source package and what it gives. */
export interface SourcePackage {
  pkg: string;
  half: Half;
  licence: string;
}

export const HELDOUT_PACKAGES: SourcePackage[] = [
  {
    pkg: 'opencv-doc',
    half: 'heldout',
    licence: 'Apache-2.0 AND BSD-3-Clause (Debian copyright, Files: *; Lena removed by Debian)',
  },
  { pkg: 'stellarium-data', half: 'heldout', licence: 'GPL-2+, images CC-BY(-SA) / NASA' },
  { pkg: 'xplanet-images', half: 'heldout', licence: 'GPL-2+ / NASA (not copyrighted)' },
  { pkg: 'lomiri-wallpapers-16.04', half: 'tuning', licence: 'CC-BY-4.0 / CC-BY-SA-3.0/4.0' },
  { pkg: 'lomiri-wallpapers-20.04', half: 'tuning', licence: 'CC-BY-4.0 / CC-BY-SA-4.0' },
  { pkg: 'palapeli-data', half: 'tuning', licence: 'GPL-2+ (Debian copyright, Files: *)' },
  { pkg: 'imagemagick-6-doc', half: 'tuning', licence: 'ImageMagick licence' },
  { pkg: 'tuxpaint-stamps-default', half: 'tuning', licence: 'GPL-2' },
];

/** A source image and what it may be used as. */
export interface SourceImage {
  file: string;
  pkg: string;
  half: Half;
  /** photo: may be a reference; dark: a real dark photograph kept as a reference as it is. */
  use: 'photo' | 'dark' | 'distractor';
}

/**
 * OpenCV's sample photographs. Each stereo or before/after partner (aloeR, leuvenB, basketball2,
 * rubberwhale2, graf3, ela_modified) and the chessboard calibration series are left out: they are
 * near-copies of one another, neither a fair reference nor an unrelated image.
 */
const OPENCV_PHOTOS = [
  'aero1.jpg',
  'aero3.jpg',
  'aloeL.jpg',
  'apple.jpg',
  'baboon.jpg',
  'basketball1.png',
  'board.jpg',
  'box_in_scene.png',
  'building.jpg',
  'butterfly.jpg',
  'chicky_512.png',
  'ela_original.jpg',
  'fruits.jpg',
  'graf1.png',
  'home.jpg',
  'leuvenA.jpg',
  'licenseplate_motion.jpg',
  'messi5.jpg',
  'orange.jpg',
  'rubberwhale1.png',
  'smarties.png',
  'squirrel_cls.jpg',
  'starry_night.jpg',
  'stuff.jpg',
  'text_defocus.jpg',
];

/**
 * Fetches and unpacks the packages (once); returns the unpack root. `packages` defaults to this
 * corpus's; the video held-out corpus (bench/video-heldout-corpus.ts) passes its own.
 */
export function fetchPackages(
  cacheDir: string,
  packages: readonly string[] = HELDOUT_PACKAGES.map((p) => p.pkg),
): string {
  const debs = path.join(cacheDir, 'debs');
  const root = path.join(cacheDir, 'pkgs');
  mkdirSync(debs, { recursive: true });
  for (const pkg of packages) {
    const dest = path.join(root, pkg);
    if (existsSync(path.join(dest, '.done'))) continue;
    let deb = readdirSync(debs).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
    if (!deb) {
      execFileSync('apt-get', ['download', pkg], { cwd: debs, stdio: 'inherit' });
      deb = readdirSync(debs).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
      if (!deb) throw new Error(`apt-get download ${pkg} gave no .deb`);
    }
    mkdirSync(dest, { recursive: true });
    execFileSync('dpkg-deb', ['-x', path.join(debs, deb), dest]);
    execFileSync('touch', [path.join(dest, '.done')]);
  }
  return root;
}

function list(dir: string, pattern: RegExp, minBytes = 0): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...list(p, pattern, minBytes));
    else if (pattern.test(name) && st.size >= minBytes) out.push(p);
  }
  return out;
}

/** Every source image, with its half and use; deterministic (sorted names, fixed picks). */
export function sourceImages(root: string): SourceImage[] {
  const out: SourceImage[] = [];
  const add = (pkg: string, use: SourceImage['use'], files: string[]) => {
    const half = HELDOUT_PACKAGES.find((p) => p.pkg === pkg)!.half;
    for (const file of files) out.push({ file, pkg, half, use });
  };
  const cv = path.join(root, 'opencv-doc/usr/share/doc/opencv-doc/examples/data');
  add(
    'opencv-doc',
    'photo',
    OPENCV_PHOTOS.map((f) => path.join(cv, f)),
  );
  const st = path.join(root, 'stellarium-data/usr/share/stellarium');
  // Landscape panoramas are photographs cut in tiles: one tile of each is a reference, the
  // others are unrelated distractors (different parts of the horizon).
  for (const [scene, refTile] of [
    ['guereins', 'guereins2.png'],
    ['garching', 'garching-gl2.png'],
    ['ocean', 'ocean3.png'],
    ['hurricane', 'hurricane3.png'],
  ] as const) {
    const tiles = list(path.join(st, 'landscapes', scene), /\.png$/, 40_000);
    add(
      'stellarium-data',
      'photo',
      tiles.filter((t) => path.basename(t) === refTile),
    );
    add(
      'stellarium-data',
      'distractor',
      tiles.filter((t) => path.basename(t) !== refTile),
    );
  }
  // Deep-sky photographs: a few real night-sky pictures as dark references, the rest distractors.
  const nebulae = list(path.join(st, 'nebulae/default'), /\.png$/, 30_000);
  const darkNebulae = ['m42.png', 'm31.png', 'm8.png', 'm16.png', 'm20.png', 'm45.png'];
  add(
    'stellarium-data',
    'dark',
    nebulae.filter((f) => darkNebulae.includes(path.basename(f))),
  );
  add(
    'stellarium-data',
    'distractor',
    nebulae.filter((f, i) => !darkNebulae.includes(path.basename(f)) && i % 2 === 0),
  );
  add('stellarium-data', 'distractor', list(path.join(st, 'textures'), /\.(png|jpg)$/, 40_000));
  add('xplanet-images', 'dark', [
    path.join(root, 'xplanet-images/usr/share/xplanet/images/night.jpg'),
  ]);
  add('xplanet-images', 'distractor', [
    path.join(root, 'xplanet-images/usr/share/xplanet/images/earth.jpg'),
  ]);

  const bg = (pkg: string) => path.join(root, pkg, 'usr/share/backgrounds');
  add('lomiri-wallpapers-16.04', 'photo', list(bg('lomiri-wallpapers-16.04'), /\.jpg$/));
  add('lomiri-wallpapers-20.04', 'photo', list(bg('lomiri-wallpapers-20.04'), /\.jpg$/));
  const pal = path.join(root, 'palapeli-data/usr/share/palapeli');
  add('palapeli-data', 'photo', list(path.join(pal, 'collection'), /\.jpg$/));
  add('palapeli-data', 'distractor', list(path.join(pal, 'backgrounds'), /\.jpg$/));
  const im = path.join(root, 'imagemagick-6-doc/usr/share/doc/imagemagick-6-common/html/images');
  add('imagemagick-6-doc', 'photo', list(im, /^bluebells_lin\.jpg$/));
  add('imagemagick-6-doc', 'distractor', list(im, /^(?!bluebells).*\.(png|jpg)$/, 30_000));
  // Tux Paint stamps: photographs of objects, animals and plants cut out on transparency.
  add(
    'tuxpaint-stamps-default',
    'distractor',
    list(path.join(root, 'tuxpaint-stamps-default/usr/share/tuxpaint/stamps'), /\.png$/, 25_000),
  );
  return out.filter((s) => existsSync(s.file));
}
