/**
 * Settings, in sections with their own addresses (#/settings/accounts): a row of tabs under the
 * title, the chosen section below. A reload or a link (the first-run checklist) opens a section.
 */
import { Stack, Tabs, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../shared/roles';
import type { AppInfo } from '../../../shared/types';
import { SettingsPage } from '../areas/settings-page';
import { AccountsPanel } from '../pages/accounts/accounts-panel';
import { AuditPanel } from '../pages/audit/audit-panel';
import {
  CentreSettingsPanel,
  NoticeTemplatesPanel,
  TimeZoneSettingsPanel,
} from '../pages/notices/notice-settings';
import { ReviewSettingsPanel } from '../pages/review/review-settings';
import { WorkersPanel } from '../pages/workers/workers-panel';
import {
  sectionFromHash,
  sectionHash,
  sectionsFor,
  type SettingsSection,
} from './settings-sections';

function SectionBody(props: { section: SettingsSection; info: AppInfo }) {
  switch (props.section) {
    case 'general':
      return <SettingsPage info={props.info} />;
    case 'accounts':
      return <AccountsPanel />;
    case 'centre':
      return <CentreSettingsPanel />;
    case 'time-zone':
      return <TimeZoneSettingsPanel />;
    case 'notices':
      return <NoticeTemplatesPanel />;
    case 'review':
      return <ReviewSettingsPanel />;
    case 'audit':
      return <AuditPanel />;
    case 'workers':
      return <WorkersPanel />;
  }
}

export function SettingsArea(props: { info: AppInfo; role: Role }) {
  const { t } = useTranslation();
  const { role } = props;
  const [section, setSection] = useState(() => sectionFromHash(location.hash, role));
  useEffect(() => {
    const onHash = () => setSection(sectionFromHash(location.hash, role));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [role]);
  const go = (next: SettingsSection) => {
    setSection(next);
    history.replaceState(history.state, '', sectionHash(next));
  };
  const sections = sectionsFor(role);
  return (
    <Stack gap="lg" maw={960} data-testid="area-settings">
      <Title order={1} data-testid="settings-title">
        {t('settings.title')}
      </Title>
      {sections.length > 1 ? (
        <Tabs value={section} onChange={(v) => v && go(v as SettingsSection)} variant="pills">
          <Tabs.List aria-label={t('settingsSections.label')}>
            {sections.map((s) => (
              <Tabs.Tab key={s} value={s} data-testid={`settings-nav-${s}`}>
                {t(`settingsSections.${s}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      ) : null}
      <div data-testid={`settings-section-${section}`}>
        <SectionBody section={section} info={props.info} />
      </div>
    </Stack>
  );
}
