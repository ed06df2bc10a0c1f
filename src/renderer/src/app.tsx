/**
 * The start flow: load app info, then show first-run set-up, sign-in or the shell. Listens to the
 * engine's session and case-file events so every window follows sign-outs and file switches.
 */
import { Center, Loader, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionInfo } from '../../shared/types';
import { useApi } from './api/api-context';
import { setLanguage } from './i18n';
import { SetupPage } from './pages/setup-page';
import { LockPage } from './pages/lock-page';
import { IdleLockWarning } from './pages/idle-lock-warning';
import { SignInPage } from './pages/sign-in-page';
import { UnreachablePage } from './pages/unreachable-page';
import { Shell } from './shell/shell';

type State =
  | { kind: 'loading' }
  | { kind: 'unreachable' }
  | { kind: 'ready'; info: AppInfo; session: SessionInfo | null };

export function App() {
  const api = useApi();
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    try {
      const info = await api.call('app.info', {});
      const session = info.needsSetup ? null : await api.call('auth.session', {});
      setState({ kind: 'ready', info, session });
    } catch {
      setState({ kind: 'unreachable' });
    }
  }, [api]);

  useEffect(() => {
    // Initial load of data from the engine; state is set when the call resolves.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
    const offs = [
      api.on('session.changed', (session) =>
        setState((s) => (s.kind === 'ready' ? { ...s, session } : s)),
      ),
      api.on('caseFile.changed', () => void load()),
      api.on('ui.language', ({ language }) => void setLanguage(language)),
    ];
    return () => offs.forEach((off) => off());
  }, [api, load]);

  if (state.kind === 'loading') {
    return (
      <Center h="100vh">
        <Stack align="center" gap="sm">
          <Loader color="sage" type="dots" />
          <Text c="dimmed" size="sm">
            {t('app.loading')}
          </Text>
        </Stack>
      </Center>
    );
  }
  if (state.kind === 'unreachable') {
    return (
      <UnreachablePage
        onRetry={() => {
          setState({ kind: 'loading' });
          void load();
        }}
      />
    );
  }
  const { info, session } = state;
  const signedIn = (s: SessionInfo) =>
    setState({ kind: 'ready', info: { ...info, needsSetup: false }, session: s });
  if (info.needsSetup) {
    // The new administrator lands on the first-run checklist, not on an empty area.
    const afterSetup = (s: SessionInfo) => {
      history.replaceState(history.state, '', '#/start');
      signedIn(s);
    };
    return <SetupPage info={info} onDone={afterSetup} />;
  }
  if (!session) return <SignInPage info={info} onDone={signedIn} />;
  if (session.locked)
    return (
      <LockPage
        session={session}
        onDone={signedIn}
        onSignOut={() => setState({ kind: 'ready', info, session: null })}
      />
    );
  return (
    <>
      <Shell
        info={info}
        session={session}
        onSignedOut={() => setState({ kind: 'ready', info, session: null })}
      />
      <IdleLockWarning idleSeconds={info.idleLockSeconds} />
    </>
  );
}
