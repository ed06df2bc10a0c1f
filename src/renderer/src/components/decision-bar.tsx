/**
 * The bar above an item under review: an optional line on top (a batch hint), a row of decision
 * buttons each showing its key, and a polite status line that says what the last decision did.
 */
import { Button, Group, Kbd, Paper, Stack, Text, type ButtonProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** A line that screen readers read when it changes; a non-breaking space keeps its height. */
export function StatusLine(props: { status: string | null; testId: string }) {
  return (
    <Text size="sm" c="dimmed" role="status" aria-live="polite" data-testid={props.testId}>
      {props.status ?? '\u00a0'}
    </Text>
  );
}

/** How a decision button looks: the main action filled, "not a match" soft teal, the rest quieter. */
const TONES = {
  main: {},
  reject: { color: 'teal', variant: 'light' },
  neutral: { variant: 'default' },
  quiet: { variant: 'subtle' },
} as const;

/** A button that shows the key that does the same thing. */
export function KeyButton(
  props: ButtonProps & {
    keyLabel?: string;
    tone?: keyof typeof TONES;
    onClick: () => void;
    testId: string;
  },
) {
  const { keyLabel, testId, tone, ...button } = props;
  return (
    <Button
      {...TONES[tone ?? 'main']}
      {...button}
      data-testid={testId}
      rightSection={keyLabel ? <Kbd size="xs">{keyLabel}</Kbd> : undefined}
    />
  );
}

export function DecisionBar(props: {
  above?: ReactNode;
  children: ReactNode;
  status: string | null;
  statusTestId: string;
}) {
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        {props.above}
        <Group gap="sm" wrap="wrap">
          {props.children}
        </Group>
        <StatusLine status={props.status} testId={props.statusTestId} />
      </Stack>
    </Paper>
  );
}
