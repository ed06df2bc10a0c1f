/**
 * One review item: the case's reference and the found image side by side, blurred in greyscale
 * unless the reviewer holds Space or the mouse button (each reveal is audited by the engine), the
 * match facts, the pages carrying the image, the page context and the decisions so far. Only the
 * pseudonymous case code is shown.
 */
import { Badge, Box, Group, Image, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewImage, ReviewItemDetail, ReviewPicture } from '../../../../shared/review-types';
import { FoundOn } from './found-on';
import { ListDetail } from './list-detail';
import { when as whenIn } from './queue-format';
import { SnapshotPanel } from './snapshot-panel';
import { MatchOutline } from './match-outline';
import { matchedAs } from './match-part';
import { VideoSegmentStrip } from './video-segment-strip';
import { formatClock } from '../../../../shared/clock';

export type Pictures = Partial<Record<ReviewPicture, ReviewImage | null>>;

/**
 * The two pictures' height. At 1440 x 900 the found page's address, both pictures and the
 * distance need no scrolling (e2e/review.spec.ts) also when "Matched as" is long enough to put the
 * facts on a second row (a copy matched inside a bordered picture): 300 px ended 3 px below.
 */
const PICTURE_H = 256;

function PictureBox(props: {
  label: string;
  picture: ReviewPicture;
  image: ReviewImage | null | undefined;
  revealed: ReviewImage | null | undefined;
  empty: string;
  paused: boolean;
  height: number;
  onHold: (picture: ReviewPicture | null) => void;
  /** Where the reference is in this picture (the found image of a verified match). */
  outline?: readonly number[] | null;
}) {
  const { t } = useTranslation();
  const shown = props.revealed ?? props.image;
  return (
    <Paper withBorder p="xs" data-testid={`review-picture-${props.picture}`}>
      <Group justify="space-between" mb={6}>
        <Text size="sm" fw={600}>
          {props.label}
        </Text>
        {props.revealed ? (
          <Badge size="sm" color="orange" variant="light" data-testid="review-revealed">
            {t('review.revealed')}
          </Badge>
        ) : null}
      </Group>
      <Box
        h={props.height}
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          background: 'var(--mantine-color-stone-1)',
          borderRadius: 'var(--mantine-radius-sm)',
          cursor: shown ? 'zoom-in' : 'default',
          position: 'relative',
          userSelect: 'none',
          overflow: 'hidden',
        }}
        onMouseDown={(e) => {
          if (e.button === 0 && props.image) props.onHold(props.picture);
        }}
        onMouseUp={() => props.onHold(null)}
        onMouseLeave={() => props.onHold(null)}
      >
        {props.paused ? (
          <Text size="sm" c="dimmed" ta="center" px="md">
            {t('review.breakPaused')}
          </Text>
        ) : shown ? (
          <>
            <Image
              src={shown.dataUrl}
              h={props.height}
              fit="contain"
              alt=""
              draggable={false}
              data-revealed={shown.revealed}
            />
            {props.outline ? <MatchOutline region={props.outline} src={shown.dataUrl} /> : null}
          </>
        ) : (
          <Text size="sm" c="dimmed" ta="center" px="md">
            {shown === null ? props.empty : t('review.loading')}
          </Text>
        )}
      </Box>
    </Paper>
  );
}

export function ReviewView(props: {
  item: ReviewItemDetail;
  pictures: Pictures;
  revealed: Pictures;
  paused: boolean;
  /** The centre's time zone, to tell when things happened in. */
  timeZone: string;
  onHold: (picture: ReviewPicture | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const { item } = props;
  const when = (iso: string) => whenIn(iso, i18n.resolvedLanguage, props.timeZone || undefined);
  // One page is the address above the pictures; several are listed with their states.
  const several = item.pages.length > 1;
  // A screenshot or a crop did not match "as is": say which part did (match-part.ts).
  const matchedWords = matchedAs(item.transform, item.region, item.algo)
    .map((w) => t(w.key, { defaultValue: w.defaultValue }))
    .join(' · ');
  const picture = (p: ReviewPicture, label: string, empty: string, height: number) => (
    <PictureBox
      label={label}
      picture={p}
      image={item.hasReference || p !== 'reference' ? props.pictures[p] : null}
      revealed={props.revealed[p]}
      empty={empty}
      paused={props.paused}
      height={height}
      onHold={props.onHold}
      outline={p === 'candidate' ? item.region : null}
    />
  );
  // Found by the crop stage (decision 0122): its shares are of the frames it looked at.
  const local = item.algo === 'vpdq-local';
  const facts = (
    <Group gap="xl" wrap="wrap">
      {item.source === 'case' ? (
        <Fact label={t('review.filters.case')}>
          <Text ff="monospace" fw={600} data-testid="review-case-code">
            {item.caseCode}
          </Text>
        </Fact>
      ) : null}
      {item.foundKind === 'video' ? (
        <Fact label={t(local ? 'review.video.localShares' : 'review.video.shares')}>
          <Text data-testid="review-shares">
            {t(local ? 'review.video.localSharesValue' : 'review.video.sharesValue', {
              query: Math.round(item.queryPct ?? 0),
              compare: Math.round(item.comparePct ?? 0),
            })}
          </Text>
        </Fact>
      ) : (
        <Fact label={t('review.distance')}>
          <Text data-testid="review-distance">{item.distance} / 256</Text>
        </Fact>
      )}
      <Fact label={t('review.algorithm')}>
        <Text>{item.algo}</Text>
      </Fact>
      <Fact label={t('review.transform')}>
        <Text data-testid="review-transform">{matchedWords}</Text>
      </Fact>
      <Fact label={t('review.pages')}>
        <Text>
          {item.pageCount}
          {item.newPages ? ` · ${t('review.newPages', { count: item.newPages })}` : ''}
        </Text>
      </Fact>
    </Group>
  );
  return (
    <Stack gap="sm" data-testid="review-view" data-item-id={item.id}>
      <FoundOn item={item} timeZone={props.timeZone} facts={facts} />
      {item.source === 'list' ? (
        <ListDetail item={item} timeZone={props.timeZone} />
      ) : (
        <SimpleGrid cols={2} spacing="md">
          {item.referenceVideoId !== null
            ? picture(
                'reference',
                t('review.video.reference'),
                item.refTimeS !== null
                  ? t('review.video.frameNote', { time: formatClock(item.refTimeS) })
                  : t('review.video.referenceNote'),
                PICTURE_H,
              )
            : picture('reference', t('review.reference'), t('review.hashOnly'), PICTURE_H)}
          {picture(
            'candidate',
            item.foundKind === 'video' ? t('review.video.candidate') : t('review.candidate'),
            t('review.noEvidence'),
            PICTURE_H,
          )}
        </SimpleGrid>
      )}
      {item.source === 'case' ? (
        <Text size="xs" c="dimmed" ta="center">
          {t('review.holdToReveal')}
        </Text>
      ) : null}
      {item.algo === 'vpdq' || local ? (
        <VideoSegmentStrip itemId={item.id} paused={props.paused} local={local} />
      ) : null}
      <Paper
        withBorder
        p="md"
        display={several || item.pageTitle || item.pageText ? undefined : 'none'}
      >
        <Table
          verticalSpacing={4}
          fz="sm"
          data-testid="review-pages"
          display={several ? undefined : 'none'}
        >
          <Table.Tbody>
            {item.pages.map((p) => (
              <Table.Tr key={p.matchId}>
                <Table.Td style={{ wordBreak: 'break-all' }}>
                  <Text size="sm">{p.pageUrl}</Text>
                  <Text size="xs" c="dimmed">
                    {p.siteName ?? p.host} · HTTP {p.httpStatus} · {when(p.foundAt)}
                  </Text>
                </Table.Td>
                <Table.Td w={120}>
                  <Badge variant="light" color={STATE_COLOUR[p.reviewState]} size="sm">
                    {t(`review.states.${p.reviewState === 'pending' ? 'pending' : p.reviewState}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {item.pageTitle || item.pageText ? (
          <Stack gap={2} mt="sm">
            <Text size="xs" fw={600} c="dimmed">
              {t('review.pageContext')}
            </Text>
            {item.pageTitle ? <Text size="sm">{item.pageTitle}</Text> : null}
            {item.pageText ? (
              <Text size="xs" c="dimmed" lineClamp={3}>
                {item.pageText}
              </Text>
            ) : null}
          </Stack>
        ) : null}
      </Paper>
      {item.snapshotKind === 'png' ? (
        <SnapshotPanel
          image={props.pictures.snapshot}
          revealed={props.revealed.snapshot}
          paused={props.paused}
          onHold={props.onHold}
        />
      ) : null}
      {item.history.length ? (
        <Paper withBorder p="md" data-testid="review-history">
          <Text size="xs" fw={600} c="dimmed" mb={4}>
            {t('review.history')}
          </Text>
          {item.history.map((h, i) => (
            <Text key={i} size="xs">
              {when(h.at)} · {h.user} ·{' '}
              {h.action === 'undo' ? t('review.undo') : t(`review.states.${h.newState}`)}
              {h.note ? ` — ${h.note}` : ''}
            </Text>
          ))}
        </Paper>
      ) : null}
    </Stack>
  );
}

const STATE_COLOUR = { pending: 'gray', confirmed: 'red', rejected: 'teal' } as const;

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      {props.children}
    </Stack>
  );
}
