/**
 * The queue as a virtualised list: only the rows on screen exist in the DOM, and only their pages
 * of items are fetched, so 100,000 pending items scroll as smoothly as ten.
 */
import { Badge, Box, Group, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Queue } from './use-queue';

const ROW = 58;

export function ReviewList(props: {
  queue: Queue;
  cursor: number;
  selected: ReadonlySet<number>;
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
        height: 'calc(100vh - 290px)',
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
                <>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text size="sm" fw={600} ff="monospace">
                      {item.caseCode}
                    </Text>
                    <Group gap={4} wrap="nowrap">
                      {picked ? (
                        <Badge size="xs" color="blue" variant="light">
                          ✓
                        </Badge>
                      ) : null}
                      {item.pageCount > 1 ? (
                        <Badge size="xs" variant="light" color="gray">
                          {item.pageCount} {t('review.pages')}
                        </Badge>
                      ) : null}
                      <Badge size="xs" variant="outline" color="gray">
                        {item.algo} {item.distance}
                      </Badge>
                    </Group>
                  </Group>
                  <Text size="xs" c="dimmed" truncate>
                    {item.host}
                  </Text>
                </>
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
