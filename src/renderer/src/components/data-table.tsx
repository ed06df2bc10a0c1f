/**
 * A table built from column descriptions instead of hand-written rows: each column has a header
 * (a table whose columns have none gets no header row), optional width limits, and a cell drawn
 * from the row. Long values wrap anywhere when the column asks for it.
 */
import { Table } from '@mantine/core';
import type { Key, ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header?: ReactNode;
  /** Fixed width of the column's cells. */
  w?: number;
  /** Largest width of the column's cells. */
  maw?: number;
  /** Break long values (URLs) anywhere. */
  breakAll?: boolean;
  cell: (row: T) => ReactNode;
}

export function DataTable<T>(props: {
  rows: readonly T[];
  rowKey: (row: T) => Key;
  columns: Column<T>[];
  testId?: string;
}) {
  const headed = props.columns.some((c) => c.header !== undefined);
  return (
    <Table data-testid={props.testId}>
      {headed ? (
        <Table.Thead>
          <Table.Tr>
            {props.columns.map((c) => (
              <Table.Th key={c.key}>{c.header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
      ) : null}
      <Table.Tbody>
        {props.rows.map((row) => (
          <Table.Tr key={props.rowKey(row)}>
            {props.columns.map((c) => (
              <Table.Td
                key={c.key}
                w={c.w}
                maw={c.maw}
                style={c.breakAll ? { wordBreak: 'break-all' } : undefined}
              >
                {c.cell(row)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
