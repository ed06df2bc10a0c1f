/** One case: code, status, consent, images; identity for counsellors; deletion with confirmation. */
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconTrash } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  CaseDetail as Detail,
  CaseStatus,
  ConsentInput,
} from '../../../../shared/cases-types';
import type { Role } from '../../../../shared/roles';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { AddImages } from './add-images';
import { CaseImage } from './case-image';
import { CaseVideo } from './case-video';
import { STATUS_COLOURS } from './case-list';
import { ConsentFields } from './consent-fields';
import { PrivatePanel } from './private-panel';

export function CaseDetail(props: { caseId: number; role: Role; onBack: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [c, setCase] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [consent, setConsent] = useState<ConsentInput | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [confirm, setConfirm] = useState('');
  const [counsellors, setCounsellors] = useState<{ id: number; displayName: string }[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const counsellor = props.role === 'counsellor';
  const canManage = counsellor || props.role === 'admin';

  const load = useCallback(() => {
    api
      .call('cases.get', { caseId: props.caseId })
      .then(setCase, (e: unknown) => setError(errorText(t, e)));
  }, [api, props.caseId, t]);
  // Initial load of data from the engine.
  useEffect(() => load(), [load]);
  useEffect(() => {
    if (!canManage) return;
    void api.call('accounts.counsellors', {}).then(setCounsellors, () => undefined);
  }, [api, canManage]);

  if (!c) return <Text c={error ? 'red' : 'dimmed'}>{error ?? '…'}</Text>;
  return (
    <Stack gap="lg" maw={1100} data-testid="case-detail">
      <Group justify="space-between">
        <Group>
          <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} onClick={props.onBack}>
            {t('nav.cases')}
          </Button>
          <Title order={1} ff="monospace" data-testid="case-code">
            {c.code}
          </Title>
          <Badge color={STATUS_COLOURS[c.status]} variant="light" size="lg">
            {t(`cases.status.${c.status}`)}
          </Badge>
        </Group>
        {canManage ? (
          <Group>
            <Select
              w={170}
              value={c.status}
              onChange={(s) =>
                s &&
                void api
                  .call('cases.setStatus', { caseId: c.id, status: s as CaseStatus })
                  .then(load)
              }
              data={(['open', 'monitoring', 'closed'] as const).map((s) => ({
                value: s,
                label: t(`cases.status.${s}`),
              }))}
              data-testid="case-status"
            />
            <Button
              color="red"
              variant="light"
              leftSection={<IconTrash size={16} />}
              onClick={() => setDeleting(true)}
              data-testid="case-delete"
            >
              {t('cases.delete.button')}
            </Button>
          </Group>
        ) : null}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper p="lg">
          <Stack gap="xs">
            <Title order={3}>{t('cases.consentLabel')}</Title>
            {consent ? (
              <>
                <ConsentFields value={consent} onChange={setConsent} />
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setConsent(null)}>
                    {t('cases.cancel')}
                  </Button>
                  <Button
                    onClick={() =>
                      void api
                        .call('cases.setConsent', { caseId: c.id, consent })
                        .then(() => (setConsent(null), load()))
                    }
                  >
                    {t('cases.consent.save')}
                  </Button>
                </Group>
              </>
            ) : (
              <>
                <Text size="sm">
                  {c.consent.searchWeb ? '✓' : '✗'} {t('cases.consent.searchWeb')}
                </Text>
                <Text size="sm">
                  {c.consent.fileTakedowns ? '✓' : '✗'} {t('cases.consent.fileTakedowns')}
                </Text>
                <Text size="sm">{t(`cases.consent.storage.${c.consent.storage}`)}</Text>
                <Text size="xs" c="dimmed">
                  {t('cases.consent.recorded', {
                    at: new Date(c.consent.recordedAt).toLocaleString(),
                    by: c.consent.recordedBy.displayName,
                  })}
                </Text>
                {counsellor ? (
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => setConsent(c.consent)}
                    data-testid="consent-edit"
                  >
                    {t('cases.consent.edit')}
                  </Button>
                ) : null}
              </>
            )}
            {canManage ? (
              <Select
                mt="sm"
                maw={280}
                label={t('manage.assign.label')}
                value={c.assignedTo ? String(c.assignedTo.id) : null}
                allowDeselect={false}
                data={counsellors.map((u) => ({ value: String(u.id), label: u.displayName }))}
                onChange={(v) => {
                  const to = counsellors.find((u) => String(u.id) === v);
                  if (!to || to.id === c.assignedTo?.id) return;
                  void api.call('cases.assign', { caseId: c.id, counsellorId: to.id }).then(
                    () => {
                      setNotice(t('manage.assign.done', { name: to.displayName }));
                      load();
                    },
                    (e: unknown) => setNotice(errorText(t, e)),
                  );
                }}
                data-testid="case-assign"
              />
            ) : (
              <Text size="sm" mt="sm">
                {t('cases.counsellor')}: {c.assignedTo?.displayName ?? '—'}
              </Text>
            )}
            {notice ? (
              <Text size="sm" c="dimmed" role="status" data-testid="case-notice">
                {notice}
              </Text>
            ) : null}
          </Stack>
        </Paper>
        {counsellor ? (
          <PrivatePanel caseId={c.id} />
        ) : (
          <Alert variant="light" color="gray" data-testid="case-identity-hidden">
            {t('cases.identity.notForRole')}
          </Alert>
        )}
      </SimpleGrid>
      <Paper p="lg">
        <Stack gap="md">
          <Title order={3}>
            {t('cases.images')} ({c.images.length})
          </Title>
          {counsellor ? <AddImages caseId={c.id} onChanged={load} /> : null}
          {props.role === 'counsellor' || props.role === 'monitor' ? (
            <SimpleGrid cols={{ base: 2, sm: 4, lg: 6 }} data-testid="case-images">
              {c.images.map((i) => (
                <CaseImage key={i.id} image={i} canReveal={counsellor} onRemoved={load} />
              ))}
            </SimpleGrid>
          ) : (
            <Text size="sm" c="dimmed">
              {t('cases.imageGrid.countOnly', { count: c.images.length })}
            </Text>
          )}
          <Title order={4} data-testid="case-videos-title">
            {t('videos.title')} ({c.videos.length})
          </Title>
          {props.role === 'counsellor' || props.role === 'monitor' ? (
            c.videos.length ? (
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="case-videos">
                {c.videos.map((v) => (
                  <CaseVideo key={v.id} video={v} canReveal={counsellor} onRemoved={load} />
                ))}
              </SimpleGrid>
            ) : (
              <Text size="sm" c="dimmed">
                {t('videos.none')}
              </Text>
            )
          ) : (
            <Text size="sm" c="dimmed">
              {t('videos.countOnly', { count: c.videos.length })}
            </Text>
          )}
        </Stack>
      </Paper>
      <Modal
        opened={deleting}
        onClose={() => setDeleting(false)}
        title={t('cases.delete.title', { code: c.code })}
      >
        <Stack>
          <Text size="sm">{t('cases.delete.body')}</Text>
          <TextInput
            label={t('cases.delete.confirm', { code: c.code })}
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            data-testid="case-delete-confirm"
          />
          {error ? (
            <Text c="red" size="sm">
              {error}
            </Text>
          ) : null}
          <Button
            color="red"
            disabled={confirm !== c.code}
            onClick={() =>
              void api
                .call('cases.delete', { caseId: c.id, confirmCode: confirm })
                .then(props.onBack, (e: unknown) => setError(errorText(t, e)))
            }
            data-testid="case-delete-submit"
          >
            {t('cases.delete.submit')}
          </Button>
        </Stack>
      </Modal>
    </Stack>
  );
}
