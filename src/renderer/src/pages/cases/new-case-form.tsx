/** Registering a case: identity (sealed in the engine), consent and the assigned counsellor. */
import { Button, Group, Paper, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary, ConsentInput } from '../../../../shared/cases-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { ConsentFields } from './consent-fields';

export function NewCaseForm(props: { onCreated: (c: CaseSummary) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [identity, setIdentity] = useState({ name: '', contact: '', notes: '' });
  const [consent, setConsent] = useState<ConsentInput>({
    searchWeb: true,
    fileTakedowns: true,
    storage: 'originals',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    try {
      props.onCreated(await api.call('cases.create', { identity, consent }));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="lg" maw={760} data-testid="case-new-form">
      <Title order={1}>{t('cases.new')}</Title>
      <Paper p="xl">
        <Stack gap="md">
          <Title order={3}>{t('cases.identity.title')}</Title>
          <TextInput
            label={t('cases.identity.name')}
            description={t('cases.identity.sealedNote')}
            required
            value={identity.name}
            onChange={(e) => setIdentity({ ...identity, name: e.currentTarget.value })}
            data-testid="case-name"
          />
          <TextInput
            label={t('cases.identity.contact')}
            value={identity.contact}
            onChange={(e) => setIdentity({ ...identity, contact: e.currentTarget.value })}
            data-testid="case-contact"
          />
          <Textarea
            label={t('cases.identity.notes')}
            autosize
            minRows={3}
            value={identity.notes}
            onChange={(e) => setIdentity({ ...identity, notes: e.currentTarget.value })}
            data-testid="case-notes"
          />
          <Title order={3} mt="md">
            {t('cases.consentLabel')}
          </Title>
          <ConsentFields value={consent} onChange={setConsent} />
          {error ? <Textarea readOnly c="red" value={error} variant="unstyled" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onCancel}>
              {t('cases.cancel')}
            </Button>
            <Button
              loading={busy}
              disabled={!identity.name.trim()}
              onClick={() => void submit()}
              data-testid="case-create"
            >
              {t('cases.create')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
