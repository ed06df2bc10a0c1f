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

/** The path and query of a URL (its host is shown once, above the host's requests). */
export function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}
