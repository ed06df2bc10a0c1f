/** A bordered panel with a heading: one part of a detail screen. */
import { Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function Section(props: { title: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={3} mb="sm">
        {props.title}
      </Title>
      {props.children}
    </Paper>
  );
}
