/**
 * Report periods as whole days (YYYY-MM-DD, both ends included; the engine counts them in the
 * centre's time zone) and the quick presets, from today's date in that time zone.
 */
const DAY = 86_400_000;
const ymd = (t: number) => new Date(t).toISOString().slice(0, 10);

export type PresetName = 'thisMonth' | 'lastMonth' | 'last90' | 'thisYear';
export const PRESETS: readonly PresetName[] = ['thisMonth', 'lastMonth', 'last90', 'thisYear'];

/** Today's civil date in `timeZone` (this computer's when absent), as [year, month 0-11, day]. */
function today(now: Date, timeZone?: string): [number, number, number] {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      ...(timeZone ? { timeZone } : {}),
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    })
      .formatToParts(now)
      .map((x) => [x.type, x.value]),
  );
  return [Number(p.year), Number(p.month) - 1, Number(p.day)];
}

/** The period a preset names, as of `now`, in the centre's `timeZone`. */
export function presetPeriod(
  name: PresetName,
  now = new Date(),
  timeZone?: string,
): { from: string; to: string } {
  const [y, m, d] = today(now, timeZone);
  const to = ymd(Date.UTC(y, m, d));
  switch (name) {
    case 'thisMonth':
      return { from: ymd(Date.UTC(y, m, 1)), to };
    case 'lastMonth':
      return { from: ymd(Date.UTC(y, m - 1, 1)), to: ymd(Date.UTC(y, m, 0)) };
    case 'last90':
      return { from: ymd(Date.UTC(y, m, d) - 89 * DAY), to };
    case 'thisYear':
      return { from: ymd(Date.UTC(y, 0, 1)), to };
  }
}
