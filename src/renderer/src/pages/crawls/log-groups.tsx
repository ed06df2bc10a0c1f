/**
 * The crawl log grouped by kind, in words: one row per kind (what happened, why, how often),
 * problems first; each row opens to the raw lines — time, code, address and the message as the
 * crawler or its libraries wrote it.
 */
import { Accordion, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CrawlLogEntry } from '../../../../shared/crawl-types';
import { groupLog } from './log-kinds';

const COLOURS = { error: 'red', warn: 'yellow', info: 'gray' } as const;

export function LogGroups(props: { entries: readonly CrawlLogEntry[] }) {
  const { t } = useTranslation();
  const groups = groupLog(props.entries);
  return (
    <Accordion multiple variant="separated" data-testid="run-log">
      {groups.map((g) => (
        <Accordion.Item key={g.kind} value={g.kind} data-testid={`log-kind-${g.kind}`}>
          <Accordion.Control aria-label={t('crawlLog.showRaw')}>
            <Group justify="space-between" wrap="nowrap" pr="sm">
              <Stack gap={0}>
                <Text fw={600} size="sm">
                  {t(`crawlLog.kinds.${g.kind}.title`)}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`crawlLog.kinds.${g.kind}.body`)}
                </Text>
              </Stack>
              <Badge color={COLOURS[g.level]} variant="light" style={{ flexShrink: 0 }}>
                {t('crawlLog.count', { count: g.entries.length })}
              </Badge>
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <Table striped fz={12} data-testid={`log-raw-${g.kind}`}>
              <Table.Tbody>
                {g.entries.slice(-200).map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{l.at.slice(11, 19)}</Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace" c={COLOURS[l.level]}>
                        {l.code}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ wordBreak: 'break-all' }}>{l.url ?? ''}</Table.Td>
                    <Table.Td>{l.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
