/**
 * Calendar days in the centre's time zone (issue 17 #4): a Korean centre's day runs midnight to
 * midnight KST, not UTC. The zone is set in Settings (notice_centre.time_zone); empty means the
 * system's zone of the computer running Jium. Dates are 'YYYY-MM-DD' civil dates; instants are
 * milliseconds since the epoch.
 */
import type Database from 'better-sqlite3';
import { get, sql } from '../db/sql';
import { isTimeZone } from '../../shared/time-zone';

const DAY = 86_400_000;

/** The system's time zone, e.g. 'Asia/Seoul' (UTC when it cannot be told). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The centre's time zone from Settings, else the system's. */
export function centreTimeZone(db: Database.Database): string {
  const row = get(db, sql<{ tz: string }>`SELECT time_zone AS tz FROM notice_centre WHERE id = 1`);
  return row?.tz && isTimeZone(row.tz) ? row.tz : systemTimeZone();
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function parts(t: number, tz: string): { y: number; m: number; d: number; h: number; mi: number } {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
  return { y: +p.year!, m: +p.month!, d: +p.day!, h: +p.hour!, mi: +p.minute! };
}

/** The civil date of instant `t` in `tz`, as UTC-midnight milliseconds of that date. */
export function civilDay(t: number, tz: string): number {
  const p = parts(t, tz);
  return Date.UTC(p.y, p.m - 1, p.d);
}

/** The instant local midnight begins the civil date `day` (UTC-midnight ms of it) in `tz`. */
export function midnightIn(day: number, tz: string): number {
  // Offset of tz at a moment: local wall time read as UTC minus the moment. Two passes settle it
  // across an offset change on that day.
  const offset = (t: number) => {
    const p = parts(t, tz);
    return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi) - Math.floor(t / 60_000) * 60_000;
  };
  let t = day - offset(day);
  t = day - offset(t);
  return t;
}

/** 'YYYY-MM-DD' of a UTC-midnight civil date. */
export const ymd = (day: number) => new Date(day).toISOString().slice(0, 10);

export { DAY };
