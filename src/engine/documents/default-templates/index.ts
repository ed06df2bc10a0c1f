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
import { EXTRA_LABELS } from './labels';
import type { LanguagePack, NoticeLabels, TemplateText } from './types';
import { zh } from './zh';

export const BUILT_IN: Readonly<Record<string, LanguagePack>> = { ko, en, ja, zh };

export function builtInTemplate(language: string, route: NoticeRoute): TemplateText | null {
  return BUILT_IN[language]?.[route] ?? null;
}

/**
 * Labels for the generated blocks: the language's own (built-in or extra), its base language's
 * ('zh-HK' → 'zh'), else English.
 */
export function labelsFor(language: string): NoticeLabels {
  const base = language.split('-')[0] ?? '';
  return (
    BUILT_IN[language]?.labels ??
    EXTRA_LABELS[language] ??
    BUILT_IN[base]?.labels ??
    EXTRA_LABELS[base] ??
    en.labels
  );
}

export type { LanguagePack, NoticeLabels, TemplateText } from './types';
