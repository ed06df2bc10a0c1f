/** Pieces of the review screen around its queue: the position line and the two-column layout. */
import { Grid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** "3 of 1,200" above the list; empty while the queue is empty. */
export function QueuePosition(props: { index: number; total: number; testId: string }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" data-testid={props.testId}>
      {props.total
        ? t('review.position', { index: props.index + 1, total: props.total.toLocaleString() })
        : ''}
    </Text>
  );
}

/** The queue on the left (a third of the width on wide screens), the item under review beside it. */
export function QueueLayout(props: { list: ReactNode; item: ReactNode }) {
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
        <Stack gap={6}>{props.list}</Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>{props.item}</Grid.Col>
    </Grid>
  );
}
