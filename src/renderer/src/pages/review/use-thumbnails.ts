/**
 * The queue rows' thumbnails (issue 17 item 6): asked for the rows on screen in one call per
 * batch of missing ones, cached by item and blur strength (a few hundred small JPEGs at most).
 * The engine blurs them as it blurs previews (decision 0052); nothing unblurred is ever asked.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../../api/api-context';

const LIMIT = 600;

/** Looks up a row's thumbnail: a data URL, null when nothing was kept, undefined while loading. */
export function useThumbnails(itemIds: readonly number[], blur: number) {
  const api = useApi();
  const cache = useRef(new Map<string, string | null>());
  const asked = useRef(new Set<string>());
  const [, setVersion] = useState(0);
  const key = itemIds.join(',');

  useEffect(() => {
    const missing = key
      .split(',')
      .filter(Boolean)
      .map(Number)
      .filter((id) => !asked.current.has(`${id}:${blur}`));
    if (!missing.length) return;
    missing.forEach((id) => asked.current.add(`${id}:${blur}`));
    api
      .call('review.thumbnails', { itemIds: missing.slice(0, 100) })
      .then((rows) => {
        if (cache.current.size > LIMIT) {
          cache.current.clear();
          asked.current = new Set(rows.map((r) => `${r.itemId}:${blur}`));
        }
        for (const r of rows) cache.current.set(`${r.itemId}:${blur}`, r.dataUrl);
        setVersion((v) => v + 1);
      })
      // A row without its thumbnail still reads; it may be asked again later.
      .catch(() => missing.forEach((id) => asked.current.delete(`${id}:${blur}`)));
  }, [api, key, blur]);

  return useCallback(
    (itemId: number): string | null | undefined => cache.current.get(`${itemId}:${blur}`),
    [blur],
  );
}
