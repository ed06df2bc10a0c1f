/**
 * What the counsellor is told about one added file, after its status badge: the reason a file was
 * not usable (in their language, by code), the size or other cases for an image — with why copies
 * may be hard to find and what retro-matching found — and length and frames for a video.
 */
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AddImageResult, AddVideoResult } from '../../../../shared/cases-types';
import { formatDuration } from './format-duration';
import { HardToFindNote } from './hard-to-find-note';
import { RetroNote } from './retro-note';

type Result = AddImageResult | AddVideoResult | { status: 'error'; message: string };

export function ResultNote({ result, video }: { result: Result; video: boolean }) {
  const { t } = useTranslation();
  switch (result.status) {
    case 'rejected':
      return (
        <>
          {t(`${video ? 'videos' : 'cases.add'}.reason.${result.code}`, {
            defaultValue: result.message,
          })}
        </>
      );
    case 'cancelled':
      return null;
    case 'error':
      return <>{result.message}</>;
    case 'duplicate':
      return <>{t('cases.add.duplicateNote', { code: result.caseCode })}</>;
    case 'added':
      if ('video' in result) {
        const v = result.video;
        return (
          <>
            {v.alsoIn.length
              ? t('cases.add.alsoIn', { codes: v.alsoIn.join(', ') })
              : t('videos.addedNote', {
                  duration: formatDuration(v.durationS),
                  frames: v.frameCount,
                })}
            {v.sampled ? (
              <Text size="xs" c="yellow.8">
                {t('videos.sampled')}
              </Text>
            ) : null}
          </>
        );
      }
      return (
        <>
          {result.image.alsoIn.length
            ? t('cases.add.alsoIn', { codes: result.image.alsoIn.join(', ') })
            : `${result.image.width}×${result.image.height}`}
          <HardToFindNote reason={result.image.hardToFind} />
          <RetroNote retro={result.retro} />
        </>
      );
  }
}
