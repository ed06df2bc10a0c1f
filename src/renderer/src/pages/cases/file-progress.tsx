/**
 * The file being added now: its name, a progress bar, what is happening and the time left — for a
 * video, reading it in, fingerprinting (seconds of video done), taking the strip's frames,
 * encrypting — and a button that cancels it (nothing of it is kept).
 */
import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDuration, timeLeft } from './format-duration';
import type { VideoSendProgress } from './send-video';

export function FileProgress(props: {
  path: string;
  video: boolean;
  progress: VideoSendProgress | null;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const p = props.progress;
  const label = !p
    ? t('videos.progress.image')
    : p.phase === 'sending'
      ? t('videos.progress.sending', { percent: Math.floor(p.fraction * 100) })
      : p.phase === 'fingerprinting'
        ? t('videos.progress.fingerprinting', {
            done: formatDuration(p.doneS ?? 0),
            total: formatDuration(p.totalS ?? 0),
          })
        : t(`videos.progress.${p.phase}`);
  const left = p?.etaS != null ? timeLeft(p.etaS) : null;
  return (
    <Stack gap={2} data-testid="file-progress" data-phase={p?.phase ?? 'start'}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" ff="monospace" truncate title={props.path}>
          {props.path}
        </Text>
        {props.video ? (
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            onClick={props.onCancel}
            data-testid="file-progress-cancel"
          >
            {t('videos.progress.cancel')}
          </Button>
        ) : null}
      </Group>
      <Progress
        value={p ? p.fraction * 100 : 100}
        animated={!p || p.phase === 'keyframes' || p.phase === 'sealing'}
        color={p?.phase === 'sending' ? 'gray' : undefined}
        size="sm"
        data-testid="file-progress-bar"
      />
      <Text size="xs" c="dimmed" data-testid="file-progress-label">
        {label}
        {left
          ? ` · ${t('videos.progress.left', {
              time: t(left.unit === 's' ? 'videos.progress.seconds' : 'videos.progress.minutes', {
                n: left.n,
              }),
            })}`
          : ''}
      </Text>
    </Stack>
  );
}
