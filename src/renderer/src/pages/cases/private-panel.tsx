/** Identity and timeline, counsellors only: fetched on demand ("Show identity"), every read audited. */
import { Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconEye, IconEyeOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseIdentity, CasePrivate } from '../../../../shared/cases-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';

export function PrivatePanel({ caseId }: { caseId: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const [data, setData] = useState<CasePrivate | null>(null);
  const [note, setNote] = useState('');
  const [editing, setEditing] = useState<CaseIdentity | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = () => void api.call('cases.private', { caseId }).then(setData);
  const saveIdentity = () => {
    if (!editing) return;
    void api.call('cases.updateIdentity', { caseId, identity: editing }).then(
      () => {
        setEditing(null);
        setMessage(t('manage.identity.saved'));
        load();
      },
      (e: unknown) => setMessage(errorText(t, e)),
    );
  };

  return (
    <Paper p="lg" data-testid="case-private">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>{t('cases.identity.title')}</Title>
          <Button
            variant="light"
            size="xs"
            leftSection={data ? <IconEyeOff size={14} /> : <IconEye size={14} />}
            onClick={() => {
              setEditing(null);
              setMessage(null);
              if (data) setData(null);
              else load();
            }}
            data-testid="case-show-identity"
          >
            {data ? t('cases.identity.hide') : t('cases.identity.show')}
          </Button>
        </Group>
        {data && editing ? (
          <Stack gap="xs" data-testid="case-identity-form">
            <TextInput
              label={t('cases.identity.name')}
              value={editing.name}
              required
              onChange={(e) => setEditing({ ...editing, name: e.currentTarget.value })}
              data-testid="identity-name"
            />
            <TextInput
              label={t('cases.identity.contact')}
              value={editing.contact}
              onChange={(e) => setEditing({ ...editing, contact: e.currentTarget.value })}
              data-testid="identity-contact"
            />
            <Textarea
              label={t('cases.identity.notes')}
              value={editing.notes}
              autosize
              minRows={3}
              onChange={(e) => setEditing({ ...editing, notes: e.currentTarget.value })}
            />
            {message ? (
              <Text size="sm" c="red" role="alert">
                {message}
              </Text>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(null)}>
                {t('manage.identity.cancel')}
              </Button>
              <Button
                disabled={!editing.name.trim()}
                onClick={saveIdentity}
                data-testid="identity-save"
              >
                {t('manage.identity.save')}
              </Button>
            </Group>
          </Stack>
        ) : data ? (
          <Stack gap={6}>
            <Group justify="space-between" align="flex-start">
              <Text data-testid="case-identity-name">
                <b>{t('cases.identity.name')}:</b> {data.identity.name}
              </Text>
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => {
                  setMessage(null);
                  setEditing(data.identity);
                }}
                data-testid="identity-edit"
              >
                {t('manage.identity.edit')}
              </Button>
            </Group>
            <Text>
              <b>{t('cases.identity.contact')}:</b> {data.identity.contact || '—'}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{data.identity.notes}</Text>
            {message ? (
              <Text size="sm" c="teal.8" role="status">
                {message}
              </Text>
            ) : null}
            <Title order={4} mt="sm">
              {t('cases.timeline.title')}
            </Title>
            {data.timeline.map((e) => (
              <Text key={e.id} size="sm">
                <Text span c="dimmed">
                  {new Date(e.at).toLocaleString()} · {e.author}:
                </Text>{' '}
                {e.text}
              </Text>
            ))}
            <Group align="flex-end">
              <Textarea
                flex={1}
                autosize
                placeholder={t('cases.timeline.placeholder')}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
              />
              <Button
                disabled={!note.trim()}
                onClick={() =>
                  void api.call('cases.addTimeline', { caseId, text: note }).then(() => {
                    setNote('');
                    load();
                  })
                }
              >
                {t('cases.timeline.add')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('cases.identity.hiddenNote')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
