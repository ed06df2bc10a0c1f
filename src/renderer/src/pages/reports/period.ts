/**
 * Report periods as whole days (YYYY-MM-DD, both ends included; the engine counts them in the
 * centre's time zone) and the quick presets, from this computer's calendar.
 */
const ymd = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export type PresetName = 'thisMonth' | 'lastMonth' | 'last90' | 'thisYear';
export const PRESETS: readonly PresetName[] = ['thisMonth', 'lastMonth', 'last90', 'thisYear'];

/** The period a preset names, as of `now`. */
export function presetPeriod(name: PresetName, now = new Date()): { from: string; to: string } {
  const y = now.getFullYear();
  const m = now.getMonth();
  switch (name) {
    case 'thisMonth':
      return { from: ymd(new Date(y, m, 1)), to: ymd(now) };
    case 'lastMonth':
      return { from: ymd(new Date(y, m - 1, 1)), to: ymd(new Date(y, m, 0)) };
    case 'last90':
      return { from: ymd(new Date(y, m, now.getDate() - 89)), to: ymd(now) };
    case 'thisYear':
      return { from: ymd(new Date(y, 0, 1)), to: ymd(now) };
  }
}
