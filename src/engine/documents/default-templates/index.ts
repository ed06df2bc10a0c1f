/**
 * Built-in notice templates, shipped in code: Korean, English, Japanese and Simplified Chinese,
 * each with an illegal-content/NCII notice and a copyright notice. The case file stores only the
 * templates a centre edited (or added for another language); "reset to default" deletes the row.
 * Another built-in language is one more file here and one line below.
 */
import type { NoticeRoute } from '../../../shared/notices-types';
import { en } from './en';
import { ja } from './ja';
import { ko } from './ko';
import type { LanguagePack, NoticeLabels, TemplateText } from './types';
import { zh } from './zh';

export const BUILT_IN: Readonly<Record<string, LanguagePack>> = { ko, en, ja, zh };

export function builtInTemplate(language: string, route: NoticeRoute): TemplateText | null {
  return BUILT_IN[language]?.[route] ?? null;
}

/** Labels for the generated blocks: the language's own, its base language's, else English. */
export function labelsFor(language: string): NoticeLabels {
  return (BUILT_IN[language] ?? BUILT_IN[language.split('-')[0] ?? ''] ?? en).labels;
}

export type { LanguagePack, NoticeLabels, TemplateText } from './types';
