/**
 * One reference image: blurred greyscale thumbnail, the date it was added, and for counsellors its
 * file name (other roles get none from the engine and see the fingerprint instead), an audited
 * reveal and a removal after confirmation (the engine deletes its hashes, original and matches,
 * audited).
 */
import { Button, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceImageInfo, Thumbnail } from '../../../../shared/cases-types';
import { useApi } from '../../api/api-context';
import { HardToFindNote } from './hard-to-find-note';
import { dayAdded } from './format-duration';
import { RemoveDialog, type TileProps } from './remove-dialog';

export function CaseImage(props: TileProps & { image: ReferenceImageInfo }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [thumb, setThumb] = useState<Thumbnail | null>(null);
  const [removing, setRemoving] = useState(false);
  const { image } = props;
  // A folder's images are named by their path in it: the tile shows the file's own name (the end
  // of the path, which truncation would hide), the whole path on hover.
  const label = image.fileName?.split(/[\\/]/).pop() || image.pdq || image.sha256;
  const fullLabel = image.fileName ?? label;
  const added = dayAdded(i18n.resolvedLanguage, image.addedAt);

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
        <Text
          size="xs"
          ff={image.fileName ? undefined : 'monospace'}
          fw={image.fileName ? 500 : undefined}
          c={image.fileName ? undefined : 'dimmed'}
          truncate
          title={fullLabel}
          data-testid="case-image-name"
        >
          {label}
        </Text>
        <Text size="xs" c="dimmed" data-testid="case-image-added">
          {t('cases.imageGrid.added', { date: added })}
        </Text>
        <HardToFindNote reason={image.hardToFind} compact />
        {image.alsoIn.length ? (
          <Text size="xs" c="yellow.8">
            {t('cases.add.alsoIn', { codes: image.alsoIn.join(', ') })}
          </Text>
        ) : null}
        <Group gap={0} justify="space-between">
          {props.canReveal && image.hasOriginal && !thumb?.revealed ? (
            <Button
              size="compact-xs"
              variant="subtle"
              px={4}
              onClick={() => void api.call('images.reveal', { imageId: image.id }).then(setThumb)}
            >
              {t('cases.imageGrid.reveal')}
            </Button>
          ) : (
            <span />
          )}
          {props.onRemoved && props.canReveal ? (
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              px={4}
              onClick={() => setRemoving(true)}
              data-testid="case-image-remove"
            >
              {t('manage.image.remove')}
            </Button>
          ) : null}
        </Group>
      </Stack>
      <RemoveDialog
        opened={removing}
        onClose={() => setRemoving(false)}
        texts="manage.image"
        label={fullLabel}
        monospace={!image.fileName}
        remove={() => api.call('images.remove', { imageId: image.id })}
        onRemoved={props.onRemoved}
        testId="case-image-remove-confirm"
      />
    </Paper>
  );
}
