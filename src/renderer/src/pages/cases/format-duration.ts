/** A video length or time as m:ss (or h:mm:ss), the way players show it. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

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
