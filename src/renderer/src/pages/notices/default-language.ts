/**
 * The language a notice starts in: the platform's (kept on its requests when the host is in the
 * registry), else the language the person uses Jium in — never English just because the host is
 * not registered yet.
 */
export function defaultNoticeLanguage(
  requests: readonly { language: string; platformId?: number | null }[],
  uiLanguage: string,
): string {
  return requests.find((r) => r.platformId != null)?.language ?? uiLanguage;
}
