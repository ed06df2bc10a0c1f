/**
 * Per-host politeness across crawl workers (issue 16 item 3, decision 0111). BullMQ's open edition
 * limits rates per queue, not per group, so the host's pace is kept in Redis itself: one key per
 * host holds the next time a request to it may start, and one Lua script (atomic in Redis)
 * takes the slot when it is due and moves the key on by the host's gap. The slot is held (a
 * sending mark) until its request is written, and the next one is a gap after that (decision
 * 0114). Time is Redis's own clock (TIME), so workers on machines whose clocks differ still space
 * their requests by the gap. However many workers run, two requests to a host are written at least
 * one gap apart.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * KEYS[1] the host's key; ARGV[1] the gap in ms. Takes the host's slot when it is due (returns 0)
 * or says how long until it is (ms). The slot is taken at the moment the request is about to
 * start, not reserved ahead: a worker that wakes late (timers, a busy event loop) then cannot
 * crowd the next one. The key expires a minute after its slot, so idle hosts leave nothing.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local sending = redis.call('PTTL', KEYS[2])
if sending > 0 then return math.min(sending, 5) end
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextAt > now then return nextAt - now end
local gap = tonumber(ARGV[1])
redis.call('SET', KEYS[1], tostring(now + gap), 'PX', gap + 60000)
redis.call('SET', KEYS[2], ARGV[2], 'PX', tonumber(ARGV[3]))
return 0
`;

/** The request is written: the mark goes if it is the taker's, and the next slot is a gap on. */
const SENT = `
if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local gap = tonumber(ARGV[1])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if now + gap > nextAt then redis.call('SET', KEYS[1], tostring(now + gap), 'PX', gap + 60000) end
return 1
`;

/** A worker that died between its slot and the wire holds the host this long at most. */
const SENDING_MS = 10_000;

/** Pushes the host's next slot to at least `ms` from now (Retry-After, back-off). */
const HOLD = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > nextAt then
  redis.call('SET', KEYS[1], tostring(until_), 'PX', math.floor(until_ - now + 60000))
end
return 0
`;

/** The host's key: its origin, so http and https of one name, or two ports, are paced apart. */
export const paceKey = (prefix: string, url: URL) => `${prefix}:pace:${url.protocol}//${url.host}`;

export class RedisPace {
  /** This process's token on the sending marks it sets. */
  private readonly token = randomUUID();

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'jium',
  ) {}

  /** Waits for the host's slot and takes it; resolves when the request may start. */
  async take(url: URL, requestsPerSecond: number): Promise<void> {
    const gap = Math.ceil(1000 / requestsPerSecond);
    const key = paceKey(this.prefix, url);
    for (;;) {
      const wait = Number(
        await this.redis.eval(TAKE, 2, key, `${key}:sending`, gap, this.token, SENDING_MS),
      );
      if (wait <= 0) return;
      // A little spread, so workers woken for the same slot do not all ask at once.
      await new Promise((r) => setTimeout(r, wait + Math.random() * 5));
    }
  }

  /**
   * Marks a run cancelled (the centre server, as the run is cancelled): workers then send nothing
   * more for its jobs. Kept a day, long after any of its jobs could still be retried.
   */
  async cancel(runId: number): Promise<void> {
    await this.redis.set(`${this.prefix}:cancelled:${runId}`, '1', 'EX', 86_400);
  }

  /** Whether the server cancelled this run. */
  async cancelled(runId: number): Promise<boolean> {
    return (await this.redis.exists(`${this.prefix}:cancelled:${runId}`)) === 1;
  }

  /** The request that took the host's slot is on the wire: the next slot is a gap from now. */
  async sent(url: URL, requestsPerSecond: number): Promise<void> {
    const gap = Math.ceil(1000 / requestsPerSecond);
    const key = paceKey(this.prefix, url);
    await this.redis.eval(SENT, 2, key, `${key}:sending`, gap, this.token);
  }

  /** Keeps every worker away from the host for `ms` (it answered 429/503 with Retry-After). */
  async hold(url: URL, ms: number): Promise<void> {
    await this.redis.eval(HOLD, 1, paceKey(this.prefix, url), Math.ceil(ms));
  }
}
