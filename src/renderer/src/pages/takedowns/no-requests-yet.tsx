/** The Requests tab before any request exists: what will appear here and where it comes from. */
import { EmptyState, Group, Paper, Stack, Text } from '@mantine/core';
import { IconInfoCircle, IconMailForward } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function NoRequestsYet() {
  const { t } = useTranslation();
  return (
    <Paper px="xl" py={48}>
      <EmptyState
        size="lg"
        variant="light"
        icon={<IconMailForward size={30} stroke={1.5} />}
        title={<span data-testid="empty-takedowns-title">{t('areas.takedowns.title')}</span>}
        description={
          <Stack gap="lg" align="center">
            <Text c="stone.7" maw={520} ta="center" lh={1.7}>
              {t('areas.takedowns.description')}
            </Text>
            <Group
              gap={8}
              wrap="nowrap"
              align="flex-start"
              w="100%"
              maw={520}
              px="md"
              py={10}
              bg="stone.0"
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
            >
              <IconInfoCircle
                size={16}
                stroke={1.6}
                color="var(--mantine-color-sage-7)"
                aria-hidden
                style={{ flexShrink: 0, marginTop: 3 }}
              />
              <Text size="sm" c="stone.7" ta="left" style={{ flex: 1 }}>
                {t('areas.takedowns.hint')}
              </Text>
            </Group>
          </Stack>
        }
      />
    </Paper>
  );
}
