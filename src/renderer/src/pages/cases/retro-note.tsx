/**
 * Tells a counsellor, right after a reference image is registered, what retro-matching found: it
 * was checked at once against every image Jium had already crawled, and how many of those went to
 * review (decision 0048) — so a picture already on a watched site needs no new crawl to be found.
 */
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RetroCheck } from '../../../../shared/cases-types';

export function RetroNote(props: { retro: RetroCheck | undefined }) {
  const { t } = useTranslation();
  if (!props.retro) return null;
  const { checked, toReview } = props.retro;
  return (
    <Text
      size="xs"
      c={toReview > 0 ? 'sage.8' : 'dimmed'}
      fw={toReview > 0 ? 600 : undefined}
      data-testid="retro-note"
      data-checked={checked}
      data-to-review={toReview}
    >
      {t('cases.add.retro', { checked, toReview })}
    </Text>
  );
}
