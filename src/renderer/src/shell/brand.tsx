/** The product mark: an eraser (지움 means "erasing") in a soft tile, and the name in both scripts. */
import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconEraser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function Brand({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const { t } = useTranslation();
  const large = size === 'lg';
  return (
    <Group gap={10} wrap="nowrap" data-testid="brand">
      <ThemeIcon size={large ? 40 : 32} radius="md" variant="light" aria-hidden>
        <IconEraser size={large ? 22 : 18} stroke={1.75} />
      </ThemeIcon>
      <Text fw={700} fz={large ? 22 : 17} lh={1} c="stone.9">
        {t('app.name')}{' '}
        <Text span inherit fw={500} c="sage.7">
          {t('app.nameKo')}
        </Text>
      </Text>
    </Group>
  );
}
