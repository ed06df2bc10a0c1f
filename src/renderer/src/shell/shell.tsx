/**
 * The signed-in shell: header (product, case file, user, language, sign-out), a left navigation
 * with the areas this role uses, and the current area. The area lives in the URL hash (#/review)
 * so a reload returns to it.
 */
import { AppShell, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { IconListCheck } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionInfo } from '../../../shared/types';
import { AreaEmptyState } from '../areas/area-empty-state';
import { CasesArea } from '../pages/cases/cases-area';
import { CrawlsArea } from '../pages/crawls/crawls-area';
import { ReviewArea } from '../pages/review/review-area';
import { TakedownsArea } from '../pages/takedowns/takedowns-area';
import { areaFromHash, AREA_ICONS, areasFor, type Area } from './areas';
import { FirstRunPage, firstRunDone, useFirstRun } from './first-run-page';
import { SettingsArea } from './settings-area';
import { ShellHeader } from './shell-header';

export function Shell(props: { info: AppInfo; session: SessionInfo; onSignedOut: () => void }) {
  const { t } = useTranslation();
  const { role } = props.session;
  const areas = areasFor(role);
  // The admin's first-run checklist is a page of its own (#/start) until every step is done.
  const firstRun = useFirstRun(role === 'admin');
  const showStart = role === 'admin' && firstRun.facts !== null && !firstRunDone(firstRun.facts);
  const [picked, setArea] = useState<Area | 'start'>(() =>
    location.hash === '#/start' ? 'start' : (areaFromHash(location.hash, role) ?? areas[0]!),
  );

  useEffect(() => {
    const onHash = () => {
      const next = location.hash === '#/start' ? 'start' : areaFromHash(location.hash, role);
      if (next) setArea(next);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [role]);

  const go = (next: Area | 'start') => {
    setArea(next);
    if (next === 'start') firstRun.reload();
    // Settings keeps its section in the address (#/settings/accounts); the nav opens its first.
    history.replaceState(history.state, '', `#/${next}`);
  };
  /** Follows a link to an address inside the app (the checklist's steps). */
  const open = (hash: string) => {
    history.replaceState(history.state, '', hash);
    setArea(areaFromHash(hash, role) ?? areas[0]!);
  };
  // Once done, the checklist's page gives way to the first area.
  const area: Area | 'start' =
    picked === 'start' && firstRun.facts !== null && !showStart ? areas[0]! : picked;

  const main = areas.filter((a) => a !== 'settings');
  const link = (a: Area | 'start') => {
    const Icon = a === 'start' ? IconListCheck : AREA_ICONS[a];
    return (
      <NavLink
        key={a}
        component="button"
        label={a === 'start' ? t('firstRun.nav') : t(`nav.${a}`)}
        leftSection={<Icon size={20} stroke={1.6} />}
        active={area === a}
        aria-current={area === a ? 'page' : undefined}
        onClick={() => go(a)}
        className="jium-nav-link"
        data-testid={`nav-${a}`}
        styles={{
          root: { borderRadius: 'var(--mantine-radius-sm)', padding: '10px 12px' },
          label: { fontSize: 15, fontWeight: area === a ? 600 : 500 },
        }}
      />
    );
  };

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 236, breakpoint: 0 }}
      padding={{ base: 'lg', md: 40 }}
      styles={{
        header: { borderColor: 'var(--jium-border)' },
        navbar: { borderColor: 'var(--jium-border)' },
        main: { background: 'var(--jium-surface)' },
      }}
    >
      <AppShell.Header>
        <ShellHeader info={props.info} session={props.session} onSignedOut={props.onSignedOut} />
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('nav.label')}>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={4}>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase" px={12} pt={8} pb={4}>
              {t('nav.label')}
            </Text>
            {showStart ? link('start') : null}
            {main.map(link)}
          </Stack>
        </AppShell.Section>
        <AppShell.Section pt="sm" style={{ borderTop: '1px solid var(--jium-border)' }}>
          {link('settings')}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main data-testid={`main-${area}`}>
        {area === 'start' ? (
          firstRun.facts ? (
            <FirstRunPage facts={firstRun.facts} go={open} />
          ) : null
        ) : area === 'settings' ? (
          <SettingsArea info={props.info} role={role} />
        ) : area === 'cases' ? (
          <CasesArea role={role} />
        ) : area === 'crawls' ? (
          <CrawlsArea />
        ) : area === 'review' ? (
          <ReviewArea />
        ) : area === 'takedowns' ? (
          <TakedownsArea role={role} />
        ) : (
          <AreaEmptyState area={area} />
        )}
      </AppShell.Main>
    </AppShell>
  );
}
