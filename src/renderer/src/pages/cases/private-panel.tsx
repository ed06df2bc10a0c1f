/** Identity and timeline, counsellors only: fetched on demand ("Show identity"), every read audited. */
import { Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconEye, IconEyeOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CasePrivate } from '../../../../shared/cases-types';
import { useApi } from '../../api/api-context';

export function PrivatePanel({ caseId }: { caseId: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const [data, setData] = useState<CasePrivate | null>(null);
  const [note, setNote] = useState('');
  const load = () => void api.call('cases.private', { caseId }).then(setData);

  return (
    <Paper p="lg" data-testid="case-private">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>{t('cases.identity.title')}</Title>
          <Button
            variant="light"
            size="xs"
            leftSection={data ? <IconEyeOff size={14} /> : <IconEye size={14} />}
            onClick={() => (data ? setData(null) : load())}
            data-testid="case-show-identity"
          >
            {data ? t('cases.identity.hide') : t('cases.identity.show')}
          </Button>
        </Group>
        {data ? (
          <Stack gap={6}>
            <Text data-testid="case-identity-name">
              <b>{t('cases.identity.name')}:</b> {data.identity.name}
            </Text>
            <Text>
              <b>{t('cases.identity.contact')}:</b> {data.identity.contact || '—'}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{data.identity.notes}</Text>
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
