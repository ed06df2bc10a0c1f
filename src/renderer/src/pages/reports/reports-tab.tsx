/**
 * The Reports tab of the Takedowns area: a period, the figures, the engine's charts (the same SVG
 * that goes into the PDF, shown as images so no markup is injected into the page), the hosts and
 * the PDF download.
 */
import {
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeriodReport, ReportLanguage } from '../../../../shared/report-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { presetPeriod, PRESETS, type PresetName } from './period';
import { saveBase64File } from '../../components/save-file';

const svgSrc = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

function Kpi(props: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="sm" data-testid={props.testId}>
      <Text fw={700} fz="xl">
        {props.value}
      </Text>
      <Text size="sm" c="dimmed">
        {props.label}
      </Text>
    </Paper>
  );
}

export function ReportsTab() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [custom, setPeriod] = useState(() => presetPeriod('thisMonth'));
  // A preset is read in the centre's time zone once a report has named it; typed dates stay.
  const [preset, setPreset] = useState<PresetName | null>('thisMonth');
  // The report is in the interface language unless someone picks the other one.
  const [chosen, setLanguage] = useState<ReportLanguage | null>(null);
  const language: ReportLanguage = chosen ?? (i18n.language === 'ko' ? 'ko' : 'en');
  const [report, setReport] = useState<PeriodReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const zone = report?.timeZone;
  const period = preset ? presetPeriod(preset, new Date(), zone) : custom;

  useEffect(() => {
    let live = true;
    api.call('reports.period', { from: period.from, to: period.to, language }).then(
      (r) => {
        if (!live) return;
        setReport(r);
        setError(null);
      },
      (e: unknown) => {
        if (!live) return;
        setReport(null);
        setError(errorText(t, e));
      },
    );
    return () => {
      live = false;
    };
  }, [api, period.from, period.to, language, t]);

  const hours = (v: number | null) =>
    v === null
      ? '–'
      : v < 48
        ? t('reports.hours', { value: Number(v.toFixed(1)) })
        : t('reports.days', { value: Number((v / 24).toFixed(1)) });
  const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);

  const pdf = () => {
    setBusy(true);
    setSaved(false);
    api
      .call('reports.pdf', { ...period, language })
      .then(
        (file) => {
          saveBase64File(file);
          setSaved(true);
        },
        (e: unknown) => setError(errorText(t, e)),
      )
      .finally(() => setBusy(false));
  };

  const s = report?.totals;
  return (
    <Stack gap="lg" data-testid="reports-tab">
      <Text c="dimmed" maw={820}>
        {t('reports.intro')}
      </Text>
      <Paper withBorder p="md">
        <Group align="flex-end" gap="md" wrap="wrap">
          <TextInput
            type="date"
            label={t('reports.from')}
            value={period.from}
            onChange={(e) => {
              setPreset(null);
              setPeriod({ ...period, from: e.currentTarget.value });
            }}
            data-testid="report-from"
          />
          <TextInput
            type="date"
            label={t('reports.to')}
            value={period.to}
            onChange={(e) => {
              setPreset(null);
              setPeriod({ ...period, to: e.currentTarget.value });
            }}
            data-testid="report-to"
          />
          <Group gap="xs">
            {PRESETS.map((p) => (
              <Button
                key={p}
                variant="default"
                size="sm"
                onClick={() => {
                  setPreset(p);
                  setPeriod(presetPeriod(p, new Date(), zone));
                }}
                data-testid={`report-preset-${p}`}
              >
                {t(`reports.presets.${p}`)}
              </Button>
            ))}
          </Group>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('reports.language')}
            </Text>
            <SegmentedControl
              value={language}
              onChange={(v) => setLanguage(v as ReportLanguage)}
              data={[
                { value: 'ko', label: '한국어' },
                { value: 'en', label: 'English' },
              ]}
              data-testid="report-language"
            />
          </Stack>
          <Button
            leftSection={<IconDownload size={16} />}
            onClick={pdf}
            loading={busy}
            disabled={!report}
            data-testid="report-pdf"
          >
            {t('reports.pdf')}
          </Button>
        </Group>
        {saved ? (
          <Text size="sm" mt="sm">
            {t('reports.pdfSaved')}
          </Text>
        ) : null}
      </Paper>
      {error ? <Alert color="red">{error}</Alert> : null}
      {report && s ? (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
            <Kpi testId="kpi-sent" label={t('reports.kpi.sent')} value={String(s.sent)} />
            <Kpi testId="kpi-removed" label={t('reports.kpi.removed')} value={String(s.removed)} />
            <Kpi testId="kpi-pending" label={t('reports.kpi.pending')} value={String(s.pending)} />
            <Kpi testId="kpi-overdue" label={t('reports.kpi.overdue')} value={String(s.overdue)} />
            <Kpi testId="kpi-median" label={t('reports.kpi.median')} value={hours(s.medianHours)} />
            <Kpi testId="kpi-p90" label={t('reports.kpi.p90')} value={hours(s.p90Hours)} />
            <Kpi
              testId="kpi-compliance"
              label={t('reports.kpi.compliance')}
              value={pct(s.compliance)}
            />
            <Kpi
              testId="kpi-reuploads"
              label={t('reports.kpi.reuploads')}
              value={String(s.reuploads)}
            />
          </SimpleGrid>
          {s.opened === 0 ? (
            <Text c="dimmed" data-testid="report-empty">
              {t('reports.noRequests')}
            </Text>
          ) : s.sent === 0 ? (
            <Text c="dimmed" data-testid="report-empty">
              {t('reports.noneSent', { opened: s.opened, drafts: s.drafts })}
            </Text>
          ) : null}
          <Stack gap="lg" maw={760}>
            {(['outcome', 'timeline', 'bands', 'hosts', 'hostTimes'] as const).map((c) => (
              <Paper withBorder p="md" key={c}>
                <img
                  src={svgSrc(report.charts[c])}
                  alt=""
                  style={{ width: '100%', height: 'auto', display: 'block' }}
                  data-testid={`report-chart-${c}`}
                />
              </Paper>
            ))}
          </Stack>
          {report.hosts.length ? (
            <Paper withBorder p="md">
              <Title order={4} mb="sm">
                {t('reports.hostsTable')}
              </Title>
              <Table striped data-testid="report-hosts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('reports.host')}</Table.Th>
                    <Table.Th ta="right">{t('reports.sent')}</Table.Th>
                    <Table.Th ta="right">{t('reports.removed')}</Table.Th>
                    <Table.Th ta="right">{t('reports.pending')}</Table.Th>
                    <Table.Th ta="right">{t('reports.compliance')}</Table.Th>
                    <Table.Th ta="right">{t('reports.median')}</Table.Th>
                    <Table.Th ta="right">{t('reports.p90')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.hosts.map((h) => (
                    <Table.Tr key={h.host}>
                      <Table.Td ff="monospace">{h.host}</Table.Td>
                      <Table.Td ta="right">{h.sent}</Table.Td>
                      <Table.Td ta="right">{h.removed}</Table.Td>
                      <Table.Td ta="right">{h.pending}</Table.Td>
                      <Table.Td ta="right">{pct(h.compliance)}</Table.Td>
                      <Table.Td ta="right">{hours(h.medianHours)}</Table.Td>
                      <Table.Td ta="right">{hours(h.p90Hours)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          ) : null}
          <Text size="sm" c="dimmed" maw={820}>
            {t('reports.definitions')} {t('reports.dayZone', { zone: report.timeZone })}
          </Text>
        </>
      ) : null}
    </Stack>
  );
}
