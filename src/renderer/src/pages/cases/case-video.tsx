/**
 * One reference video: instead of a thumbnail, a strip of its keyframes blurred and greyscale (the
 * engine renders them so; nothing here plays or has sound), its length, format and frames, the
 * date added, for counsellors its file name, a frame revealed on click (audited) and removal after
 * confirmation. Under hash-only consent there are no frames to show.
 */
import { Badge, Button, Group, Image, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceVideoInfo, VideoStrip } from '../../../../shared/cases-types';
import { useApi } from '../../api/api-context';
import { dayAdded, formatDuration } from './format-duration';
import { RemoveDialog, type TileProps } from './remove-dialog';

export function CaseVideo(props: TileProps & { video: ReferenceVideoInfo }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { video } = props;
  const [strip, setStrip] = useState<VideoStrip | null>(null);
  const [revealed, setRevealed] = useState<Record<number, string>>({});
  const [removing, setRemoving] = useState(false);
  const label = video.fileName?.split(/[\\/]/).pop() || video.sha256.slice(0, 16);
  const added = dayAdded(i18n.resolvedLanguage, video.addedAt);

  useEffect(() => {
    if (!video.keyframeCount) return;
    let live = true;
    api
      .call('videos.strip', { videoId: video.id })
      .then((s) => live && setStrip(s))
      .catch(() => undefined);
    return () => void (live = false);
  }, [api, video.id, video.keyframeCount]);

  const reveal = (index: number) =>
    void api
      .call('videos.revealFrame', { videoId: video.id, index })
      .then((th) => th && setRevealed((r) => ({ ...r, [index]: th.dataUrl })));

  return (
    <Paper p="xs" data-testid="case-video">
      <Stack gap={4}>
        {video.keyframeCount ? (
          <Group gap={2} wrap="nowrap" data-testid="video-strip">
            {(strip?.frames ?? Array.from({ length: video.keyframeCount }, () => null)).map(
              (f, i) => {
                const src = revealed[i] ?? f?.dataUrl;
                const frame = src ? (
                  <Image
                    src={src}
                    h={64}
                    w="100%"
                    fit="cover"
                    radius={2}
                    alt={f ? t('videos.frameAt', { time: formatDuration(f.timestampS) }) : ''}
                    data-testid="video-strip-frame"
                    data-revealed={revealed[i] ? 'true' : 'false'}
                  />
                ) : (
                  <div style={{ height: 64, flex: 1, background: 'var(--jium-border)' }} />
                );
                return props.canReveal && f && !revealed[i] ? (
                  <UnstyledButton
                    key={i}
                    style={{ flex: 1, minWidth: 0 }}
                    title={`${t('videos.frameAt', { time: formatDuration(f.timestampS) })} — ${t('videos.revealHint')}`}
                    onClick={() => reveal(i)}
                  >
                    {frame}
                  </UnstyledButton>
                ) : (
                  <div key={i} style={{ flex: 1, minWidth: 0 }}>
                    {frame}
                  </div>
                );
              },
            )}
          </Group>
        ) : (
          <Text h={64} size="xs" c="dimmed" ta="center" pt={22}>
            {t('videos.hashOnly')}
          </Text>
        )}
        <Group gap={6} wrap="nowrap">
          <Badge variant="light" color="gray" size="sm" data-testid="case-video-duration">
            {formatDuration(video.durationS)}
          </Badge>
          <Text
            size="xs"
            fw={video.fileName ? 500 : undefined}
            ff={video.fileName ? undefined : 'monospace'}
            c={video.fileName ? undefined : 'dimmed'}
            truncate
            title={video.fileName ?? label}
            data-testid="case-video-name"
          >
            {label}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {t('videos.details', {
            format: video.format.toUpperCase(),
            width: video.width,
            height: video.height,
            frames: video.frameCount,
          })}
        </Text>
        <Text size="xs" c="dimmed">
          {t('cases.imageGrid.added', { date: added })}
        </Text>
        {video.sampled ? (
          <Text size="xs" c="yellow.8">
            {t('videos.sampled')}
          </Text>
        ) : null}
        {video.alsoIn.length ? (
          <Text size="xs" c="yellow.8">
            {t('cases.add.alsoIn', { codes: video.alsoIn.join(', ') })}
          </Text>
        ) : null}
        {props.onRemoved && props.canReveal ? (
          <Group justify="flex-end">
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              px={4}
              onClick={() => setRemoving(true)}
              data-testid="case-video-remove"
            >
              {t('videos.remove.button')}
            </Button>
          </Group>
        ) : null}
      </Stack>
      <RemoveDialog
        opened={removing}
        onClose={() => setRemoving(false)}
        texts="videos.remove"
        label={video.fileName ?? label}
        monospace={!video.fileName}
        remove={() => api.call('videos.remove', { videoId: video.id })}
        onRemoved={props.onRemoved}
        testId="case-video-remove-confirm"
      />
    </Paper>
  );
}
