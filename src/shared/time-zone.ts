/** Time zones: shared by the notice settings' schema (shared/) and the reports' day counting (engine). */

/** True when `tz` is an IANA time zone this runtime knows (e.g. 'Asia/Seoul'). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
