/** Display helpers of list review: a URL without its scheme, and a time in the UI's language. */

export function withoutScheme(url: string): string {
  return url.replace(/^https?:\/\//i, '');
}

/** A date and time in the UI's language. */
export function when(iso: string, language: string | undefined): string {
  return new Intl.DateTimeFormat(language === 'ko' ? 'ko-KR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}
