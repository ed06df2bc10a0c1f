/**
 * Hash-list matches in the Review area (decision 0078): crawled images that matched a list another
 * hotline shared. They have no case and no kept picture, so the reviewer sees the list's name, the
 * page and image URLs, algorithm and distance, and decides from the keyboard like the case queue
 * (J/K, C confirm, R not a match, Z undo). A confirm opens a draft takedown request for the page.
 */
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Kbd,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  HashListInfo,
  ListMatchInfo,
  ListMatchState,
} from '../../../../shared/exchange-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { when, withoutScheme } from './list-format';

const STATES: ListMatchState[] = ['pending', 'confirmed', 'rejected'];

export function ListReview({ header }: { header: ReactNode }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<ListMatchState>('pending');
  const [listId, setListId] = useState<number | undefined>(undefined);
  const [lists, setLists] = useState<HashListInfo[]>([]);
  const [matches, setMatches] = useState<ListMatchInfo[] | null>(null);
  const [cursor, setCursor] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  /** The last match decided here, and the state it had: Z puts it back. */
  const last = useRef<{ id: number; from: ListMatchState } | null>(null);

  const load = useCallback(
    () =>
      Promise.all([
        api.call('exchange.lists', {}),
        api.call('exchange.matches', { state, ...(listId ? { listId } : {}), limit: 1000 }),
      ]).then(([l, m]) => {
        setLists(l);
        setMatches(m);
      }),
    [api, state, listId],
  );
  const reload = useCallback(
    () => load().catch((e: unknown) => setError(errorText(t, e))),
    [load, t],
  );
  useEffect(() => void reload(), [reload]);
  useEffect(() => api.on('crawl.match', () => void reload()), [api, reload]);

  const total = matches?.length ?? 0;
  const index = total ? Math.min(cursor, total - 1) : 0;
  const current = matches?.[index];

  const review = useCallback(
    /** `from` is the state before, recorded for Z; null for an undo, which records nothing. */
    async (id: number, to: ListMatchState, from: ListMatchState | null) => {
      if (busyRef.current) return;
      busyRef.current = true;
      setBusy(true);
      try {
        await api.call('exchange.reviewMatch', { id, state: to });
        if (from !== null) last.current = { id, from };
        setStatus(
          t(
            to === 'confirmed'
              ? 'review.lists.decidedConfirm'
              : to === 'rejected'
                ? 'review.lists.decidedReject'
                : 'review.lists.undone',
          ),
        );
        setError(null);
        await load();
      } catch (e) {
        setError(errorText(t, e));
      } finally {
        busyRef.current = false;
        setBusy(false);
      }
    },
    [api, t, load],
  );
  const decide = useCallback(
    (to: ListMatchState) => {
      if (current && current.reviewState !== to) void review(current.id, to, current.reviewState);
    },
    [current, review],
  );
  const undo = useCallback(() => {
    const l = last.current;
    if (!l) {
      setStatus(t('review.nothingToUndo'));
      return;
    }
    last.current = null;
    void review(l.id, l.from, null);
  }, [review, t]);

  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, [role="combobox"]')) return;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const actions: Record<string, () => void> = {
        j: () => setCursor((c) => Math.min(c + 1, Math.max(0, total - 1))),
        ArrowDown: () => setCursor((c) => Math.min(c + 1, Math.max(0, total - 1))),
        k: () => setCursor((c) => Math.max(0, c - 1)),
        ArrowUp: () => setCursor((c) => Math.max(0, c - 1)),
        c: () => decide('confirmed'),
        r: () => decide('rejected'),
        z: undo,
      };
      const action = actions[key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', down);
    return () => window.removeEventListener('keydown', down);
  }, [total, decide, undo]);

  const count = (s: ListMatchState) =>
    lists
      .filter((l) => !listId || l.id === listId)
      .reduce((n, l) => n + l.matches[s], 0)
      .toLocaleString();

  return (
    <Stack gap="md" maw={1400} data-testid="list-review">
      {header}
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SegmentedControl
          value={state}
          onChange={(v) => {
            setState(v as ListMatchState);
            setCursor(0);
            setStatus(null);
          }}
          data-testid="list-review-state"
          data={STATES.map((s) => ({
            value: s,
            label: `${t(`review.lists.states.${s}`)} ${count(s)}`,
          }))}
        />
        <Select
          label={t('review.lists.list')}
          w={240}
          value={listId ? String(listId) : ''}
          onChange={(v) => {
            setListId(v ? Number(v) : undefined);
            setCursor(0);
            setStatus(null);
          }}
          data={[
            { value: '', label: t('review.filters.all') },
            ...lists.map((l) => ({ value: String(l.id), label: l.name })),
          ]}
          data-testid="list-review-list-filter"
        />
      </Group>

      {error ? (
        <Alert color="red" role="alert" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      ) : null}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
          <Stack gap={6}>
            <Text size="sm" c="dimmed" data-testid="list-review-position">
              {total
                ? t('review.position', { index: index + 1, total: total.toLocaleString() })
                : ''}
            </Text>
            {matches && total === 0 ? (
              <Paper withBorder p="lg">
                <Text c="dimmed" data-testid="list-review-empty">
                  {t(lists.length ? 'review.lists.empty' : 'review.lists.noLists')}
                </Text>
              </Paper>
            ) : (
              <Paper withBorder>
                <ScrollArea.Autosize mah={560}>
                  {(matches ?? []).map((m, i) => (
                    <UnstyledButton
                      key={m.id}
                      display="block"
                      w="100%"
                      px="sm"
                      py={8}
                      onClick={() => setCursor(i)}
                      data-testid="list-review-row"
                      aria-current={i === index ? 'true' : undefined}
                      bg={i === index ? 'var(--mantine-primary-color-light)' : undefined}
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
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
          {current ? (
            <Stack gap="md">
              <Paper withBorder p="md">
                <Stack gap="sm">
                  <Group gap="sm" wrap="wrap">
                    <Button
                      onClick={() => decide('confirmed')}
                      loading={busy}
                      disabled={current.reviewState === 'confirmed'}
                      data-testid="list-review-confirm"
                      rightSection={<Kbd size="xs">C</Kbd>}
                    >
                      {t('review.confirm')}
                    </Button>
                    <Button
                      color="teal"
                      variant="light"
                      onClick={() => decide('rejected')}
                      disabled={busy || current.reviewState === 'rejected'}
                      data-testid="list-review-reject"
                      rightSection={<Kbd size="xs">R</Kbd>}
                    >
                      {t('review.reject')}
                    </Button>
                    {current.reviewState !== 'pending' ? (
                      <Button
                        variant="default"
                        onClick={() => decide('pending')}
                        disabled={busy}
                        data-testid="list-review-reopen"
                      >
                        {t('review.lists.reopen')}
                      </Button>
                    ) : null}
                    <Button
                      variant="subtle"
                      onClick={undo}
                      disabled={busy}
                      data-testid="list-review-undo"
                      rightSection={<Kbd size="xs">Z</Kbd>}
                    >
                      {t('review.undo')}
                    </Button>
                  </Group>
                  <Text
                    size="sm"
                    c="dimmed"
                    role="status"
                    aria-live="polite"
                    data-testid="list-review-status"
                  >
                    {status ?? '\u00a0'}
                  </Text>
                </Stack>
              </Paper>
              <Paper withBorder p="md" data-testid="list-review-detail">
                <Stack gap="sm">
                  <Group gap="sm">
                    <Badge variant="light" size="lg">
                      {t('review.lists.fromList', { name: current.listName })}
                    </Badge>
                    <Badge variant="outline" color="gray">
                      {t(`review.lists.states.${current.reviewState}`)}
                    </Badge>
                  </Group>
                  <Table variant="vertical" layout="fixed" withTableBorder={false}>
                    <Table.Tbody>
                      {(
                        [
                          ['page', current.pageUrl, true],
                          ['image', current.imageUrl, true],
                          [
                            'match',
                            t('review.lists.matchValue', {
                              algo: current.algo,
                              distance: current.distance,
                            }),
                            false,
                          ],
                          ['found', when(current.foundAt, i18n.language), false],
                          [
                            'server',
                            `HTTP ${current.httpStatus} · ${current.serverIp || '—'}`,
                            false,
                          ],
                        ] as const
                      ).map(([k, v, mono]) => (
                        <Table.Tr key={k}>
                          <Table.Th w={160}>{t(`review.lists.fields.${k}`)}</Table.Th>
                          <Table.Td
                            ff={mono ? 'monospace' : undefined}
                            fz={mono ? 'xs' : 'sm'}
                            style={{ wordBreak: 'break-all' }}
                          >
                            {v}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                  <Text size="sm" c="dimmed" data-testid="list-review-no-picture">
                    {t('review.lists.noPicture')}
                  </Text>
                </Stack>
              </Paper>
            </Stack>
          ) : (
            // The outcome of the last decision stays in view when it emptied the list.
            <Text
              size="sm"
              c="dimmed"
              role="status"
              aria-live="polite"
              data-testid="list-review-status"
            >
              {status ?? '\u00a0'}
            </Text>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
