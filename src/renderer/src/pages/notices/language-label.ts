/** The name of a notice language in the UI's language ('ko' → 'Korean'), else its code. */
import type { TFunction } from 'i18next';

const NAMED = ['ko', 'en', 'ja', 'zh'] as const;

export function languageLabel(t: TFunction, code: string): string {
  return (NAMED as readonly string[]).includes(code)
    ? `${t(`notices.languages.${code as (typeof NAMED)[number]}`)} (${code})`
    : code;
}
