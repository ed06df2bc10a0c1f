/**
 * Tells a counsellor, right after a reference image is registered, what retro-matching found: it
 * was checked at once against every image Jium had already crawled, and how many of those Jium now
 * fetches again to verify (decision 0049; they reach review as they are verified, with evidence) —
 * so a picture already on a watched site needs no new crawl to be found.
 */
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RetroCheck } from '../../../../shared/cases-types';

export function RetroNote(props: { retro: RetroCheck | undefined }) {
  const { t } = useTranslation();
  if (!props.retro) return null;
  const { checked, toReview } = props.retro;
  const toVerify = props.retro.toVerify ?? 0;
  const found = toReview + toVerify > 0;
  return (
    <Text
      size="xs"
      c={found ? 'sage.8' : 'dimmed'}
      fw={found ? 600 : undefined}
      data-testid="retro-note"
      data-checked={checked}
      data-to-review={toReview}
      data-to-verify={toVerify}
    >
      {toVerify > 0
        ? t('cases.add.retroVerify', { checked, toVerify })
        : t('cases.add.retro', { checked, toReview })}
    </Text>
  );
}
