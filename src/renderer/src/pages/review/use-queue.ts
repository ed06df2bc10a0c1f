/**
 * A window cache over the review queue: pages of 100 items fetched on demand as the virtual list
 * scrolls, so a queue of 100,000 items costs only what is on screen. `refresh` reloads the page
 * around the cursor and then replaces the cache, before resolving (the next item is there when
 * shown, and the current one never blinks out meanwhile).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReviewFilterInput, ReviewItemSummary } from '../../../../shared/review-types';
import type { ApiClient } from '../../api/client';

export const PAGE_SIZE = 100;

export interface Queue {
  total: number | null;
  /** The centre's time zone, to tell when items were found in ('' until the first window). */
  timeZone: string;
  get(index: number): ReviewItemSummary | undefined;
  /** The loaded row that satisfies `match`, if any. */
  find(match: (row: ReviewItemSummary) => boolean): ReviewItemSummary | undefined;
  /** Makes sure items [from, to] are loaded (or loading). */
  ensure(from: number, to: number): void;
  /** Drops everything and reloads the page holding `index`. */
  refresh(index: number): Promise<void>;
}

export function useQueue(api: ApiClient, filter: ReviewFilterInput, onError: (e: unknown) => void) {
  const key = JSON.stringify(filter);
  const [counted, setCounted] = useState<{ key: string; total: number } | null>(null);
  const total = counted?.key === key ? counted.total : null;
  const [, setVersion] = useState(0);
  const [timeZone, setTimeZone] = useState('');
  const pages = useRef(new Map<number, ReviewItemSummary[]>());
  const loading = useRef(new Map<number, Promise<void>>());
  const generation = useRef(0);
  const fetchPage = useCallback(
    (page: number) =>
      api.call('review.list', {
        filter: JSON.parse(key) as ReviewFilterInput,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      }),
    [api, key],
  );

  const load = useCallback(
    (page: number): Promise<void> => {
      const pending = loading.current.get(page);
      if (pending) return pending;
      const gen = generation.current;
      const p = fetchPage(page)
        .then((r) => {
          if (gen !== generation.current) return;
          pages.current.set(page, r.items);
          setTimeZone(r.timeZone);
          setCounted({ key, total: r.total });
          setVersion((v) => v + 1);
        })
        .catch(onError)
        .finally(() => {
          if (gen === generation.current) loading.current.delete(page);
        });
      loading.current.set(page, p);
      return p;
    },
    [fetchPage, key, onError],
  );

  const refresh = useCallback(
    async (index: number) => {
      // The old window stays on screen until the new one is here: no flicker between items.
      const gen = ++generation.current;
      loading.current = new Map();
      const page = Math.floor(Math.max(0, index) / PAGE_SIZE);
      try {
        const r = await fetchPage(page);
        if (gen !== generation.current) return;
        pages.current = new Map([[page, r.items]]);
        setTimeZone(r.timeZone);
        setCounted({ key, total: r.total });
        setVersion((v) => v + 1);
      } catch (e) {
        onError(e);
      }
    },
    [fetchPage, key, onError],
  );

  // A new filter: its first window.
  useEffect(() => {
    const gen = ++generation.current;
    loading.current = new Map();
    fetchPage(0)
      .then((r) => {
        if (gen !== generation.current) return;
        pages.current = new Map([[0, r.items]]);
        setTimeZone(r.timeZone);
        setCounted({ key, total: r.total });
      })
      .catch(onError);
  }, [fetchPage, key, onError]);

  const queue: Queue = {
    total,
    timeZone,
    get: (index) => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    find: (match) => {
      for (const rows of pages.current.values()) {
        const row = rows.find(match);
        if (row) return row;
      }
      return undefined;
    },
    ensure: (from, to) => {
      for (let p = Math.floor(from / PAGE_SIZE); p <= Math.floor(to / PAGE_SIZE); p++) {
        if (!pages.current.has(p)) void load(p);
      }
    },
    refresh,
  };
  return queue;
}
