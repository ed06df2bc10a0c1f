/** One reference image: blurred greyscale thumbnail, and for counsellors an audited reveal. */
import { Button, Image, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceImageInfo, Thumbnail } from '../../../../shared/cases-types';
import { useApi } from '../../api/api-context';

export function CaseImage(props: { image: ReferenceImageInfo; canReveal: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const [thumb, setThumb] = useState<Thumbnail | null>(null);
  const { image } = props;

  useEffect(() => {
    if (!image.hasOriginal) return;
    let live = true;
    api
      .call('images.thumbnail', { imageId: image.id })
      .then((th) => live && setThumb(th))
      .catch(() => undefined);
    return () => void (live = false);
  }, [api, image.id, image.hasOriginal]);

  return (
    <Paper p="xs" data-testid="case-image">
      <Stack gap={4}>
        {thumb ? (
          <Image src={thumb.dataUrl} h={120} fit="contain" alt="" />
        ) : (
          <Text h={120} size="xs" c="dimmed" ta="center" pt={44}>
            {image.hasOriginal ? '…' : t('cases.imageGrid.hashOnly')}
          </Text>
        )}
        <Text size="xs" ff="monospace" c="dimmed" truncate>
          {image.pdq ?? image.sha256}
        </Text>
        {image.alsoIn.length ? (
          <Text size="xs" c="yellow.8">
            {t('cases.add.alsoIn', { codes: image.alsoIn.join(', ') })}
          </Text>
        ) : null}
        {props.canReveal && image.hasOriginal && !thumb?.revealed ? (
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => void api.call('images.reveal', { imageId: image.id }).then(setThumb)}
          >
            {t('cases.imageGrid.reveal')}
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}
