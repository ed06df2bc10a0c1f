/**
 * Admin: the audit log as sentences in the person's language (the action's code on hover), and a
 * check of its hash chain that points at the first broken entry.
 */
import { Alert, Button, Group, Paper, Stack, Table, Title } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, AuditVerifyResult } from '../../../../shared/cases-types';
import { useApi } from '../../api/api-context';
import { auditSentence } from './audit-sentence';

export function AuditPanel() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [result, setResult] = useState<AuditVerifyResult | null>(null);
  const load = useCallback(
    () => void api.call('audit.list', { limit: 50 }).then(setEntries),
    [api],
  );
  // Initial load of data from the engine.
  useEffect(() => load(), [load]);

  return (
    <Paper p="xl" data-testid="audit-panel">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2}>{t('audit.title')}</Title>
          <Button
            leftSection={<IconShieldCheck size={16} />}
            onClick={() => void api.call('audit.verify', {}).then((r) => (setResult(r), load()))}
            data-testid="audit-verify"
          >
            {t('audit.verify')}
          </Button>
        </Group>
        {result ? (
          <Alert color={result.ok ? 'sage' : 'red'} data-testid="audit-result">
            {result.ok
              ? t('audit.ok', { count: result.entries })
              : t('audit.broken', {
                  seq: result.firstBroken.seq,
                  reason: result.firstBroken.reason,
                })}
          </Alert>
        ) : null}
        <Table verticalSpacing={4} fz="sm" data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.what')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td>{e.seq}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {new Date(e.at).toLocaleString(i18n.language)}
                </Table.Td>
                <Table.Td title={e.action} data-testid="audit-sentence">
                  {auditSentence(t, e)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
