/**
 * The Hash lists tab of the Takedowns area: export the hashes of confirmed content, import other
 * hotlines' and platforms' lists (shown with what was merged and refused, by line) as lists to
 * find or known-benign lists, each with its own PDQ distance; see and release quarantines, switch
 * lists on and off for crawls, and review the matches they found.
 */
import {
  Alert,
  Button,
  FileButton,
  Group,
  List,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDownload, IconUpload } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_LIST_DISTANCE,
  type HashListImportResult,
  type HashListInfo,
  type HashListKind,
  type ListMatchInfo,
} from '../../../../shared/exchange-types';

type ExportFormat = 'csv' | 'pdq-lines' | 'signals';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { saveTextFile } from '../../components/save-file';
import { ListQuarantines } from './list-quarantine';
import { ListMatchesTable } from './list-matches-table';
import { ListsTable } from './lists-table';

export function ExchangeTab() {
  const { t } = useTranslation();
  const api = useApi();
  const [lists, setLists] = useState<HashListInfo[]>([]);
  const [matches, setMatches] = useState<ListMatchInfo[]>([]);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [kind, setKind] = useState<HashListKind>('match');
  const [distance, setDistance] = useState<number | string>(DEFAULT_LIST_DISTANCE);
  const [exported, setExported] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [source, setSource] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<HashListImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fail = useCallback((e: unknown) => setError(errorText(t, e)), [t]);
  const refresh = useCallback(() => {
    api.call('exchange.lists', {}).then(setLists, fail);
    api.call('exchange.matches', { limit: 200 }).then(setMatches, fail);
  }, [api, fail]);
  useEffect(refresh, [refresh]);

  const doExport = () => {
    setError(null);
    api.call('exchange.export', { format }).then((f) => {
      saveTextFile(f.text, f.fileName, f.mediaType);
      setExported(f.count);
    }, fail);
  };

  const doImport = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const text = await file.text();
      const r = await api.call('exchange.import', {
        name: name.trim(),
        source,
        text,
        kind,
        pdqDistance: Number(distance),
      });
      setResult(r);
      setName('');
      setSource('');
      setKind('match');
      setDistance(DEFAULT_LIST_DISTANCE);
      setFile(null);
      refresh();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="lg" data-testid="exchange-tab">
      {error ? (
        <Alert color="red" data-testid="exchange-error">
          {error}
        </Alert>
      ) : null}
      <ListQuarantines
        lists={lists}
        onRelease={(id, what) => api.call('exchange.release', { id, what }).then(refresh, fail)}
      />
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={3}>{t('exchange.exportTitle')}</Title>
          <Text size="sm" c="dimmed" maw={820}>
            {t('exchange.exportIntro')}
          </Text>
          <Group align="flex-end">
            <Select
              label={t('exchange.format')}
              value={format}
              onChange={(v) => setFormat((v as ExportFormat | null) ?? 'csv')}
              data={[
                { value: 'csv', label: t('exchange.formatCsv') },
                { value: 'pdq-lines', label: t('exchange.formatPdq') },
                { value: 'signals', label: t('exchange.formatSignals') },
              ]}
              allowDeselect={false}
              w={360}
              data-testid="exchange-format"
            />
            <Button
              leftSection={<IconDownload size={16} />}
              onClick={doExport}
              data-testid="exchange-export"
            >
              {t('exchange.export')}
            </Button>
          </Group>
          {exported !== null ? (
            <Text size="sm" data-testid="exchange-exported">
              {t('exchange.exported', { count: exported })}
            </Text>
          ) : null}
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={3}>{t('exchange.importTitle')}</Title>
          <Text size="sm" c="dimmed" maw={820}>
            {t('exchange.importIntro')}
          </Text>
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('exchange.name')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              w={240}
              data-testid="exchange-name"
            />
            <TextInput
              label={t('exchange.source')}
              placeholder={t('exchange.sourceHint')}
              value={source}
              onChange={(e) => setSource(e.currentTarget.value)}
              w={300}
              data-testid="exchange-source"
            />
            <Select
              label={t('exchange.kind')}
              value={kind}
              onChange={(v) => setKind(v === 'benign' ? 'benign' : 'match')}
              data={[
                { value: 'match', label: t('exchange.kinds.match') },
                { value: 'benign', label: t('exchange.kinds.benign') },
              ]}
              allowDeselect={false}
              w={200}
              data-testid="exchange-kind"
            />
            <NumberInput
              label={t('exchange.distance')}
              min={0}
              max={64}
              value={distance}
              onChange={setDistance}
              w={120}
              data-testid="exchange-distance"
            />
            <FileButton onChange={setFile} accept=".csv,.txt,text/csv,text/plain">
              {(props) => (
                <Button variant="default" {...props} data-testid="exchange-file">
                  {file ? file.name : t('exchange.chooseFile')}
                </Button>
              )}
            </FileButton>
            <Button
              leftSection={<IconUpload size={16} />}
              onClick={() => void doImport()}
              disabled={!file || !name.trim()}
              loading={busy}
              data-testid="exchange-import"
            >
              {t('exchange.import')}
            </Button>
          </Group>
          {result ? (
            <Alert color={result.list.rejected ? 'yellow' : 'green'} data-testid="exchange-result">
              <Text size="sm">
                {t('exchange.imported', {
                  entries: result.list.entries,
                  merged: result.list.merged,
                  rejected: result.list.rejected,
                })}
              </Text>
              {result.flaggedSeen ? (
                <Text size="sm">{t('exchange.flagged', { count: result.flaggedSeen })}</Text>
              ) : null}
              {result.errors.length ? (
                <>
                  <Text size="sm" fw={600} mt="xs">
                    {t('exchange.rejectedRows')}
                  </Text>
                  <List size="sm" data-testid="exchange-rejected">
                    {result.errors.slice(0, 20).map((e) => (
                      <List.Item key={e.line}>
                        {t('exchange.line', { line: e.line })}:{' '}
                        {t(`exchange.rowErrors.${e.code}`, { value: e.value ?? '' })}
                      </List.Item>
                    ))}
                  </List>
                </>
              ) : null}
            </Alert>
          ) : null}
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Title order={3} mb="sm">
          {t('exchange.lists')}
        </Title>
        <ListsTable lists={lists} refresh={refresh} fail={fail} />
      </Paper>

      <Paper withBorder p="md">
        <Title order={3} mb="sm">
          {t('exchange.listMatches')}
        </Title>
        <ListMatchesTable matches={matches} refresh={refresh} fail={fail} />
      </Paper>
    </Stack>
  );
}
