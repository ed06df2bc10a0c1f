/** Settings → General: language, the open case file, your password, a wellbeing note, the version. */
import { Paper, SegmentedControl, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconHeartHandshake } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../shared/types';
import { LANGUAGES, setLanguage, type Language } from '../i18n';
import { ChangePasswordPanel } from '../pages/accounts/change-password-panel';

function Section(props: {
  title: string;
  description?: string;
  children?: ReactNode;
  testId: string;
}) {
  return (
    <Paper p="xl" data-testid={props.testId}>
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2}>{props.title}</Title>
          {props.description ? <Text c="dimmed">{props.description}</Text> : null}
        </Stack>
        {props.children}
      </Stack>
    </Paper>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <SimpleGrid
      cols={2}
      spacing="lg"
      verticalSpacing="xs"
      style={{ gridTemplateColumns: 'max-content minmax(0, 1fr)' }}
      component="dl"
      m={0}
    >
      {rows.map(([label, value]) => [
        <Text key={`${label}-k`} component="dt" c="dimmed" size="sm">
          {label}
        </Text>,
        <Text key={`${label}-v`} component="dd" m={0} size="sm" style={{ wordBreak: 'break-all' }}>
          {value}
        </Text>,
      ])}
    </SimpleGrid>
  );
}

export function SettingsPage({ info }: { info: AppInfo }) {
  const { t, i18n } = useTranslation();
  const language: Language = i18n.resolvedLanguage === 'ko' ? 'ko' : 'en';
  const created = new Intl.DateTimeFormat(language === 'ko' ? 'ko-KR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(info.caseFile.createdAt));

  return (
    <Stack gap="lg" maw={880} data-testid="settings-general">
      <Section
        title={t('settings.language.title')}
        description={t('settings.language.description')}
        testId="settings-language"
      >
        <SegmentedControl
          size="md"
          w="fit-content"
          value={language}
          onChange={(v) => void setLanguage(v as Language)}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
          data-testid="settings-language-control"
        />
      </Section>
      <Section
        title={t('settings.caseFile.title')}
        description={t('settings.caseFile.description')}
        testId="settings-case-file"
      >
        <Facts
          rows={[
            [t('settings.caseFile.path'), <code key="p">{info.caseFile.path}</code>],
            [t('settings.caseFile.schemaVersion'), info.caseFile.schemaVersion],
            [t('settings.caseFile.createdAt'), created],
            [t('settings.caseFile.fileId'), <code key="f">{info.caseFile.fileId}</code>],
          ]}
        />
      </Section>
      <ChangePasswordPanel />
      <Paper p="xl" bg="sage.0" style={{ borderColor: 'var(--mantine-color-sage-1)' }}>
        <Stack gap={6}>
          <Title order={2} style={{ display: 'flex', gap: 10, alignItems: 'center' }}>
            <ThemeIcon variant="white" radius="xl" size={30} aria-hidden>
              <IconHeartHandshake size={18} stroke={1.6} />
            </ThemeIcon>
            {t('settings.wellbeing.title')}
          </Title>
          <Text c="stone.8">{t('settings.wellbeing.description')}</Text>
        </Stack>
      </Paper>
      <Section title={t('settings.about.title')} testId="settings-about">
        <Facts
          rows={[
            [
              t('settings.about.version'),
              <span data-testid="app-version" key="v">
                {info.version}
              </span>,
            ],
            [
              t('settings.about.host'),
              info.host === 'electron'
                ? t('settings.about.hostElectron')
                : t('settings.about.hostHeadless'),
            ],
          ]}
        />
      </Section>
    </Stack>
  );
}
