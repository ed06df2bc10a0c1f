/**
 * The hash-list queue's state (decision 0078): the state and list filters, the matches, the
 * cursor, and the decisions with their keys (J/K or arrows move, C confirm, R not a match, Z puts
 * the last decision back). Keys do nothing while a field or a drop-down has the focus.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  HashListInfo,
  ListMatchInfo,
  ListMatchState,
} from '../../../../shared/exchange-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';

const DONE = {
  confirmed: 'review.lists.decidedConfirm',
  rejected: 'review.lists.decidedReject',
  pending: 'review.lists.undone',
} as const;

export function useListReview() {
  const { t } = useTranslation();
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
        setStatus(t(DONE[to]));
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

  /** A new filter starts at the top with no outcome line. */
  const refilter = (patch: { state?: ListMatchState; listId?: number | undefined }) => {
    if (patch.state) setState(patch.state);
    if ('listId' in patch) setListId(patch.listId);
    setCursor(0);
    setStatus(null);
  };
  const count = (s: ListMatchState) =>
    lists
      .filter((l) => !listId || l.id === listId)
      .reduce((n, l) => n + l.matches[s], 0)
      .toLocaleString();

  return {
    state,
    listId,
    lists,
    matches,
    refilter,
    count,
    total,
    index,
    current,
    setCursor,
    error,
    clearError: () => setError(null),
    status,
    busy,
    decide,
    undo,
  };
}
