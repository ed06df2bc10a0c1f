/**
 * How the review screen writes addresses and times: a URL without its scheme, and a moment in the
 * UI's language and the centre's time zone (Settings → Time zone, as reports count days; the
 * engine sends it with the queue), so every desk of a centre reads the same clock time.
 */

export function withoutScheme(url: string): string {
  return url.replace(/^https?:\/\//i, '');
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A date and time in the UI's language, in `timeZone` (this computer's when absent). */
export function when(iso: string, language: string | undefined, timeZone?: string): string {
  const locale = language === 'ko' ? 'ko-KR' : 'en-GB';
  const key = `${locale} ${timeZone ?? ''}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      ...(timeZone ? { timeZone } : {}),
    });
    formats.set(key, f);
  }
  return f.format(new Date(iso));
}
