/** Report periods as whole UTC days (YYYY-MM-DD, both ends included) and the quick presets. */
const ymd = (d: Date) => d.toISOString().slice(0, 10);

export type PresetName = 'thisMonth' | 'lastMonth' | 'last90' | 'thisYear';
export const PRESETS: readonly PresetName[] = ['thisMonth', 'lastMonth', 'last90', 'thisYear'];

/** The period a preset names, as of `now`. */
export function presetPeriod(name: PresetName, now = new Date()): { from: string; to: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  switch (name) {
    case 'thisMonth':
      return { from: ymd(new Date(Date.UTC(y, m, 1))), to: ymd(now) };
    case 'lastMonth':
      return { from: ymd(new Date(Date.UTC(y, m - 1, 1))), to: ymd(new Date(Date.UTC(y, m, 0))) };
    case 'last90':
      return { from: ymd(new Date(now.getTime() - 89 * 86_400_000)), to: ymd(now) };
    case 'thisYear':
      return { from: ymd(new Date(Date.UTC(y, 0, 1))), to: ymd(now) };
  }
}
