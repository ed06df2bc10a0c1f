/** Shown when a browser opened the headless host without the ?token= address `jium serve` printed. */
import { Code, List, Text, ThemeIcon } from '@mantine/core';
import { IconLink } from '@tabler/icons-react';
import { Trans, useTranslation } from 'react-i18next';
import { AuthFrame } from './auth-frame';

export function NoTokenPage() {
  const { t } = useTranslation();
  return (
    <AuthFrame title={t('noToken.title')} intro={t('noToken.body')} width={560} testId="no-token">
      <List type="ordered" spacing="sm">
        {(['step1', 'step2', 'step3'] as const).map((step) => (
          <List.Item key={step}>
            <Trans
              i18nKey={`noToken.${step}`}
              components={{ code: <Code fz="sm" style={{ whiteSpace: 'nowrap' }} /> }}
            />
          </List.Item>
        ))}
      </List>
      <Code block fz="sm" c="stone.8">
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
