/** The break reminder (keep going or take a break) and the paused screen while the break lasts. */
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BreakState } from './use-break';

export function BreakModals({ state }: { state: BreakState }) {
  const { t } = useTranslation();
  return (
    <>
      <Modal
        opened={state.breakMinutes !== null}
        onClose={state.dismiss}
        title={t('review.breakTitle')}
        centered
        data-testid="review-break"
      >
        <Stack>
          <Text>{t('review.breakBody', { minutes: state.breakMinutes ?? 0 })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={state.keepGoing}>
              {t('review.breakContinue')}
            </Button>
            <Button onClick={state.takeBreak}>{t('review.breakTake')}</Button>
          </Group>
        </Stack>
      </Modal>
      {state.paused ? (
        <Modal opened onClose={() => undefined} withCloseButton={false} centered>
          <Stack align="center">
            <Text>{t('review.breakPaused')}</Text>
            <Button onClick={state.back}>{t('review.breakBack')}</Button>
          </Stack>
        </Modal>
      ) : null}
    </>
  );
}
