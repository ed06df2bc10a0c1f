/**
 * The confirmation before a reference image or video is removed from a case: what goes, which
 * file, and the engine's answer if it refuses. `remove` makes the call; the dialog closes and
 * `onRemoved` runs when it succeeds.
 */
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/error-text';

/** What a reference tile (image or video) is given besides its reference. */
export interface TileProps {
  /** Counsellors: reveal (audited) and remove. */
  canReveal: boolean;
  /** Given to counsellors: the reference can be removed, then this reloads the case. */
  onRemoved?: () => void;
}

export function RemoveDialog(props: {
  opened: boolean;
  onClose: () => void;
  /** Where its texts are: `<texts>.title`, `.body`, `.cancel`, `.confirm`. */
  texts: 'manage.image' | 'videos.remove';
  /** The file's name (or its fingerprint when the role may not read names). */
  label: string;
  monospace: boolean;
  remove: () => Promise<unknown>;
  onRemoved: (() => void) | undefined;
  testId: string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t(`${props.texts}.title`)}>
      <Stack>
        <Text size="sm">{t(`${props.texts}.body`)}</Text>
        <Text size="xs" ff={props.monospace ? 'monospace' : undefined} c="dimmed">
          {props.label}
        </Text>
        {error ? (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t(`${props.texts}.cancel`)}
          </Button>
          <Button
            color="red"
            loading={busy}
            onClick={() => {
              setBusy(true);
              props.remove().then(
                () => {
                  setBusy(false);
                  props.onClose();
                  props.onRemoved?.();
                },
                (e: unknown) => {
                  setBusy(false);
                  setError(errorText(t, e));
                },
              );
            }}
            data-testid={props.testId}
          >
            {t(`${props.texts}.confirm`)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
