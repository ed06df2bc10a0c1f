/**
 * The queue as a virtualised list: only the rows on screen exist in the DOM, and only their pages
 * of items (and their rows' thumbnails) are fetched, so 100,000 pending items scroll as smoothly
 * as ten. Each row is drawn by review-row.tsx.
 */
import { Box, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ReviewRow } from './review-row';
import type { Queue } from './use-queue';
import { useThumbnails } from './use-thumbnails';

/** A row's height: its four lines of text (case, algorithm, page, time), the thumbnail beside. */
export const ROW = 92;

export function ReviewList(props: {
  queue: Queue;
  cursor: number;
  selected: ReadonlySet<number>;
  blur: number;
  onPick: (index: number) => void;
}) {
  const { t } = useTranslation();
  const { queue, cursor } = props;
  const parent = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is stable per list
  const v = useVirtualizer({
    count: queue.total ?? 0,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW,
    overscan: 12,
  });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (queue.total) queue.ensure(first, last);
  }, [queue, first, last]);
  const onScreen = items.flatMap((row) => queue.get(row.index)?.id ?? []);
  const thumb = useThumbnails(onScreen, props.blur);
  useEffect(() => {
    if (queue.total) v.scrollToIndex(cursor, { align: 'auto' });
  }, [cursor, queue.total, v]);

  return (
    <Box
      ref={parent}
      data-testid="review-list"
      role="listbox"
      aria-label={t('review.list')}
      style={{
        height: 'calc(100vh - 250px)',
        minHeight: 320,
        overflowY: 'auto',
        border: '1px solid var(--jium-border)',
        borderRadius: 'var(--mantine-radius-md)',
        background: 'var(--mantine-color-white)',
      }}
    >
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {items.map((row) => {
          const item = queue.get(row.index);
          const active = row.index === cursor;
          const picked = item ? props.selected.has(item.id) : false;
          return (
            <Box
              key={row.key}
              role="option"
              aria-selected={active}
              data-testid={active ? 'review-row-current' : 'review-row'}
              data-item-id={item?.id}
              onClick={() => props.onPick(row.index)}
              px="sm"
              py={6}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW,
                transform: `translateY(${row.start}px)`,
                cursor: 'pointer',
                borderBottom: '1px solid var(--mantine-color-stone-1)',
                background: active
                  ? 'var(--mantine-color-sage-0)'
                  : picked
                    ? 'var(--mantine-color-blue-0)'
                    : undefined,
                boxShadow: active ? 'inset 3px 0 0 var(--mantine-color-sage-6)' : undefined,
              }}
            >
              {item ? (
                <ReviewRow
                  item={item}
                  thumb={thumb(item.id)}
                  picked={picked}
                  timeZone={queue.timeZone}
                />
              ) : (
                <Text size="xs" c="dimmed" pt={8}>
                  {t('review.loading')}
                </Text>
              )}
            </Box>
          );
        })}
      </div>
    </Box>
  );
}
