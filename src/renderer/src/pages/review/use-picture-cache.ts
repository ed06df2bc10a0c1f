/**
 * The blurred pictures of review items, cached by item, picture and blur level (up to ~60
 * entries) so moving back and forth and warming the next item cost one call each.
 */
import { useCallback, useRef } from 'react';
import type { ReviewPicture } from '../../../../shared/review-types';
import type { ApiClient } from '../../api/client';
import type { Pictures } from './review-view';

export const PICTURES: ReviewPicture[] = ['reference', 'candidate', 'snapshot'];

export function usePictureCache(api: ApiClient, blur: number) {
  const cache = useRef(new Map<string, Pictures[ReviewPicture]>());
  return useCallback(
    async (itemId: number): Promise<Pictures> => {
      const out: Pictures = {};
      await Promise.all(
        PICTURES.map(async (p) => {
          const key = `${itemId}:${p}:${blur}`;
          if (!cache.current.has(key)) {
            const img = await api.call('review.image', { itemId, picture: p });
            if (cache.current.size > 60) cache.current.clear();
            cache.current.set(key, img);
          }
          out[p] = cache.current.get(key) ?? null;
        }),
      );
      return out;
    },
    [api, blur],
  );
}
