/**
 * Quarantined hash lists and entries, in words (decision 0053): why the list (or an entry) was
 * taken out of the queue, how many matches wait, and a Release button that queues them. Shown in
 * the Hash lists tab and, for monitors, above the Review queue.
 */
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconShieldPause } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HashListInfo, QuarantineInfo } from '../../../../shared/exchange-types';
import { useApi } from '../../api/api-context';

/** The sentence that says why a quarantine holds. */
export function quarantineWords(
  t: ReturnType<typeof useTranslation>['t'],
  q: QuarantineInfo,
  entries = 1,
): string {
  // Keys checked by the tables' types; the options vary by reason, so one plain signature here.
  const say = t as unknown as (key: string, options: Record<string, unknown>) => string;
  const date = q.at.slice(0, 10);
  const r = q.reason;
  if (r.code === 'entry-spread') {
    return say('exchange.quarantine.entrySpread', {
      count: entries,
      date,
      images: r.images,
      limit: r.limit,
    });
  }
  return r.baselinePerThousand === null
    ? say('exchange.quarantine.rateNew', { ...r, date })
    : say('exchange.quarantine.rate', { ...r, date, baseline: r.baselinePerThousand });
}

/** One alert per list that holds matches back, with its release buttons. */
export function ListQuarantines(props: {
  lists: HashListInfo[];
  onRelease: (id: number, what: 'list' | 'entries') => void;
}) {
  const { t } = useTranslation();
  const held = props.lists.filter((l) => l.quarantine || l.quarantinedEntries > 0);
  if (held.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="list-quarantines">
      {held.map((l) => (
        <Alert
          key={l.id}
          color="orange"
          icon={<IconShieldPause size={18} />}
          title={t('exchange.quarantine.title', { name: l.name })}
          data-testid="list-quarantine"
        >
          <Stack gap={4}>
            {l.quarantine ? <Text size="sm">{quarantineWords(t, l.quarantine)}</Text> : null}
            {l.entryQuarantine ? (
              <Text size="sm">{quarantineWords(t, l.entryQuarantine, l.quarantinedEntries)}</Text>
            ) : null}
            <Text size="sm" c="dimmed">
              {t('exchange.quarantine.held', { count: l.held })}
            </Text>
            <Group gap="xs">
              {l.quarantine ? (
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => props.onRelease(l.id, 'list')}
                  data-testid="release-list"
                >
                  {t('exchange.quarantine.releaseList')}
                </Button>
              ) : null}
              {l.quarantinedEntries > 0 ? (
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => props.onRelease(l.id, 'entries')}
                  data-testid="release-entries"
                >
                  {t('exchange.quarantine.releaseEntries', { count: l.quarantinedEntries })}
                </Button>
              ) : null}
            </Group>
          </Stack>
        </Alert>
      ))}
    </Stack>
  );
}

/** The quarantines of the case file, loaded on its own (for the Review area's monitors). */
export function HeldListsNotice() {
  const api = useApi();
  const [lists, setLists] = useState<HashListInfo[]>([]);
  // A failure here only hides the notice: the queue below stays usable.
  const load = useCallback(() => {
    api.call('exchange.lists', {}).then(setLists, () => setLists([]));
  }, [api]);
  useEffect(load, [load]);
  return (
    <ListQuarantines
      lists={lists}
      onRelease={(id, what) => api.call('exchange.release', { id, what }).then(load, load)}
    />
  );
}
