/**
 * What the crawl benches share: reading another process's CPU time, and the hash pool's usage
 * over a span (crawl-vs-hashing.bench.ts, crawl-polite-hosts.bench.ts).
 */
import { readFileSync } from 'node:fs';
import type { PoolUsage } from '../src/engine/crawl/hash-pool';

/** CPU milliseconds (user + system) a process has used so far, from /proc (Linux). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at state, field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
}

/** The pool's usage between two readings. */
export function usageSince(a: PoolUsage, b: PoolUsage): PoolUsage {
  return {
    requests: b.requests - a.requests,
    busyMs: b.busyMs - a.busyMs,
    depthMs: b.depthMs - a.depthMs,
    activeMs: b.activeMs - a.activeMs,
  };
}

/** The median of `xs`. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** `×0.81 (rounds ×0.7, …; spread ×0.69–1.11)`: every round, the median and the spread. */
export function roundsText(xs: number[]): string {
  const f = (x: number) => `×${x.toFixed(2)}`;
  return `${f(median(xs))} (rounds: ${xs.map(f).join(', ')}; spread ${f(Math.min(...xs))}–${Math.max(...xs).toFixed(2)})`;
}
