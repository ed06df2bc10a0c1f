/**
 * One row of the queue (issue 17 item 6): a small blurred greyscale thumbnail of what was found
 * (made by the engine with the preview's rule, decision 0052), the case code or the list's name,
 * the found page's address without its scheme, and when it was found in the centre's time zone,
 * so rows that share a case and a host still read apart. The case code has its own line, the
 * algorithm and its share (and the page count) the next: the list is a quarter of the window.
 */
import { Badge, Box, Group, Image, Stack, Text } from '@mantine/core';
import { IconPhotoOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ReviewItemSummary } from '../../../../shared/review-types';
import { when, withoutScheme } from './queue-format';

export const THUMB = 56;

export function RowThumb(props: { src: string | null | undefined }) {
  return (
    <Box
      w={THUMB}
      h={THUMB}
      style={{
        flex: 'none',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'var(--mantine-color-stone-1)',
        borderRadius: 'var(--mantine-radius-sm)',
        overflow: 'hidden',
      }}
    >
      {props.src ? (
        <Image src={props.src} w={THUMB} h={THUMB} fit="cover" alt="" draggable={false} />
      ) : props.src === null ? (
        <IconPhotoOff size={20} stroke={1.4} color="var(--mantine-color-dimmed)" />
      ) : null}
    </Box>
  );
}

export function ReviewRow(props: {
  item: ReviewItemSummary;
  thumb: string | null | undefined;
  picked: boolean;
  timeZone: string;
}) {
  const { t, i18n } = useTranslation();
  const { item } = props;
  return (
    <Group gap="sm" wrap="nowrap" align="center" h="100%">
      <RowThumb src={props.thumb} />
      <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
        {/* The case code has its line to itself: beside a "vpdq-local 100%" badge a third of a
            1280 px window left it "C-···". */}
        <Group wrap="nowrap" gap="xs">
          <Text
            size="sm"
            fw={600}
            ff={item.source === 'case' ? 'monospace' : undefined}
            truncate
            data-testid="review-row-title"
          >
            {item.source === 'case' ? item.caseCode : item.listName}
          </Text>
          {props.picked ? (
            <Badge size="xs" color="blue" variant="light" style={{ flex: 'none' }}>
              ✓
            </Badge>
          ) : null}
        </Group>
        <Group gap={4} wrap="nowrap" style={{ overflow: 'hidden' }}>
          <Badge size="xs" variant="outline" color="gray" style={{ flex: 'none' }}>
            {/* A found video's distance is 100 − the share of its frames found (or, vpdq-local,
                of the frames the crop stage looked at): show the share. */}
            {item.algo}{' '}
            {item.algo === 'vpdq' || item.algo === 'vpdq-local'
              ? `${100 - item.distance}%`
              : item.distance}
          </Badge>
          {item.pageCount > 1 ? (
            <Badge size="xs" variant="light" color="gray" style={{ flex: 'none' }}>
              {item.pageCount} {t('review.pages')}
            </Badge>
          ) : null}
        </Group>
        <Text size="xs" truncate title={item.pageUrl} data-testid="review-row-page">
          {withoutScheme(item.pageUrl || item.host)}
        </Text>
        <Text size="xs" c="dimmed" truncate data-testid="review-row-found">
          {when(item.firstFoundAt, i18n.resolvedLanguage, props.timeZone || undefined)}
        </Text>
      </Stack>
    </Group>
  );
}
