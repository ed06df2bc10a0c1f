/**
 * The first thing under the decision bar (issue 17 item 6): the address of the page the item was
 * found on, in full, with its site, the server's answer and when it was found in the centre's time
 * zone, and beside it the match's facts (distance, algorithm, how it matched) — visible at
 * 1440 × 900 without scrolling, with the pictures under it.
 */
import { Badge, Box, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewItemDetail } from '../../../../shared/review-types';
import { when } from './queue-format';

export function FoundOn(props: { item: ReviewItemDetail; timeZone: string; facts: ReactNode }) {
  const { t, i18n } = useTranslation();
  const page = props.item.pages[0];
  if (!page) return null;
  return (
    <Paper withBorder px="md" py="xs">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xl">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }} data-testid="review-found-on">
          <Group gap="xs" wrap="nowrap" justify="space-between">
            <Text size="xs" fw={600} c="dimmed">
              {t('review.queue.foundOn')}
            </Text>
            <Group gap={6} wrap="nowrap">
              {props.item.pageCount > 1 ? (
                <Badge size="xs" variant="light" color="gray">
                  {props.item.pageCount} {t('review.pages')}
                </Badge>
              ) : null}
              {props.item.foundEarlier ? (
                <Badge size="xs" variant="light" color="sage" data-testid="review-found-earlier">
                  {t('review.foundEarlier')}
                </Badge>
              ) : null}
            </Group>
          </Group>
          <Text
            size="sm"
            ff="monospace"
            style={{ wordBreak: 'break-all' }}
            data-testid="review-page-url"
          >
            {page.pageUrl}
          </Text>
          <Text size="xs" c="dimmed">
            {page.siteName ?? page.host} · HTTP {page.httpStatus} ·{' '}
            {when(page.foundAt, i18n.resolvedLanguage, props.timeZone || undefined)}
          </Text>
        </Stack>
        {/* The facts wrap within their share: long ones (a video's frame shares) must not squeeze
            the address into a one-letter column. */}
        <Box style={{ flex: '0 1 auto', maxWidth: '55%' }}>{props.facts}</Box>
      </Group>
    </Paper>
  );
}
