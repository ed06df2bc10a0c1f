/**
 * Finds links and images in an HTML page with htmlparser2: a streaming, tolerant parser (it never
 * throws on broken markup), maintained, with no DOM to build — a crawler only needs attributes.
 * Images come from img/src and srcset, picture/source, lazy-loading data-* attributes, inline CSS
 * backgrounds and <style> blocks, og:image / twitter:image, link rel=image_src, and links to image
 * files. Videos come from <video src>, <source src> inside <video> (or typed video/* or as an HLS
 * playlist), og:video (:url, :secure_url), twitter:player:stream, and links to video files or
 * `.m3u8` playlists; a video's poster is an image. Scripts are not run here; `needsBrowser` says
 * when the page looks script-rendered.
 */
import { Parser } from 'htmlparser2';

/** What one page links to. */
export interface Extracted {
  /** Page links (a/area href, iframe src), absolute and unnormalised. */
  links: string[];
  images: string[];
  /** Video files and HLS playlists (decision 0046). */
  videos: string[];
  /** Whether the images probably come from scripts (for render mode `auto`). */
  needsBrowser: boolean;
  /** The base URL declared by <base href>, if any. */
  base: string | null;
}

const IMAGE_EXT = /\.(jpe?g|png|gif|webp|avif|heic|bmp|tiff?)(\?|$)/i;
/** Video files (the video API's VIDEO_EXTENSIONS) and HLS playlists, by the URL's path. */
export const VIDEO_URL = /\.(mp4|mov|m4v|webm|mkv|avi|3gp|m3u8)(\?|#|$)/i;
const VIDEO_TYPE = /^(video\/|application\/(x-)?mpegurl|application\/vnd\.apple\.mpegurl)/i;
const VIDEO_META = /^(og:video(:url|:secure_url)?|twitter:player:stream)$/;
const LAZY_ATTRS = [
  'data-src',
  'data-original',
  'data-lazy-src',
  'data-lazy',
  'data-url',
  'data-image',
  'data-bg',
  'data-background',
];
const LAZY_SRCSET = ['srcset', 'data-srcset', 'data-lazy-srcset'];
const CSS_URL = /url\(\s*(['"]?)([^'")]+)\1\s*\)/gi;

/** Candidates of a srcset attribute (`a.jpg 1x, b.jpg 2x`). */
export function parseSrcset(value: string): string[] {
  return value
    .split(/,\s+|,(?=\S+\s)/)
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .filter((u) => u && !u.startsWith('data:'));
}

/** Extracts links and images from HTML text. */
export function extractFromHtml(html: string): Extracted {
  const links = new Set<string>();
  const images = new Set<string>();
  const videos = new Set<string>();
  const addVideo = (u: string | undefined) => {
    if (u && !u.startsWith('data:') && !u.startsWith('blob:')) videos.add(u);
  };
  let inVideo = 0;
  let videoWithoutSource = 0;
  let base: string | null = null;
  let imgWithoutSource = 0;
  let scripts = 0;
  let inStyle = false;
  let styleText = '';
  const cssUrls = (css: string) => {
    for (const m of css.matchAll(CSS_URL)) {
      const u = m[2]!.trim();
      if (u && !u.startsWith('data:')) images.add(u);
    }
  };
  const parser = new Parser(
    {
      onopentag(name, a) {
        if (a['style']) cssUrls(a['style']);
        for (const attr of LAZY_ATTRS) if (a[attr]) images.add(a[attr]);
        for (const attr of LAZY_SRCSET)
          if (a[attr]) parseSrcset(a[attr]).forEach((u) => images.add(u));
        switch (name) {
          case 'base':
            if (a['href'] && base === null) base = a['href'];
            break;
          case 'a':
          case 'area':
            if (!a['href']) break;
            if (VIDEO_URL.test(a['href'])) addVideo(a['href']);
            else (IMAGE_EXT.test(a['href']) ? images : links).add(a['href']);
            break;
          case 'iframe':
          case 'frame':
            if (a['src']) links.add(a['src']);
            break;
          case 'img': {
            const src = a['src'];
            if (src && !src.startsWith('data:')) images.add(src);
            else if (!a['srcset'] && !LAZY_ATTRS.some((x) => a[x])) imgWithoutSource++;
            break;
          }
          case 'video':
            inVideo++;
            if (a['poster'] && !a['poster'].startsWith('data:')) images.add(a['poster']);
            if (a['src']) addVideo(a['src']);
            else videoWithoutSource++;
            break;
          case 'source': {
            const src = a['src'];
            if (!src) break;
            if (inVideo > 0 || VIDEO_TYPE.test(a['type'] ?? '') || VIDEO_URL.test(src)) {
              addVideo(src);
              if (inVideo > 0 && videoWithoutSource > 0) videoWithoutSource--;
            } else images.add(src);
            break;
          }
          case 'input':
            if (a['src'] && a['type'] === 'image') images.add(a['src']);
            break;
          case 'meta': {
            const key = (a['property'] ?? a['name'] ?? '').toLowerCase();
            if (/^(og:image(:url|:secure_url)?|twitter:image(:src)?)$/.test(key) && a['content']) {
              images.add(a['content']);
            } else if (VIDEO_META.test(key)) addVideo(a['content']);
            break;
          }
          case 'link':
            if (/\bimage_src\b/i.test(a['rel'] ?? '') && a['href']) images.add(a['href']);
            break;
          case 'script':
            scripts++;
            break;
          case 'style':
            inStyle = true;
            break;
        }
      },
      ontext(text) {
        if (inStyle) styleText += text;
      },
      onclosetag(name) {
        if (name === 'video' && inVideo > 0) inVideo--;
        if (name === 'style') {
          inStyle = false;
          cssUrls(styleText);
          styleText = '';
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  // Script-rendered when scripts exist and the static markup shows no image at all, or image or
  // video tags whose source only a script can fill in.
  const needsBrowser =
    scripts > 0 && (images.size === 0 || imgWithoutSource > 0 || videoWithoutSource > 0);
  return { links: [...links], images: [...images], videos: [...videos], needsBrowser, base };
}
