/**
 * Label/value lists: a two-column table (label on the left, long values wrap anywhere) and a
 * grid of small facts (dimmed label above its value).
 */
import { SimpleGrid, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface LabelValue {
  key: string;
  label: ReactNode;
  value: ReactNode;
  /** Shown in a small monospace face (URLs, hashes). */
  mono?: boolean;
}

export function LabelValueTable(props: { rows: LabelValue[]; labelWidth?: number }) {
  return (
    <Table variant="vertical" layout="fixed" withTableBorder={false}>
      <Table.Tbody>
        {props.rows.map((r) => (
          <Table.Tr key={r.key}>
            <Table.Th w={props.labelWidth ?? 160}>{r.label}</Table.Th>
            <Table.Td
              ff={r.mono ? 'monospace' : undefined}
              fz={r.mono ? 'xs' : 'sm'}
              style={{ wordBreak: 'break-all' }}
            >
              {r.value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function LabelValueGrid(props: { rows: [string, ReactNode][] }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" verticalSpacing={6}>
      {props.rows.map(([label, value]) => (
        <div key={label}>
          <Text size="xs" c="dimmed">
            {label}
          </Text>
          <Text size="sm" style={{ wordBreak: 'break-all' }}>
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
