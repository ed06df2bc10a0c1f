/** The shape of a built-in language: two templates and the labels of the generated blocks. */
import type { NoticeRoute } from '../../../shared/notices-types';

export interface TemplateText {
  subject: string;
  body: string;
}

/** Labels of the URL table and the evidence block, which the engine generates. */
export interface NoticeLabels {
  page: string;
  firstSeen: string;
  image: string;
  /** A reported video's URL, and the seconds of it that match (m:ss–m:ss, …). */
  video: string;
  timeRanges: string;
  sha256: string;
  pdq: string;
  blockhash: string;
  evidence: string;
  evidenceNote: string;
  /** Caption of a blurred matched picture in the evidence block. */
  matchedPicture: string;
  /** Caption of the blurred page screenshot in the evidence block. */
  pageScreenshot: string;
  noHash: string;
  item: string;
}

export type LanguagePack = Record<NoticeRoute, TemplateText> & { labels: NoticeLabels };
