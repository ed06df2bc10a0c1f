/**
 * A hash-list item's evidence (decisions 0077, 0078): a list keeps no picture, so the reviewer
 * sees the list's name, the page and image addresses, the match and the server's answer.
 */
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewItemDetail } from '../../../../shared/review-types';
import { LabelValueTable } from '../../components/label-value';
import { when } from './queue-format';

export function ListDetail(props: { item: ReviewItemDetail; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const { item } = props;
  const page = item.pages[0];
  const field = (
    key: 'page' | 'image' | 'match' | 'found' | 'server',
    value: ReactNode,
    mono = false,
  ) => ({ key, label: t(`review.lists.fields.${key}`), value, mono });
  return (
    <Paper withBorder p="md" data-testid="review-list-detail">
      <Stack gap="sm">
        <Group gap="sm">
          <Badge variant="light" size="lg">
            {t('review.lists.fromList', { name: item.listName ?? '' })}
          </Badge>
          <Badge variant="outline" color="gray">
            {t(`review.states.${item.state}`)}
          </Badge>
        </Group>
        <LabelValueTable
          rows={[
            field('page', page?.pageUrl ?? '', true),
            field('image', page?.imageUrl ?? '', true),
            field(
              'match',
              t('review.lists.matchValue', { algo: item.algo, distance: item.distance }),
            ),
            field(
              'found',
              page ? when(page.foundAt, i18n.resolvedLanguage, props.timeZone || undefined) : '',
            ),
            field('server', page ? `HTTP ${page.httpStatus} · ${page.serverIp || '—'}` : ''),
          ]}
        />
        <Text size="sm" c="dimmed" data-testid="review-no-picture">
          {t('review.lists.noPicture')}
        </Text>
      </Stack>
    </Paper>
  );
}
