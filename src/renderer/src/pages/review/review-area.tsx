/**
 * The Review area (monitors, admins): two sources, case matches and hash-list matches
 * (list-review.tsx, decision 0078). For case matches: filters with counts, the virtualised queue and the current
 * item, driven from the keyboard (J/K, C/R/U, Z, Space held to reveal, X to select for a batch,
 * ? for the sheet). A decision is awaited — written to the case file — before the next item shows.
 * A gentle break reminder after the reviewer's configured minutes; the day's count is theirs.
 */
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Kbd,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconKeyboard } from '@tabler/icons-react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_REVIEW_SETTINGS,
  REVIEW_STATES,
  type ReviewCounts,
  type ReviewDailyCount,
  type ReviewDecision,
  type ReviewFilterInput,
  type ReviewItemDetail,
  type ReviewPicture,
  type ReviewSettings,
  type ReviewState,
} from '../../../../shared/review-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { breakDue, touch, type BreakClock } from './break-reminder';
import { ListReview } from './list-review';
import { ReviewList } from './review-list';
import { ReviewView, type Pictures } from './review-view';
import { ShortcutSheet } from './shortcut-sheet';
import { useQueue } from './use-queue';

const PICTURES: ReviewPicture[] = ['reference', 'candidate', 'snapshot'];

function localMidnight(): string {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

/** The Review area: case matches (the queue) or hash-list matches (decision 0078). */
export function ReviewArea() {
  const { t } = useTranslation();
  const [source, setSource] = useState<'cases' | 'lists'>('cases');
  const header = (
    <SegmentedControl
      value={source}
      onChange={(v) => setSource(v as 'cases' | 'lists')}
      data-testid="review-source"
      data={(['cases', 'lists'] as const).map((s) => ({
        value: s,
        label: t(`review.lists.source.${s}`),
      }))}
      w="fit-content"
    />
  );
  return source === 'cases' ? (
    <CaseReview header={header} />
  ) : (
    <ListReview
      header={
        <Stack gap="md">
          <Title order={1}>{t('review.title')}</Title>
          {header}
        </Stack>
      }
    />
  );
}

function CaseReview({ header }: { header: ReactNode }) {
  const { t } = useTranslation();
  const api = useApi();
  const [filter, setFilter] = useState<ReviewFilterInput>({ state: 'pending' });
  const [error, setError] = useState<string | null>(null);
  const onError = useCallback((e: unknown) => setError(errorText(t, e)), [t]);
  const queue = useQueue(api, filter, onError);
  const [rawCursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [detail, setDetail] = useState<ReviewItemDetail | null>(null);
  const [shown, setShown] = useState<{ id: number; pictures: Pictures } | null>(null);
  const [held, setHeld] = useState<{ id: number; pictures: Pictures } | null>(null);
  const [counts, setCounts] = useState<ReviewCounts | null>(null);
  const [daily, setDaily] = useState<ReviewDailyCount | null>(null);
  const [settings, setSettings] = useState<ReviewSettings>(DEFAULT_REVIEW_SETTINGS);
  const [note, setNote] = useState('');
  const [sheet, setSheet] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  // Set while a decision or undo is in flight; 'busy' mirrors it for the buttons.
  const [busy, setBusy] = useState(false);
  const [breakMinutes, setBreakMinutes] = useState<number | null>(null);
  const [paused, setPaused] = useState(false);
  const clock = useRef<BreakClock>({ since: null, lastActivity: null });
  const cache = useRef(new Map<string, Pictures[ReviewPicture]>());
  const noteRef = useRef<HTMLInputElement>(null);
  const holding = useRef(false);
  const busyRef = useRef(false);
  const releaseOnRender = useRef(false);
  /** The item on screen (after commit): keys act on what the reviewer sees, never on stale ids. */
  const shownRef = useRef<number | undefined>(undefined);

  const total = queue.total ?? 0;
  // The cursor stays inside the queue as it shrinks.
  const cursor = total ? Math.min(rawCursor, total - 1) : 0;
  const current = total ? queue.get(cursor) : undefined;
  const currentId = current?.id;
  const pictures = shown && shown.id === currentId ? shown.pictures : {};
  const revealed = held && held.id === currentId ? held.pictures : {};
  useLayoutEffect(() => {
    shownRef.current = detail && detail.id === currentId ? currentId : undefined;
    if (releaseOnRender.current) {
      releaseOnRender.current = false;
      busyRef.current = false;
    }
  });

  const reloadCounts = useCallback(() => {
    api.call('review.counts', { filter }).then(setCounts).catch(onError);
    api.call('review.dailyCount', { since: localMidnight() }).then(setDaily).catch(onError);
  }, [api, filter, onError]);
  useEffect(() => reloadCounts(), [reloadCounts]);
  // After decisions, counts follow once the reviewer pauses: they never delay the next item.
  const countsTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const countsSoon = useCallback(() => {
    if (countsTimer.current) clearTimeout(countsTimer.current);
    countsTimer.current = setTimeout(reloadCounts, 400);
  }, [reloadCounts]);
  useEffect(() => {
    api.call('review.settings', {}).then(setSettings).catch(onError);
  }, [api, onError]);
  // Other monitors' decisions and new crawl matches: refresh quietly (the cursor stays).
  useEffect(() => {
    const offs = [
      // Another reviewer decided something: the window may have changed under the cursor.
      api.on('review.changed', () => {
        countsSoon();
        if (!busyRef.current) void queue.refresh(cursor);
      }),
      api.on('crawl.match', () => {
        countsSoon();
        void queue.refresh(cursor);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [api, countsSoon, queue, cursor]);

  const picturesOf = useCallback(
    async (itemId: number): Promise<Pictures> => {
      const out: Pictures = {};
      await Promise.all(
        PICTURES.map(async (p) => {
          const key = `${itemId}:${p}:${settings.blur}`;
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
    [api, settings.blur],
  );

  // Load the current item, then warm the next one's blurred pictures.
  useEffect(() => {
    if (currentId === undefined) return;
    let live = true;
    api
      .call('review.item', { itemId: currentId })
      .then((d) => live && setDetail(d))
      .catch(onError);
    picturesOf(currentId)
      .then((p) => live && setShown({ id: currentId, pictures: p }))
      .catch(onError);
    const next = queue.get(cursor + 1);
    if (next) void picturesOf(next.id).catch(() => undefined);
    return () => void (live = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the queue object changes each render
  }, [api, currentId, picturesOf, onError]);

  const activity = useCallback(() => {
    clock.current = touch(clock.current, Date.now());
  }, []);
  useEffect(() => {
    const timer = setInterval(() => {
      if (breakMinutes !== null || paused) return;
      const due = breakDue(clock.current, Date.now(), settings.breakMinutes);
      if (due !== null) setBreakMinutes(due);
    }, 15_000);
    return () => clearInterval(timer);
  }, [settings.breakMinutes, breakMinutes, paused]);

  const move = useCallback(
    (delta: number) => {
      activity();
      setCursor((c) => Math.max(0, Math.min(c + delta, Math.max(0, total - 1))));
    },
    [total, activity],
  );

  const decideNow = useCallback(
    async (decision: ReviewDecision) => {
      const itemId = shownRef.current;
      if (busyRef.current || (!itemId && selected.size === 0)) return;
      activity();
      setBusy(true);
      busyRef.current = true;
      try {
        const itemIds = selected.size ? [...selected] : [itemId!];
        await api.call('review.decide', {
          itemIds,
          decision,
          ...(note.trim() ? { note: note.trim() } : {}),
        });
        setStatus(
          t(
            decision === 'confirm'
              ? 'review.decidedConfirm'
              : decision === 'reject'
                ? 'review.decidedReject'
                : 'review.decidedUnsure',
          ),
        );
        setSelected(new Set());
        setNote('');
        setError(null);
        // Written; now fetch what comes next before showing it.
        await queue.refresh(cursor);
        countsSoon();
      } catch (e) {
        onError(e);
      } finally {
        // Released once the next item is on screen (see the layout effect below).
        releaseOnRender.current = true;
        setBusy(false);
      }
    },
    [selected, activity, api, note, t, queue, cursor, countsSoon, onError],
  );

  const undo = useCallback(async () => {
    if (busyRef.current) return;
    activity();
    setBusy(true);
    busyRef.current = true;
    try {
      const r = await api.call('review.undo', {});
      setStatus(t(r ? 'review.undone' : 'review.nothingToUndo'));
      setError(null);
      await queue.refresh(cursor);
      countsSoon();
    } catch (e) {
      onError(e);
    } finally {
      releaseOnRender.current = true;
      setBusy(false);
    }
  }, [activity, api, t, queue, cursor, countsSoon, onError]);

  const reveal = useCallback(
    (which: ReviewPicture[] | null) => {
      if (!which || !currentId || paused) {
        holding.current = false;
        setHeld(null);
        return;
      }
      holding.current = true;
      activity();
      for (const p of which) {
        if (p !== 'snapshot' && !(shown?.id === currentId && shown.pictures[p])) continue;
        if (p === 'snapshot' && detail?.snapshotKind !== 'png') continue;
        api
          .call('review.reveal', { itemId: currentId, picture: p })
          .then((img) => {
            if (holding.current)
              setHeld((h) => ({
                id: currentId,
                pictures: { ...(h?.id === currentId ? h.pictures : {}), [p]: img },
              }));
          })
          .catch(onError);
      }
    },
    [currentId, paused, activity, shown, detail, api, onError],
  );

  const toggleSelect = useCallback(() => {
    if (!currentId) return;
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(currentId)) n.delete(currentId);
      else n.add(currentId);
      return n;
    });
  }, [currentId]);

  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      const typing =
        e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (e.key === 'Escape') {
        if (typing) (e.target as HTMLElement).blur();
        else setSelected(new Set());
        return;
      }
      if (typing || e.altKey || breakMinutes !== null) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void undo();
        return;
      }
      if (e.ctrlKey || e.metaKey) return;
      if (e.key === '?') {
        setSheet((s) => !s);
        return;
      }
      if (sheet) return;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const actions: Record<string, () => void> = {
        j: () => move(1),
        ArrowDown: () => move(1),
        k: () => move(-1),
        ArrowUp: () => move(-1),
        c: () => void decideNow('confirm'),
        r: () => void decideNow('reject'),
        u: () => void decideNow('unsure'),
        z: () => void undo(),
        x: toggleSelect,
        n: () => noteRef.current?.focus(),
        ' ': () => {
          if (!e.repeat) reveal(['reference', 'candidate', 'snapshot']);
        },
      };
      const action = actions[key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    const up = (e: KeyboardEvent) => {
      if (e.key === ' ') reveal(null);
    };
    const hide = () => reveal(null);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', hide);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', hide);
    };
  }, [move, decideNow, undo, toggleSelect, reveal, sheet, breakMinutes]);

  const setFacet = (patch: Partial<ReviewFilterInput>) => {
    setFilter((f) => {
      const next = { ...f, ...patch } as Record<string, unknown>;
      for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
      return next as ReviewFilterInput;
    });
    setCursor(0);
    setSelected(new Set());
  };
  const allOption = { value: '', label: t('review.filters.all') };

  return (
    <Stack gap="md" maw={1400} data-testid="review-page">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('review.title')}</Title>
        <Group gap="sm">
          {daily ? (
            <Paper px="md" py={6} withBorder data-testid="review-daily">
              <Text size="sm" fw={600}>
                {t('review.today', { count: daily.total })}
              </Text>
              <Text size="xs" c="dimmed">
                {t('review.todayDetail', { ...daily })}
              </Text>
            </Paper>
          ) : null}
          <Button
            variant="default"
            leftSection={<IconKeyboard size={18} />}
            onClick={() => setSheet(true)}
            data-testid="review-shortcuts-open"
          >
            {t('review.shortcuts')} <Kbd ml={6}>?</Kbd>
          </Button>
        </Group>
      </Group>
      {header}

      <SegmentedControl
        value={filter.state ?? 'pending'}
        onChange={(v) => setFacet({ state: v as ReviewState })}
        data-testid="review-state-filter"
        data={REVIEW_STATES.map((s) => ({
          value: s,
          label: `${t(`review.states.${s}`)} ${counts ? counts.states[s].toLocaleString() : ''}`,
        }))}
        w="fit-content"
      />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('review.filters.case')}
          w={190}
          value={filter.caseId ? String(filter.caseId) : ''}
          onChange={(v) => setFacet({ caseId: v ? Number(v) : undefined })}
          data={[
            allOption,
            ...(counts?.cases ?? []).map((c) => ({
              value: String(c.id),
              label: `${c.code} (${c.count})`,
            })),
          ]}
          data-testid="review-case-filter"
        />
        <Select
          label={t('review.filters.host')}
          w={220}
          searchable
          value={filter.host ?? ''}
          onChange={(v) => setFacet({ host: v || undefined })}
          data={[
            allOption,
            ...(counts?.hosts ?? []).map((h) => ({
              value: h.host,
              label: `${h.host} (${h.count})`,
            })),
          ]}
          data-testid="review-host-filter"
        />
        <Select
          label={t('review.filters.site')}
          w={190}
          value={filter.siteId ? String(filter.siteId) : ''}
          onChange={(v) => setFacet({ siteId: v ? Number(v) : undefined })}
          data={[
            allOption,
            ...(counts?.sites ?? []).map((s) => ({
              value: String(s.id),
              label: `${s.name} (${s.count})`,
            })),
          ]}
          data-testid="review-site-filter"
        />
        <Select
          label={t('review.filters.algo')}
          w={170}
          value={filter.algo ?? ''}
          onChange={(v) => setFacet({ algo: v || undefined })}
          data={[
            allOption,
            ...(counts?.algos ?? []).map((a) => ({
              value: a.algo,
              label: `${a.algo} (${a.count})`,
            })),
          ]}
          data-testid="review-algo-filter"
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
            <Group justify="space-between">
              <Text size="sm" c="dimmed" data-testid="review-position">
                {total
                  ? t('review.position', {
                      index: Math.min(cursor, total - 1) + 1,
                      total: total.toLocaleString(),
                    })
                  : ''}
              </Text>
              {selected.size ? (
                <Button size="compact-xs" variant="subtle" onClick={() => setSelected(new Set())}>
                  {t('review.clearSelection')}
                </Button>
              ) : null}
            </Group>
            {queue.total === 0 ? (
              <Paper withBorder p="lg">
                <Text c="dimmed" data-testid="review-empty">
                  {t('review.empty')}
                </Text>
              </Paper>
            ) : (
              <ReviewList queue={queue} cursor={cursor} selected={selected} onPick={setCursor} />
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
          {current && detail && detail.id === current.id ? (
            <Stack gap="md">
              <Paper withBorder p="md">
                <Stack gap="sm">
                  {selected.size ? (
                    <Badge color="blue" variant="light" data-testid="review-selected">
                      {t('review.batchHint', { count: selected.size })}
                    </Badge>
                  ) : null}
                  <Group gap="sm" wrap="wrap">
                    <Button
                      onClick={() => void decideNow('confirm')}
                      loading={busy}
                      data-testid="review-confirm"
                      rightSection={<Kbd size="xs">C</Kbd>}
                    >
                      {t('review.confirm')}
                    </Button>
                    <Button
                      color="teal"
                      variant="light"
                      onClick={() => void decideNow('reject')}
                      disabled={busy}
                      data-testid="review-reject"
                      rightSection={<Kbd size="xs">R</Kbd>}
                    >
                      {t('review.reject')}
                    </Button>
                    <Button
                      variant="default"
                      onClick={() => void decideNow('unsure')}
                      disabled={busy}
                      data-testid="review-unsure"
                      rightSection={<Kbd size="xs">U</Kbd>}
                    >
                      {t('review.unsure')}
                    </Button>
                    <Button
                      variant="subtle"
                      onClick={() => void undo()}
                      disabled={busy}
                      data-testid="review-undo"
                      rightSection={<Kbd size="xs">Z</Kbd>}
                    >
                      {t('review.undo')}
                    </Button>
                    <TextInput
                      ref={noteRef}
                      flex={1}
                      miw={200}
                      placeholder={t('review.notePlaceholder')}
                      aria-label={t('review.note')}
                      value={note}
                      onChange={(e) => setNote(e.currentTarget.value)}
                      data-testid="review-note"
                    />
                  </Group>
                  <Text
                    size="sm"
                    c="dimmed"
                    role="status"
                    aria-live="polite"
                    data-testid="review-status"
                  >
                    {status ?? '\u00a0'}
                  </Text>
                </Stack>
              </Paper>
              <ReviewView
                item={detail}
                pictures={pictures}
                revealed={revealed}
                paused={paused}
                onHold={(p) => reveal(p ? [p] : null)}
              />
            </Stack>
          ) : queue.total ? (
            <Text c="dimmed">{t('review.loading')}</Text>
          ) : null}
        </Grid.Col>
      </Grid>

      <ShortcutSheet opened={sheet} onClose={() => setSheet(false)} />
      <Modal
        opened={breakMinutes !== null}
        onClose={() => setBreakMinutes(null)}
        title={t('review.breakTitle')}
        centered
        data-testid="review-break"
      >
        <Stack>
          <Text>{t('review.breakBody', { minutes: breakMinutes ?? 0 })}</Text>
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                clock.current = { since: Date.now(), lastActivity: Date.now() };
                setBreakMinutes(null);
              }}
            >
              {t('review.breakContinue')}
            </Button>
            <Button
              onClick={() => {
                setBreakMinutes(null);
                setPaused(true);
              }}
            >
              {t('review.breakTake')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      {paused ? (
        <Modal opened onClose={() => undefined} withCloseButton={false} centered>
          <Stack align="center">
            <Text>{t('review.breakPaused')}</Text>
            <Button
              onClick={() => {
                clock.current = { since: null, lastActivity: null };
                setPaused(false);
              }}
            >
              {t('review.breakBack')}
            </Button>
          </Stack>
        </Modal>
      ) : null}
    </Stack>
  );
}
