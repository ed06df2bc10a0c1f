/**
 * The fields staff fill in on a takedown request (channel, route, contact, language, reference
 * number, notes) and Save, which sends only what changed. Monitors see them read-only.
 */
import {
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  CHANNELS,
  ROUTES,
  type TakedownChannel,
  type TakedownRoute,
} from '../../../../shared/takedown-types';
import type { RequestForm } from './use-request-detail';

export function RequestFields(props: {
  form: RequestForm;
  onChange: (form: RequestForm) => void;
  canManage: boolean;
  dirty: boolean;
  busy: boolean;
  saved: boolean;
  onSave: () => void;
}) {
  const { t } = useTranslation();
  const { form, canManage } = props;
  const set = (patch: Partial<RequestForm>) => props.onChange({ ...form, ...patch });
  return (
    <Paper withBorder p="md">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Select
          label={t('takedowns.detail.channel')}
          data={CHANNELS.map((c) => ({ value: c, label: t(`takedowns.channels.${c}`) }))}
          value={form.channel}
          onChange={(v) => v && set({ channel: v as TakedownChannel })}
          readOnly={!canManage}
          allowDeselect={false}
          data-testid="takedown-channel"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('takedowns.detail.route')}
          </Text>
          <SegmentedControl
            value={form.route}
            onChange={(v) => set({ route: v as TakedownRoute })}
            data={ROUTES.map((x) => ({ value: x, label: t(`takedowns.routes.${x}`) }))}
            readOnly={!canManage}
            data-testid="takedown-route"
          />
        </Stack>
        <TextInput
          label={t('takedowns.detail.contact')}
          value={form.contact}
          onChange={(e) => set({ contact: e.currentTarget.value })}
          readOnly={!canManage}
          data-testid="takedown-contact"
        />
        <TextInput
          label={t('takedowns.detail.language')}
          value={form.language}
          onChange={(e) => set({ language: e.currentTarget.value })}
          readOnly={!canManage}
        />
        <TextInput
          label={t('takedowns.detail.referenceNumber')}
          value={form.referenceNumber}
          onChange={(e) => set({ referenceNumber: e.currentTarget.value })}
          readOnly={!canManage}
          data-testid="takedown-reference"
        />
        <Textarea
          label={t('takedowns.detail.notes')}
          value={form.notes}
          onChange={(e) => set({ notes: e.currentTarget.value })}
          readOnly={!canManage}
          autosize
          minRows={2}
        />
      </SimpleGrid>
      {canManage ? (
        <Group mt="md" gap="sm">
          <Button
            disabled={!props.dirty || props.busy}
            onClick={props.onSave}
            data-testid="takedown-save"
          >
            {t('takedowns.actions.save')}
          </Button>
          {props.saved ? (
            <Text size="sm" c="dimmed">
              {t('takedowns.actions.saved')}
            </Text>
          ) : null}
        </Group>
      ) : null}
    </Paper>
  );
}
