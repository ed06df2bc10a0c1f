/**
 * One reference image: blurred greyscale thumbnail, the date it was added, and for counsellors its
 * file name (other roles get none from the engine and see the fingerprint instead), an audited
 * reveal and a removal after confirmation (the engine deletes its hashes, original and matches,
 * audited).
 */
import { Button, Group, Image, Modal, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceImageInfo, Thumbnail } from '../../../../shared/cases-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { HardToFindNote } from './hard-to-find-note';

export function CaseImage(props: {
  image: ReferenceImageInfo;
  canReveal: boolean;
  /** Given to counsellors: the image can be removed, then this reloads the case. */
  onRemoved?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [thumb, setThumb] = useState<Thumbnail | null>(null);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { image } = props;
  // A folder's images are named by their path in it: the tile shows the file's own name (the end
  // of the path, which truncation would hide), the whole path on hover.
  const label = image.fileName?.split(/[\\/]/).pop() || image.pdq || image.sha256;
  const fullLabel = image.fileName ?? label;
  const added = new Intl.DateTimeFormat(i18n.resolvedLanguage === 'ko' ? 'ko-KR' : 'en-GB', {
    dateStyle: 'medium',
  }).format(new Date(image.addedAt));

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
      <Modal opened={removing} onClose={() => setRemoving(false)} title={t('manage.image.title')}>
        <Stack>
          <Text size="sm">{t('manage.image.body')}</Text>
          <Text size="xs" ff={image.fileName ? undefined : 'monospace'} c="dimmed">
            {fullLabel}
          </Text>
          {error ? (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(false)}>
              {t('manage.image.cancel')}
            </Button>
            <Button
              color="red"
              loading={busy}
              onClick={() => {
                setBusy(true);
                void api.call('images.remove', { imageId: image.id }).then(
                  () => {
                    setBusy(false);
                    setRemoving(false);
                    props.onRemoved?.();
                  },
                  (e: unknown) => {
                    setBusy(false);
                    setError(errorText(t, e));
                  },
                );
              }}
              data-testid="case-image-remove-confirm"
            >
              {t('manage.image.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
