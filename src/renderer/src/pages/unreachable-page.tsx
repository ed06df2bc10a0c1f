/** Shown when the host that served the page does not answer (stopped, or a new token). */
import { Button, Group } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AuthFrame } from './auth-frame';

export function UnreachablePage({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <AuthFrame title={t('unreachable.title')} intro={t('unreachable.body')} testId="unreachable">
      <Group>
        <Button leftSection={<IconPlugConnectedX size={18} />} onClick={onRetry}>
          {t('unreachable.retry')}
        </Button>
      </Group>
    </AuthFrame>
  );
}
