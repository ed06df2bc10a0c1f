/** Shown when a browser opened the headless host without the ?token= address `jium serve` printed. */
import { Code, List, Text, ThemeIcon } from '@mantine/core';
import { IconLink } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AuthFrame } from './auth-frame';

export function NoTokenPage() {
  const { t } = useTranslation();
  return (
    <AuthFrame title={t('noToken.title')} intro={t('noToken.body')} width={560} testId="no-token">
      <List type="ordered" spacing="sm">
        <List.Item>{t('noToken.step1')}</List.Item>
        <List.Item>{t('noToken.step2')}</List.Item>
        <List.Item>{t('noToken.step3')}</List.Item>
      </List>
      <Code block c="stone.8">
        {t('noToken.example')}
      </Code>
      <Text size="sm" c="dimmed" style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <ThemeIcon size={22} variant="light" color="stone" radius="xl" aria-hidden>
          <IconLink size={14} />
        </ThemeIcon>
        {t('noToken.note')}
      </Text>
    </AuthFrame>
  );
}
