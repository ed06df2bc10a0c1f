/**
 * robots.txt as RFC 9309 says: groups by user-agent (the most specific product token match, else
 * `*`), rules matched by the longest path pattern, `allow` winning ties, `*` and `$` wildcards,
 * percent-encoding normalised; a 4xx robots.txt allows everything, a 5xx or unreachable one
 * disallows everything. Crawl-delay (not in the RFC, widely used) is read for politeness.
 */

/** One allow or disallow line. */
interface Rule {
  allow: boolean;
  pattern: string;
  regex: RegExp;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelay?: number;
}

/** The rules that apply to one user agent on one host. */
export interface RobotsPolicy {
  /** `rules` from a parsed file, `allow-all` (4xx), or `disallow-all` (5xx/unreachable). */
  kind: 'rules' | 'allow-all' | 'disallow-all';
  /** Whether a path with query (`/a/b?c`) may be fetched. */
  isAllowed(pathAndQuery: string): boolean;
  /** The matching rule, for the crawl log (`disallow /private/`). */
  explain(pathAndQuery: string): string;
  /** Seconds between requests asked by the group, if any. */
  crawlDelay?: number;
}

/** RFC 9309 2.5: parsers must handle at least 500 KiB; we ignore what follows. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

/** Percent-encodes what must be, and upper-cases escapes, so `/%7efoo` equals `/~foo`. */
function normalisePath(p: string): string {
  return p
    .replace(/%[0-9a-fA-F]{2}/g, (m) => {
      const c = String.fromCharCode(parseInt(m.slice(1), 16));
      // Unreserved characters are decoded; everything else stays an (upper-case) escape.
      return /[A-Za-z0-9\-._~]/.test(c) ? c : m.toUpperCase();
    })
    .replace(/[^\x21-\x7e]/gu, (c) =>
      Array.from(
        new TextEncoder().encode(c),
        (b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'),
      ).join(''),
    );
}

function compile(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp('^' + body + (anchored ? '$' : ''));
}

function parseGroups(text: string): Group[] {
  const groups: Group[] = [];
  let current: Group | null = null;
  let lastWasAgent = false;
  for (const raw of text.slice(0, ROBOTS_MAX_BYTES).split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue; // rules before any user-agent line belong to no group
    if (key === 'allow' || key === 'disallow') {
      // An empty disallow means nothing is disallowed; an empty pattern never matches anything.
      if (value === '') continue;
      const pattern = normalisePath(value);
      current.rules.push({ allow: key === 'allow', pattern, regex: compile(pattern) });
    } else if (key === 'crawl-delay') {
      const d = Number(value);
      if (Number.isFinite(d) && d >= 0) current.crawlDelay = d;
    }
  }
  return groups;
}

/** The product token of a user agent string: `JiumBot/1.0 (+url)` → `jiumbot`. */
export function productToken(userAgent: string): string {
  return (/^[A-Za-z_-]+/.exec(userAgent)?.[0] ?? userAgent).toLowerCase();
}

/** Parses robots.txt text for one user agent. */
export function parseRobots(text: string, userAgent: string): RobotsPolicy {
  const token = productToken(userAgent);
  const groups = parseGroups(text);
  // RFC 9309 2.2.1: all groups naming the agent are merged; else all `*` groups are.
  let chosen = groups.filter((g) => g.agents.some((a) => a !== '*' && a === token));
  if (chosen.length === 0) chosen = groups.filter((g) => g.agents.includes('*'));
  const rules = chosen.flatMap((g) => g.rules);
  const crawlDelay = chosen.find((g) => g.crawlDelay !== undefined)?.crawlDelay;
  const best = (path: string): Rule | undefined => {
    const p = normalisePath(path);
    let found: Rule | undefined;
    for (const r of rules) {
      if (!r.regex.test(p)) continue;
      if (
        !found ||
        r.pattern.length > found.pattern.length ||
        (r.pattern.length === found.pattern.length && r.allow && !found.allow)
      ) {
        found = r;
      }
    }
    return found;
  };
  return {
    kind: 'rules',
    crawlDelay,
    isAllowed: (path) => {
      // RFC 9309 2.2.2: /robots.txt itself is always allowed.
      if (path === '/robots.txt') return true;
      return best(path)?.allow ?? true;
    },
    explain: (path) => {
      const r = best(path);
      return r ? `${r.allow ? 'allow' : 'disallow'} ${r.pattern}` : 'no rule';
    },
  };
}

/** The policy for a robots.txt that answered 4xx (RFC 9309 2.3.1.3: allow all). */
export const ALLOW_ALL: RobotsPolicy = {
  kind: 'allow-all',
  isAllowed: () => true,
  explain: () => 'robots.txt unavailable (4xx): everything allowed',
};

/** The policy for a 5xx or unreachable robots.txt (RFC 9309 2.3.1.4: disallow all). */
export const DISALLOW_ALL: RobotsPolicy = {
  kind: 'disallow-all',
  isAllowed: (path) => path === '/robots.txt',
  explain: () => 'robots.txt unreachable (5xx or network error): everything disallowed',
};

/** The policy for a robots.txt response status and body. */
export function robotsFromResponse(status: number, body: string, userAgent: string): RobotsPolicy {
  if (status >= 200 && status < 300) return parseRobots(body, userAgent);
  if (status >= 400 && status < 500) return ALLOW_ALL;
  return DISALLOW_ALL;
}
