/**
 * A table built from column descriptions instead of hand-written rows: each column has a header
 * (a table whose columns have none gets no header row), optional width limits, and a cell drawn
 * from the row. Long values wrap anywhere when the column asks for it. The screens' lists (cases,
 * sites, list matches, requests, a request's detail) all draw through it, so a table looks and
 * behaves the same everywhere: one empty state, one way to open a row by mouse or keyboard.
 */
import {
  Table,
  Text,
  type MantineFontSize,
  type MantineSpacing,
  type TableTdProps,
} from '@mantine/core';
import type { KeyboardEvent, Key, ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header?: ReactNode;
  /** Fixed width of the column's cells. */
  w?: number;
  /** Largest width of the column's cells. */
  maw?: number;
  /** Break long values (URLs) anywhere. */
  breakAll?: boolean;
  /** Keep the cell on one line. */
  nowrap?: boolean;
  /** Alignment of the header and the cells (numbers: right). */
  align?: 'left' | 'right';
  /** Other props of each cell (font, size, weight). */
  td?: Omit<TableTdProps, 'children'>;
  cell: (row: T) => ReactNode;
}

/** Props of a row beyond its cells: its test id, its background, data attributes. */
export type RowProps = Record<`data-${string}`, string | undefined> & { bg?: string };

export interface DataTableProps<T> {
  rows: readonly T[];
  rowKey: (row: T) => Key;
  columns: Column<T>[];
  testId?: string;
  /**
   * What an empty list shows instead of the table (a dimmed line). Leave it out while the rows
   * are loading, so "none" is never said before the answer came.
   */
  empty?: { text: ReactNode; testId?: string; p?: MantineSpacing };
  /** Opening a row: a click anywhere on it, or Enter / Space when it has the focus. */
  onOpen?: (row: T) => void;
  rowProps?: (row: T) => RowProps;
  highlightOnHover?: boolean;
  verticalSpacing?: MantineSpacing;
  fz?: MantineFontSize;
}

export function DataTable<T>(props: DataTableProps<T>) {
  if (props.empty && props.rows.length === 0)
    return (
      <Text c="dimmed" p={props.empty.p} data-testid={props.empty.testId}>
        {props.empty.text}
      </Text>
    );
  const headed = props.columns.some((c) => c.header !== undefined);
  const open = props.onOpen;
  return (
    <Table
      data-testid={props.testId}
      highlightOnHover={props.highlightOnHover}
      verticalSpacing={props.verticalSpacing}
      fz={props.fz}
    >
      {headed ? (
        <Table.Thead>
          <Table.Tr>
            {props.columns.map((c) => (
              <Table.Th key={c.key} ta={c.align}>
                {c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
      ) : null}
      <Table.Tbody>
        {props.rows.map((row) => (
          <Table.Tr
            key={props.rowKey(row)}
            {...props.rowProps?.(row)}
            {...(open
              ? {
                  tabIndex: 0,
                  style: { cursor: 'pointer' },
                  onClick: () => open(row),
                  onKeyDown: (e: KeyboardEvent) => {
                    if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' '))
                      return;
                    e.preventDefault();
                    open(row);
                  },
                }
              : {})}
          >
            {props.columns.map((c) => (
              <Table.Td
                key={c.key}
                w={c.w}
                maw={c.maw}
                ta={c.align}
                style={
                  c.breakAll || c.nowrap
                    ? {
                        wordBreak: c.breakAll ? 'break-all' : undefined,
                        whiteSpace: c.nowrap ? 'nowrap' : undefined,
                      }
                    : undefined
                }
                {...c.td}
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
