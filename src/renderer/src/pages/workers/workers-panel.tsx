/**
 * Admin: crawl workers on other machines (issue 16, decision 0111). A one-time enrolment code is
 * shown once, with the exact `jium worker` command to run on the worker's computer and this
 * server's key fingerprint (which the worker pins); the enrolled workers are listed with their
 * last contact, and one can be revoked after a confirmation. The engine checks the admin role and
 * audits each step (workers.createCode, workers.list, workers.revoke).
 */
import {
  Button,
  Code,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkerCode, WorkerInfo } from '../../../../shared/worker-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { when } from '../takedowns/format';

/** The centre server's key fingerprint, which it puts in the app page (absent on loopback). */
function centreKey(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="jium-centre-key"]')?.content ?? null;
}

/** The command that enrols a worker with `code` against this server. */
export function enrolCommand(origin: string, key: string, code: string): string {
  return `jium worker --server ${origin} --pin ${key} --code ${code}`;
}

/** Long commands wrap inside the dialog instead of scrolling out of sight. */
const WRAP = { whiteSpace: 'pre-wrap', wordBreak: 'break-all' } as const;

export function WorkersPanel() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const key = centreKey();
  const [label, setLabel] = useState('');
  const [code, setCode] = useState<WorkerCode | null>(null);
  const [workers, setWorkers] = useState<WorkerInfo[] | null>(null);
  const [revoking, setRevoking] = useState<WorkerInfo | null>(null);
  /** The worker just revoked: its sentence follows the UI's language. */
  const [revoked, setRevoked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const failed = useCallback((e: unknown) => setError(errorText(t, e)), [t]);
  const load = useCallback(
    () => void api.call('workers.list', {}).then(setWorkers, failed),
    [api, failed],
  );
  useEffect(load, [load]);

  const create = () => {
    setError(null);
    setRevoked(null);
    void api.call('workers.createCode', { label }).then((c) => {
      setCode(c);
      setLabel('');
    }, failed);
  };
  const revoke = (w: WorkerInfo) => {
    setRevoking(null);
    void api.call('workers.revoke', { id: w.id }).then(() => {
      setRevoked(w.label);
      load();
    }, failed);
  };
  const lang = i18n.resolvedLanguage;

  return (
    <Stack gap="lg" data-testid="workers-panel">
      <Paper withBorder p="lg">
        <Stack gap="sm">
          <Title order={3}>{t('workers.title')}</Title>
          <Text size="sm">{t('workers.intro')}</Text>
          {key ? (
            <Group align="flex-end">
              <TextInput
                label={t('workers.label')}
                description={t('workers.labelHint')}
                value={label}
                onChange={(e) => setLabel(e.currentTarget.value)}
                maxLength={80}
                w={320}
                data-testid="worker-label"
              />
              <Button onClick={create} disabled={!label.trim()} data-testid="worker-code-create">
                {t('workers.create')}
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed" data-testid="workers-not-centre">
              {t('workers.notCentre')}
            </Text>
          )}
          {error ? (
            <Text c="red" size="sm" data-testid="workers-error">
              {error}
            </Text>
          ) : null}
          {revoked ? (
            <Text size="sm" data-testid="workers-message">
              {t('workers.revoke.done', { label: revoked })}
            </Text>
          ) : null}
        </Stack>
      </Paper>

      <Paper withBorder p="lg">
        <Stack gap="sm">
          <Title order={4}>{t('workers.list.title')}</Title>
          {workers && workers.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="workers-none">
              {t('workers.list.none')}
            </Text>
          ) : (
            <Table verticalSpacing="xs" data-testid="workers-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('workers.list.name')}</Table.Th>
                  <Table.Th>{t('workers.list.enrolled')}</Table.Th>
                  <Table.Th>{t('workers.list.lastSeen')}</Table.Th>
                  <Table.Th>{t('workers.list.state')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(workers ?? []).map((w) => (
                  <Table.Tr key={w.id} data-testid={`worker-row-${w.label}`}>
                    <Table.Td fw={600}>{w.label}</Table.Td>
                    <Table.Td>{when(w.enrolledAt, lang)}</Table.Td>
                    <Table.Td data-testid="worker-last-seen">
                      {w.lastSeenAt ? when(w.lastSeenAt, lang) : t('workers.list.never')}
                    </Table.Td>
                    <Table.Td data-testid="worker-state">
                      {w.revokedAt
                        ? t('workers.list.revoked', { at: when(w.revokedAt, lang) })
                        : t('workers.list.active')}
                    </Table.Td>
                    <Table.Td>
                      {w.revokedAt ? null : (
                        <Button
                          size="xs"
                          variant="light"
                          color="red"
                          onClick={() => setRevoking(w)}
                          data-testid="worker-revoke"
                        >
                          {t('workers.list.revoke')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Paper>

      <Modal
        opened={code !== null}
        onClose={() => setCode(null)}
        title={code ? t('workers.code.title', { label: code.label }) : ''}
        size="xl"
      >
        {code && key ? (
          <Stack gap="sm" data-testid="worker-code-dialog">
            <Text size="sm">{t('workers.code.once', { expires: when(code.expiresAt, lang) })}</Text>
            <Code fz="xl" fw={700} data-testid="worker-code">
              {code.code}
            </Code>
            <Text size="sm">{t('workers.code.command')}</Text>
            <Code block style={WRAP} data-testid="worker-command">
              {enrolCommand(location.origin, key, code.code)}
            </Code>
            <Text size="sm">{t('workers.code.fingerprint')}</Text>
            <Code block style={WRAP} data-testid="worker-fingerprint">
              {key}
            </Code>
            <Group justify="flex-end">
              <Button onClick={() => setCode(null)} data-testid="worker-code-done">
                {t('workers.code.done')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>

      <Modal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={revoking ? t('workers.revoke.title', { label: revoking.label }) : ''}
      >
        <Stack gap="md" data-testid="worker-revoke-dialog">
          <Text size="sm">{t('workers.revoke.body')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              {t('workers.revoke.cancel')}
            </Button>
            <Button
              color="red"
              onClick={() => revoking && revoke(revoking)}
              data-testid="worker-revoke-confirm"
            >
              {t('workers.revoke.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
