import { formatClock } from '../../../../shared/clock';

/** A video length or time as m:ss (or h:mm:ss), the way players show it. */
export const formatDuration = formatClock;

/** A time left, rounded up so it never promises too little: [count, unit] as 40 s or 3 min. */
export function timeLeft(seconds: number): { n: number; unit: 's' | 'min' } {
  return seconds < 60
    ? { n: Math.max(1, Math.ceil(seconds)), unit: 's' }
    : { n: Math.ceil(seconds / 60), unit: 'min' };
}

/** The day a reference was added, in the UI's language (e.g. 7 Dec 2026, 2026. 12. 7.). */
export function dayAdded(language: string | undefined, iso: string): string {
  return new Intl.DateTimeFormat(language === 'ko' ? 'ko-KR' : 'en-GB', {
    dateStyle: 'medium',
  }).format(new Date(iso));
}
