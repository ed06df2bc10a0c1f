/**
 * Hash-list matches in the Review area (decision 0078): crawled images that matched a list another
 * hotline shared. They have no case and no kept picture, so the reviewer sees the list's name, the
 * page and image URLs, algorithm and distance, and decides from the keyboard like the case queue
 * (J/K, C confirm, R not a match, Z undo). A confirm opens a draft takedown request for the page.
 * The state and keys live in use-list-review.ts.
 */
import {
  Badge,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListMatchInfo, ListMatchState } from '../../../../shared/exchange-types';
import { DecisionBar, KeyButton, StatusLine } from '../../components/decision-bar';
import { ErrorAlert } from '../../components/error-alert';
import { LabelValueTable } from '../../components/label-value';
import { when, withoutScheme } from './list-format';
import { QueueEmpty, QueueLayout, QueuePosition } from './queue-parts';
import { useListReview } from './use-list-review';

const STATES: ListMatchState[] = ['pending', 'confirmed', 'rejected'];

export function ListReview({ header }: { header: ReactNode }) {
  const { t } = useTranslation();
  const r = useListReview();
  const { current, busy, total, index } = r;

  return (
    <Stack gap="md" maw={1400} data-testid="list-review">
      {header}
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SegmentedControl
          value={r.state}
          onChange={(v) => r.refilter({ state: v as ListMatchState })}
          data-testid="list-review-state"
          data={STATES.map((s) => ({
            value: s,
            label: `${t(`review.lists.states.${s}`)} ${r.count(s)}`,
          }))}
        />
        <Select
          label={t('review.lists.list')}
          w={240}
          value={r.listId ? String(r.listId) : ''}
          onChange={(v) => r.refilter({ listId: v ? Number(v) : undefined })}
          data={[
            { value: '', label: t('review.filters.all') },
            ...r.lists.map((l) => ({ value: String(l.id), label: l.name })),
          ]}
          data-testid="list-review-list-filter"
        />
      </Group>

      <ErrorAlert error={r.error} onClose={r.clearError} />

      <QueueLayout
        list={
          <>
            <QueuePosition index={index} total={total} testId="list-review-position" />
            {r.matches && total === 0 ? (
              <QueueEmpty testId="list-review-empty">
                {t(r.lists.length ? 'review.lists.empty' : 'review.lists.noLists')}
              </QueueEmpty>
            ) : (
              <MatchList matches={r.matches ?? []} index={index} onPick={r.setCursor} />
            )}
          </>
        }
        item={
          <>
            {current ? (
              <Stack gap="md">
                <DecisionBar status={r.status} statusTestId="list-review-status">
                  <KeyButton
                    onClick={() => r.decide('confirmed')}
                    loading={busy}
                    disabled={current.reviewState === 'confirmed'}
                    testId="list-review-confirm"
                    keyLabel="C"
                  >
                    {t('review.confirm')}
                  </KeyButton>
                  <KeyButton
                    tone="reject"
                    onClick={() => r.decide('rejected')}
                    disabled={busy || current.reviewState === 'rejected'}
                    testId="list-review-reject"
                    keyLabel="R"
                  >
                    {t('review.reject')}
                  </KeyButton>
                  {current.reviewState !== 'pending' ? (
                    <KeyButton
                      tone="neutral"
                      onClick={() => r.decide('pending')}
                      disabled={busy}
                      testId="list-review-reopen"
                    >
                      {t('review.lists.reopen')}
                    </KeyButton>
                  ) : null}
                  <KeyButton
                    tone="quiet"
                    onClick={r.undo}
                    disabled={busy}
                    testId="list-review-undo"
                    keyLabel="Z"
                  >
                    {t('review.undo')}
                  </KeyButton>
                </DecisionBar>
                <MatchDetail match={current} />
              </Stack>
            ) : (
              // The outcome of the last decision stays in view when it emptied the list.
              <StatusLine status={r.status} testId="list-review-status" />
            )}
          </>
        }
      />
    </Stack>
  );
}

function MatchList(props: {
  matches: ListMatchInfo[];
  index: number;
  onPick: (i: number) => void;
}) {
  const { i18n } = useTranslation();
  return (
    <Paper withBorder>
      <ScrollArea.Autosize mah={560}>
        {props.matches.map((m, i) => (
          <UnstyledButton
            key={m.id}
            display="block"
            w="100%"
            px="sm"
            py={8}
            onClick={() => props.onPick(i)}
            data-testid="list-review-row"
            aria-current={i === props.index ? 'true' : undefined}
            bg={i === props.index ? 'var(--mantine-primary-color-light)' : undefined}
            style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
          >
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" fw={600} truncate title={when(m.foundAt, i18n.language)}>
                {m.listName}
              </Text>
              <Text size="xs" c="dimmed">
                {m.algo} {m.distance}
              </Text>
            </Group>
            <Text size="xs" c="dimmed" truncate>
              {withoutScheme(m.pageUrl)}
            </Text>
          </UnstyledButton>
        ))}
      </ScrollArea.Autosize>
    </Paper>
  );
}

function MatchDetail({ match }: { match: ListMatchInfo }) {
  const { t, i18n } = useTranslation();
  const field = (
    key: 'page' | 'image' | 'match' | 'found' | 'server',
    value: ReactNode,
    mono = false,
  ) => ({
    key,
    label: t(`review.lists.fields.${key}`),
    value,
    mono,
  });
  return (
    <Paper withBorder p="md" data-testid="list-review-detail">
      <Stack gap="sm">
        <Group gap="sm">
          <Badge variant="light" size="lg">
            {t('review.lists.fromList', { name: match.listName })}
          </Badge>
          <Badge variant="outline" color="gray">
            {t(`review.lists.states.${match.reviewState}`)}
          </Badge>
        </Group>
        <LabelValueTable
          rows={[
            field('page', match.pageUrl, true),
            field('image', match.imageUrl, true),
            field(
              'match',
              t('review.lists.matchValue', { algo: match.algo, distance: match.distance }),
            ),
            field('found', when(match.foundAt, i18n.language)),
            field('server', `HTTP ${match.httpStatus} · ${match.serverIp || '—'}`),
          ]}
        />
        <Text size="sm" c="dimmed" data-testid="list-review-no-picture">
          {t('review.lists.noPicture')}
        </Text>
      </Stack>
    </Paper>
  );
}
