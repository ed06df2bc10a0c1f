/** A real empty state for an area: what will appear here, what to do first, and one gentle note. */
import { EmptyState, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AREA_ICONS, type Area } from '../shell/areas';

type ContentArea = Exclude<Area, 'settings'>;

/** The area's title above its empty card. */
export function AreaEmptyState({ area }: { area: ContentArea }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={880} data-testid={`area-${area}`}>
      <Title order={1}>{t(`nav.${area}`)}</Title>
      <AreaEmptyCard area={area} />
    </Stack>
  );
}

/** The card alone, for an area whose page has its own title and tabs around it. */
export function AreaEmptyCard({ area, py = 56 }: { area: ContentArea; py?: number }) {
  const { t } = useTranslation();
  const Icon = AREA_ICONS[area];
  return (
    <Paper px="xl" py={py}>
      <EmptyState
        size="lg"
        variant="light"
        icon={<Icon size={30} stroke={1.5} />}
        title={<span data-testid={`empty-${area}-title`}>{t(`areas.${area}.title`)}</span>}
        description={
          <Stack gap="lg" align="center">
            <Text c="stone.7" maw={520} ta="center" lh={1.7}>
              {t(`areas.${area}.description`)}
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
                {t(`areas.${area}.hint`)}
              </Text>
            </Group>
          </Stack>
        }
      />
    </Paper>
  );
}
