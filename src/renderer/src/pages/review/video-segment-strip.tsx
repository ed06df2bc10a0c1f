/**
 * A crawled video's match in review (issue 15 item 5, decision 0107): each matched segment as
 * "0:12–0:31 of the upload ↔ 1:02–1:21 of the reference" over a strip of the found video's
 * keyframes kept at crawl time, blurred and greyscale by the engine. Holding the mouse on one
 * frame reveals that frame only (audited by the engine); releasing, leaving it or the window
 * losing focus drops it, and revealed frames are not kept. Never a <video> element: nothing plays,
 * there is no sound.
 */
import { Box, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MatchStrip, MatchStripFrame } from '../../../../shared/video-review-types';
import { useApi } from '../../api/api-context';
import { formatClock as formatDuration } from '../../../../shared/clock';
import { segmentWords } from './video-segment-words';

/** `local`: the crop stage found the match (vpdq-local): its reference times are approximate. */
export function VideoSegmentStrip(props: { itemId: number; paused: boolean; local: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const [loaded, setLoaded] = useState<{ itemId: number; strip: MatchStrip | null } | null>(null);
  const [held, setHeld] = useState<{ itemId: number; index: number; dataUrl: string } | null>(null);
  const holding = useRef<number | null>(null);

  useEffect(() => {
    let live = true;
    api
      .call('videos.matchStrip', { itemId: props.itemId })
      .then((strip) => live && setLoaded({ itemId: props.itemId, strip }))
      .catch(() => live && setLoaded({ itemId: props.itemId, strip: null }));
    return () => void (live = false);
  }, [api, props.itemId]);

  useEffect(() => {
    const drop = () => {
      holding.current = null;
      setHeld(null);
    };
    window.addEventListener('blur', drop);
    return () => window.removeEventListener('blur', drop);
  }, []);

  const hold = (f: MatchStripFrame | null) => {
    holding.current = f?.index ?? null;
    if (!f || props.paused) return setHeld(null);
    const itemId = props.itemId;
    void api
      .call('videos.revealMatchFrame', { itemId, index: f.index })
      .then((img) => {
        if (img && holding.current === f.index)
          setHeld({ itemId, index: f.index, dataUrl: img.dataUrl });
      })
      .catch(() => undefined);
  };

  const strip = loaded?.itemId === props.itemId ? loaded.strip : null;
  // A revealed frame shows only while held, for this item, outside a break.
  const shown = !props.paused && held?.itemId === props.itemId ? held : null;
  if (!strip) return null;
  return (
    <Paper withBorder p="md" data-testid="video-segment-strip">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Text size="sm" fw={600}>
            {t('review.videoStrip.title')}
          </Text>
          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
            {t('review.videoStrip.video')}: {strip.videoUrl}
          </Text>
        </Group>
        {strip.segments.map((s, i) => (
          <Stack key={i} gap={4} data-testid="video-segment">
            <Text size="sm" ff="monospace" data-testid="video-segment-times">
              {t(...segmentWords(s, props.local))}
            </Text>
            {s.frames.length && !props.paused ? (
              <Group gap={4} wrap="nowrap">
                {s.frames.map((f) => {
                  const revealed = shown?.index === f.index;
                  const label = t('review.videoStrip.frameAt', {
                    time: formatDuration(f.timestampS),
                  });
                  return (
                    <Box
                      key={f.index}
                      style={{ flex: 1, minWidth: 0, maxWidth: 200, cursor: 'zoom-in' }}
                      title={label}
                      onMouseDown={(e) => e.button === 0 && hold(f)}
                      onMouseUp={() => hold(null)}
                      onMouseLeave={() => holding.current === f.index && hold(null)}
                    >
                      <Image
                        src={revealed ? shown.dataUrl : f.dataUrl}
                        h={96}
                        fit="cover"
                        radius={2}
                        alt={label}
                        draggable={false}
                        data-testid="video-segment-frame"
                        data-revealed={revealed ? 'true' : 'false'}
                      />
                      <Text size="xs" c="dimmed" ta="center" ff="monospace">
                        {formatDuration(f.timestampS)}
                      </Text>
                    </Box>
                  );
                })}
              </Group>
            ) : null}
          </Stack>
        ))}
        {props.local ? (
          <Text size="xs" c="dimmed" data-testid="video-segment-local-note">
            {t('review.videoStrip.localNote')}
          </Text>
        ) : null}
        {props.paused ? (
          <Text size="xs" c="dimmed">
            {t('review.breakPaused')}
          </Text>
        ) : strip.framesKept ? (
          <Text size="xs" c="dimmed">
            {t('review.videoStrip.holdHint')}
          </Text>
        ) : (
          <Text size="xs" c="dimmed">
            {t('review.videoStrip.noFrames')}
          </Text>
        )}
        {strip.queryPct !== null && strip.comparePct !== null ? (
          <Text size="xs" c="dimmed" data-testid="video-segment-shares">
            {t('review.videoStrip.shares', {
              query: Math.round(strip.queryPct),
              compare: Math.round(strip.comparePct),
            })}
          </Text>
        ) : null}
        {strip.sampled ? (
          <Text size="xs" c="yellow.8">
            {t('review.videoStrip.sampled')}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
