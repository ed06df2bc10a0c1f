/**
 * Tells a counsellor, per reference image, when copies of it may be hard to find and why (the
 * engine's `hardToFind` reason, decision 0016): shown right after registering and on the image.
 */
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReferenceImageInfo } from '../../../../shared/cases-types';

export function HardToFindNote(props: {
  reason: ReferenceImageInfo['hardToFind'];
  /** In a small tile: two lines, the whole sentence on hover. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  if (!props.reason) return null;
  const text = t(`cases.imageGrid.hardToFind.${props.reason}`);
  return (
    <Text
      size="xs"
      c="orange.8"
      lineClamp={props.compact ? 2 : undefined}
      title={props.compact ? text : undefined}
      data-testid="hard-to-find"
      data-reason={props.reason}
    >
      {text}
    </Text>
  );
}
