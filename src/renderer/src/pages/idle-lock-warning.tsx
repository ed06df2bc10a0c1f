/**
 * Warns before the engine locks an idle session: a minute ahead (or half the idle time when it is
 * short), counting down from this window's last call. "Stay signed in" is a call (auth.keepAlive);
 * when the countdown ends the window asks the engine to lock now (auth.lock), and the session
 * event shows the lock page. The engine's own lock stays the authority; this only makes it visible.
 */
import { Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { lastActivity, onActivity } from '../api/activity';

export function IdleLockWarning({ idleSeconds }: { idleSeconds: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const lead = Math.min(60, Math.floor(idleSeconds / 2));
  const [left, setLeft] = useState<number | null>(null);

  useEffect(() => {
    let locking = false;
    const tick = () => {
      const remaining = idleSeconds - (Date.now() - lastActivity()) / 1000;
      if (remaining <= 0) {
        if (!locking) {
          locking = true;
          // Locked by the engine either way: this call locks it, or finds it locked already.
          void api.call('auth.lock', {}).catch(() => undefined);
        }
        setLeft(0);
      } else {
        locking = false;
        setLeft(remaining <= lead ? Math.ceil(remaining) : null);
      }
    };
    const timer = setInterval(tick, 1000);
    const off = onActivity(tick);
    return () => {
      clearInterval(timer);
      off();
    };
  }, [api, idleSeconds, lead]);

  return (
    <Modal
      opened={left !== null}
      onClose={() => void api.call('auth.keepAlive', {}).catch(() => undefined)}
      title={t('manage.idle.title')}
      centered
      data-testid="idle-warning"
    >
      <Stack>
        <Text size="sm">{t('manage.idle.body', { seconds: left ?? 0 })}</Text>
        <Progress value={lead ? ((left ?? 0) / lead) * 100 : 0} color="sage" size="sm" />
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => void api.call('auth.lock', {}).catch(() => undefined)}
            data-testid="idle-lock-now"
          >
            {t('manage.idle.lockNow')}
          </Button>
          <Button
            onClick={() => void api.call('auth.keepAlive', {}).catch(() => undefined)}
            data-testid="idle-stay"
          >
            {t('manage.idle.stay')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
