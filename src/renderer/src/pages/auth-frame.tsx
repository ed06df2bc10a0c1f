/** The calm frame around pages shown before the shell: brand, language menu, one centred card. */
import { Box, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Brand } from '../shell/brand';
import { LanguageMenu } from '../shell/language-menu';

export function AuthFrame(props: {
  title: string;
  intro?: ReactNode;
  children?: ReactNode;
  width?: number;
  testId: string;
}) {
  return (
    <Box mih="100vh" py={40} px="md" data-testid={props.testId}>
      <Container size={props.width ?? 460} p={0}>
        <Group justify="space-between" mb={28}>
          <Brand size="lg" />
          <LanguageMenu />
        </Group>
        <Paper p={{ base: 'lg', sm: 32 }} shadow="xs">
          <Stack gap="lg">
            <Stack gap={6}>
              <Title order={1}>{props.title}</Title>
              {props.intro ? (
                <Text c="dimmed" size="md">
                  {props.intro}
                </Text>
              ) : null}
            </Stack>
            {props.children}
          </Stack>
        </Paper>
      </Container>
    </Box>
  );
}
