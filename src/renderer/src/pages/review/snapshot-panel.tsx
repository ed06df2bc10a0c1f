/**
 * The page screenshot (browser-mode crawls): the whole page at the column's width, blurred in
 * greyscale until held like the other pictures, and a button that opens it at the page's own
 * width (1,280 px, as the crawler's browser saw it) in a scrolling window, so the revealed text
 * is legible (issue 17 item 6). Holding Space or the mouse on it reveals it there too.
 */
import { Badge, Box, Button, Group, Modal, Paper, Text } from '@mantine/core';
import { IconZoomIn } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewImage, ReviewPicture } from '../../../../shared/review-types';

function Page(props: {
  shown: ReviewImage | null | undefined;
  paused: boolean;
  full: boolean;
  onHold: (picture: ReviewPicture | null) => void;
}) {
  const { t } = useTranslation();
  if (props.paused)
    return (
      <Text size="sm" c="dimmed" ta="center" p="md">
        {t('review.breakPaused')}
      </Text>
    );
  if (!props.shown)
    return (
      <Text size="sm" c="dimmed" ta="center" p="md">
        {props.shown === null ? t('review.noEvidence') : t('review.loading')}
      </Text>
    );
  return (
    <Box
      onMouseDown={(e) => {
        if (e.button === 0) props.onHold('snapshot');
      }}
      onMouseUp={() => props.onHold(null)}
      onMouseLeave={() => props.onHold(null)}
      style={{ cursor: 'zoom-in', userSelect: 'none' }}
    >
      <img
        src={props.shown.dataUrl}
        alt=""
        draggable={false}
        data-revealed={props.shown.revealed}
        data-testid={props.full ? 'review-snapshot-full' : 'review-snapshot-image'}
        // The whole page: at its own width when zoomed, else at the column's width.
        style={{ display: 'block', width: props.full ? 1280 : '100%', maxWidth: 'none' }}
      />
    </Box>
  );
}

export function SnapshotPanel(props: {
  image: ReviewImage | null | undefined;
  revealed: ReviewImage | null | undefined;
  paused: boolean;
  onHold: (picture: ReviewPicture | null) => void;
}) {
  const { t } = useTranslation();
  const [zoomed, setZoomed] = useState(false);
  const shown = props.revealed ?? props.image;
  const badge = props.revealed ? (
    <Badge size="sm" color="orange" variant="light" data-testid="review-revealed">
      {t('review.revealed')}
    </Badge>
  ) : null;
  return (
    <Paper withBorder p="xs" data-testid="review-picture-snapshot">
      <Group justify="space-between" mb={6}>
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {t('review.screenshot')}
          </Text>
          {badge}
        </Group>
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconZoomIn size={16} />}
          onClick={() => setZoomed(true)}
          disabled={!props.image}
          data-testid="review-snapshot-zoom"
        >
          {t('review.queue.zoom')}
        </Button>
      </Group>
      <Box mah={360} style={{ overflowY: 'auto', background: 'var(--mantine-color-stone-1)' }}>
        <Page shown={shown} paused={props.paused} full={false} onHold={props.onHold} />
      </Box>
      <Modal
        opened={zoomed}
        onClose={() => setZoomed(false)}
        size={1340}
        title={
          <Group gap="xs">
            <Text fw={600}>{t('review.queue.zoomTitle')}</Text>
            {badge}
          </Group>
        }
        data-testid="review-snapshot-modal"
      >
        <Text size="xs" c="dimmed" mb="xs">
          {t('review.queue.zoomHint')}
        </Text>
        <Box style={{ overflowX: 'auto' }}>
          <Page shown={shown} paused={props.paused} full onHold={props.onHold} />
        </Box>
      </Modal>
    </Paper>
  );
}
