/**
 * A page reference's picture, with features of its own (issue 13 item 4; decision 0167). A
 * screenshot of a post registered as a reference spends most of ORB's keypoints on the page's
 * text, so the post's photo re-posted on its own finds few of them. Where the finder located a
 * picture in a page (page-chrome.ts's `pictureInPage`: the `inner-picture` case), that part of the
 * original is decoded again as a working image of its own (up to the working size, never
 * enlarged), ORB runs on it, and its keypoints, mapped into the reference's working pixels, are
 * added to the page's: one reference, one set of features, sealed and stored as before.
 */
import { workingPipeline, type DecodedImage, type DecodeLimits } from './decode';
import { pictureInPage } from './page-chrome';
import { greyFromLuma, lumaFromPixels } from './pdq';
import { extractFeatures, type Features } from './verify';

/** A picture smaller than this on either side (original pixels) gets no features of its own. */
const MIN_SIDE = 32;

/**
 * `features` (a reference's, with its located `picture`) with the picture's own keypoints added.
 * `size` is the original picture's size after EXIF orientation. Returns `features` unchanged when
 * it has no located picture, the picture is too small, or ORB finds nothing in it.
 */
export async function withPictureFeatures(
  bytes: Uint8Array,
  limits: DecodeLimits,
  features: Features,
  size: { width: number; height: number },
): Promise<Features> {
  const box = features.picture;
  if (!box) return features;
  const left = Math.max(0, Math.floor(box[0]! * size.width));
  const top = Math.max(0, Math.floor(box[1]! * size.height));
  const width = Math.min(size.width, Math.ceil(box[2]! * size.width)) - left;
  const height = Math.min(size.height, Math.ceil(box[3]! * size.height)) - top;
  if (width < MIN_SIDE || height < MIN_SIDE) return features;
  const { data, info } = await workingPipeline(bytes, limits, {
    left,
    top,
    width,
    height,
  }).toBuffer({ resolveWithObject: true });
  const rgb = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const luma = lumaFromPixels(rgb, info.width, info.height, 3);
  const own = extractFeatures(greyFromLuma(luma), info.width, info.height);
  if (!own) return features;
  // From the picture's working pixels to the original's, then to the reference's working pixels.
  const kx = width / info.width / (size.width / features.width);
  const ky = height / info.height / (size.height / features.height);
  const x0 = left / (size.width / features.width);
  const y0 = top / (size.height / features.height);
  const n = features.points.length;
  const points = new Float32Array(n + own.points.length);
  points.set(features.points);
  for (let i = 0; i < own.points.length; i += 2) {
    points[n + i] = x0 + own.points[i]! * kx;
    points[n + i + 1] = y0 + own.points[i + 1]! * ky;
  }
  const descriptors = new Uint8Array(features.descriptors.length + own.descriptors.length);
  descriptors.set(features.descriptors);
  descriptors.set(own.descriptors, features.descriptors.length);
  return { ...features, points, descriptors, pageKeypoints: n / 2 };
}

/**
 * A reference's features (of the decoded `img`), with its located picture's own keypoints added
 * when that picture sits in a page (the `inner-picture` case); otherwise `features` unchanged.
 */
export async function withPagePictureFeatures(
  bytes: Uint8Array,
  limits: DecodeLimits,
  img: DecodedImage,
  features: Features | undefined,
): Promise<Features | undefined> {
  const p = features?.picture;
  if (!features || !p) return features;
  const { workWidth: w, workHeight: h } = img;
  const luma = lumaFromPixels(img.rgb, w, h, 3);
  // The located box in working pixels (whole pixels, as the finder gave it).
  const [x0, y0, x1, y1] = [p[0]! * w, p[1]! * h, p[2]! * w, p[3]! * h].map(Math.round);
  const box = { x: x0!, y: y0!, w: x1! - x0!, h: y1! - y0! };
  if (!pictureInPage({ grey: greyFromLuma(luma), width: w, height: h }, luma, box)) return features;
  return withPictureFeatures(bytes, limits, features, img);
}
