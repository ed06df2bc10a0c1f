/** Small display helpers of the Takedowns area: dates in the UI language, state colours. */
import type { TakedownState } from '../../../../shared/takedown-types';

export const STATE_COLOURS: Record<TakedownState, string> = {
  draft: 'gray',
  sent: 'blue',
  acknowledged: 'indigo',
  removed: 'sage',
  refused: 'red',
  expired: 'orange',
};

/** A date and time in the UI's language, or an em dash for none. */
export function when(iso: string | null | undefined, language: string | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(language === 'ko' ? 'ko-KR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** A URL without its scheme, for tables (the full URL stays in the title attribute). */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, '');
}
