/**
 * The Takedowns area (staff, admins): tabs for the requests, the host/platform registry and the
 * service level. Other tabs (reports, hash lists) are added with one line in TABS.
 */
import { Stack, Tabs, Title } from '@mantine/core';
import type { ParseKeys } from 'i18next';
import { useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/roles';
import { ExchangeTab } from '../exchange/exchange-tab';
import { ReportsTab } from '../reports/reports-tab';
import { PlatformsTab } from './platforms-tab';
import { RequestsTab } from './requests-tab';
import type { TakedownTabProps } from './tab-props';
import { ServiceLevelTab } from './service-level-tab';

interface TabSpec {
  value: string;
  /** i18n key of the tab's label. */
  label: ParseKeys;
  Panel: ComponentType<TakedownTabProps>;
}

const TABS: TabSpec[] = [
  { value: 'requests', label: 'takedowns.tabs.requests', Panel: RequestsTab },
  { value: 'platforms', label: 'takedowns.tabs.platforms', Panel: PlatformsTab },
  { value: 'reports', label: 'reports.tab', Panel: ReportsTab },
  { value: 'exchange', label: 'exchange.tab', Panel: ExchangeTab },
  { value: 'settings', label: 'takedowns.tabs.settings', Panel: ServiceLevelTab },
];

export function TakedownsArea(props: { role: Role }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string>('requests');
  return (
    <Stack gap="lg" maw={1280} data-testid="takedowns-area">
      <Title order={1}>{t('nav.takedowns')}</Title>
      <Tabs value={tab} onChange={(v) => setTab(v ?? 'requests')} keepMounted={false}>
        <Tabs.List mb="lg">
          {TABS.map((s) => (
            <Tabs.Tab key={s.value} value={s.value} data-testid={`takedowns-tab-${s.value}`}>
              {t(s.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map(({ value, Panel }) => (
          <Tabs.Panel key={value} value={value}>
            <Panel role={props.role} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
