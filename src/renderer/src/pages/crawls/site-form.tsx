/** The site configuration form: every setting of the crawl contract, validated by the engine. */
import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteConfig, SiteConfigInput, SiteInfo } from '../../../../shared/crawl-types';
import { ApiError } from '../../../../shared/errors';
import { useApi } from '../../api/api-context';
import { formErrors } from '../../api/error-text';
import { SecretField, type SecretMode } from './secret-field';

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function parseHeaders(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lines(s)) {
    const i = l.indexOf(':');
    if (i > 0) out[l.slice(0, i).trim()] = l.slice(i + 1).trim();
  }
  return out;
}

/** A validation error saying the address guards refuse a start URL (decision 0083). */
function refusedAddress(e: unknown): boolean {
  return (
    e instanceof ApiError &&
    e.code === 'validation' &&
    (e.issues ?? []).some((i) => i.path === 'config.startUrls' && i.message === 'refused-address')
  );
}

/** The host of the first start URL that is an address literal or localhost, for the message. */
function refusedHost(urls: readonly string[]): string | null {
  for (const u of urls) {
    try {
      const host = new URL(u).hostname;
      if (/^[\d.]+$|^\[|(^|\.)localhost$/i.test(host)) return host;
    } catch {
      // not a URL: the engine says so
    }
  }
  return null;
}

export function SiteForm(props: { site?: SiteInfo; onDone: (site: SiteInfo | null) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const c: Partial<SiteConfig> = props.site?.config ?? {};
  const [name, setName] = useState(c.name ?? '');
  const [startUrls, setStartUrls] = useState((c.startUrls ?? []).join('\n'));
  const [allowedHosts, setAllowedHosts] = useState((c.allowedHosts ?? []).join('\n'));
  const [pathPatterns, setPathPatterns] = useState((c.pathPatterns ?? []).join('\n'));
  const [maxDepth, setMaxDepth] = useState<number>(c.maxDepth ?? 5);
  const [maxPages, setMaxPages] = useState<number>(c.maxPages ?? 1000);
  const [rps, setRps] = useState<number>(c.requestsPerSecond ?? 1);
  const [concurrency, setConcurrency] = useState<number>(c.concurrencyPerHost ?? 2);
  const [renderMode, setRenderMode] = useState<SiteConfig['renderMode']>(c.renderMode ?? 'auto');
  const [respectRobots, setRespectRobots] = useState(c.respectRobots ?? true);
  const [robotsReason, setRobotsReason] = useState(c.robotsOverrideReason ?? '');
  const [userAgent, setUserAgent] = useState(c.userAgent ?? '');
  // Saved cookie and header values are sealed in the engine: kept unless replaced or cleared.
  const saved = props.site?.secrets ?? { headers: [], cookies: false };
  const [headers, setHeaders] = useState('');
  const [headersMode, setHeadersMode] = useState<SecretMode>(
    saved.headers.length ? 'keep' : 'replace',
  );
  const [cookies, setCookies] = useState('');
  const [cookiesMode, setCookiesMode] = useState<SecretMode>(saved.cookies ? 'keep' : 'replace');
  const [schedule, setSchedule] = useState<number | ''>(c.scheduleHours ?? '');
  const [timeoutSeconds, setTimeoutSeconds] = useState<number>(c.timeoutSeconds ?? 30);
  const [maxVideoMiB, setMaxVideoMiB] = useState<number>(c.maxVideoMiB ?? 200);
  const [maxVideoMinutes, setMaxVideoMinutes] = useState<number>(c.maxVideoMinutes ?? 30);
  const [enabled, setEnabled] = useState(c.enabled ?? true);
  const [loopback, setLoopback] = useState((c.allowAddresses ?? []).includes('127.0.0.1'));
  const [error, setError] = useState<unknown>(null);
  const bad = formErrors(t, error);
  // The engine's address guards refuse a start address: said on the field, in words.
  const [startRefused, setStartRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const config: SiteConfigInput = {
      name,
      startUrls: lines(startUrls),
      allowedHosts: lines(allowedHosts),
      pathPatterns: lines(pathPatterns),
      maxDepth,
      maxPages,
      requestsPerSecond: rps,
      concurrencyPerHost: concurrency,
      renderMode,
      respectRobots,
      ...(respectRobots ? {} : { robotsOverrideReason: robotsReason }),
      ...(userAgent.trim() ? { userAgent } : {}),
      headers: headersMode === 'replace' ? parseHeaders(headers) : {},
      cookies: cookiesMode === 'replace' ? cookies : '',
      scheduleHours: schedule === '' ? null : schedule,
      timeoutSeconds,
      maxVideoMiB,
      maxVideoMinutes,
      enabled,
      allowAddresses: loopback ? ['127.0.0.1'] : [],
    };
    setBusy(true);
    setStartRefused(null);
    try {
      const site = props.site
        ? await api.call('sites.update', {
            id: props.site.id,
            config,
            keep: { headers: headersMode === 'keep', cookies: cookiesMode === 'keep' },
          })
        : await api.call('sites.create', { config });
      props.onDone(site);
    } catch (e) {
      if (refusedAddress(e)) {
        setError(null);
        setStartRefused(
          t('crawls.startRefused', { address: refusedHost(config.startUrls) ?? startUrls }),
        );
      } else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="lg" maw={900} data-testid="site-form">
      <Stack gap="md">
        <Title order={2}>{props.site ? props.site.config.name : t('crawls.newSite')}</Title>
        <TextInput
          label={t('crawls.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          error={bad.field('config.name')}
          data-testid="site-name"
        />
        <Textarea
          label={t('crawls.startUrls')}
          description={t('crawls.startUrlsHint')}
          value={startUrls}
          onChange={(e) => setStartUrls(e.currentTarget.value)}
          autosize
          minRows={2}
          required
          error={startRefused ?? bad.field('config.startUrls')}
          data-testid="site-start-urls"
        />
        <SimpleGrid cols={2}>
          <Textarea
            label={t('crawls.allowedHosts')}
            description={t('crawls.allowedHostsHint')}
            value={allowedHosts}
            onChange={(e) => setAllowedHosts(e.currentTarget.value)}
            error={bad.field('config.allowedHosts')}
            autosize
            minRows={2}
          />
          <Textarea
            label={t('crawls.pathPatterns')}
            description={t('crawls.pathPatternsHint')}
            value={pathPatterns}
            onChange={(e) => setPathPatterns(e.currentTarget.value)}
            error={bad.field('config.pathPatterns')}
            autosize
            minRows={2}
          />
        </SimpleGrid>
        <SimpleGrid cols={4}>
          <NumberInput
            label={t('crawls.maxDepth')}
            value={maxDepth}
            min={0}
            max={50}
            onChange={(v) => setMaxDepth(Number(v))}
            error={bad.field('config.maxDepth')}
            data-testid="site-max-depth"
          />
          <NumberInput
            label={t('crawls.maxPages')}
            value={maxPages}
            min={1}
            max={1_000_000}
            onChange={(v) => setMaxPages(Number(v))}
            error={bad.field('config.maxPages')}
          />
          <NumberInput
            label={t('crawls.requestsPerSecond')}
            value={rps}
            min={0.05}
            max={1000}
            decimalScale={2}
            onChange={(v) => setRps(Number(v))}
            error={bad.field('config.requestsPerSecond')}
            data-testid="site-rps"
          />
          <NumberInput
            label={t('crawls.concurrency')}
            value={concurrency}
            min={1}
            max={32}
            onChange={(v) => setConcurrency(Number(v))}
            error={bad.field('config.concurrencyPerHost')}
          />
        </SimpleGrid>
        <SimpleGrid cols={3}>
          <Select
            label={t('crawls.renderMode')}
            value={renderMode}
            onChange={(v) => v && setRenderMode(v as SiteConfig['renderMode'])}
            data={[
              { value: 'auto', label: t('crawls.modeAuto') },
              { value: 'http', label: t('crawls.modeHttp') },
              { value: 'browser', label: t('crawls.modeBrowser') },
            ]}
            allowDeselect={false}
            data-testid="site-render-mode"
          />
          <NumberInput
            label={t('crawls.scheduleHours')}
            value={schedule}
            min={1}
            max={720}
            onChange={(v) => setSchedule(v === '' ? '' : Number(v))}
            error={bad.field('config.scheduleHours')}
          />
          <NumberInput
            label={t('crawls.timeoutSeconds')}
            value={timeoutSeconds}
            min={1}
            max={120}
            onChange={(v) => setTimeoutSeconds(Number(v))}
            error={bad.field('config.timeoutSeconds')}
            data-testid="site-timeout"
          />
        </SimpleGrid>
        <SimpleGrid cols={3}>
          <NumberInput
            label={t('crawls.maxVideoMiB')}
            description={t('crawls.videoCapHint')}
            value={maxVideoMiB}
            min={1}
            max={4096}
            onChange={(v) => setMaxVideoMiB(Number(v))}
            error={bad.field('config.maxVideoMiB')}
            data-testid="site-max-video-mib"
          />
          <NumberInput
            label={t('crawls.maxVideoMinutes')}
            value={maxVideoMinutes}
            min={1}
            max={600}
            onChange={(v) => setMaxVideoMinutes(Number(v))}
            error={bad.field('config.maxVideoMinutes')}
            data-testid="site-max-video-minutes"
          />
        </SimpleGrid>
        <Switch
          label={t('crawls.respectRobots')}
          checked={respectRobots}
          onChange={(e) => setRespectRobots(e.currentTarget.checked)}
        />
        {respectRobots ? null : (
          <TextInput
            label={t('crawls.robotsReason')}
            value={robotsReason}
            onChange={(e) => setRobotsReason(e.currentTarget.value)}
            error={bad.field('config.robotsOverrideReason')}
            required
          />
        )}
        <TextInput
          label={t('crawls.userAgent')}
          value={userAgent}
          placeholder="JiumBot/0.1"
          onChange={(e) => setUserAgent(e.currentTarget.value)}
          error={bad.field('config.userAgent')}
        />
        <SimpleGrid cols={2}>
          <SecretField
            label={t('crawls.headers')}
            description={t('crawls.headersHint')}
            saved={saved.headers.length > 0}
            names={saved.headers}
            mode={headersMode}
            onMode={setHeadersMode}
            value={headers}
            onChange={setHeaders}
            testId="site-headers"
          />
          <SecretField
            label={t('crawls.cookies')}
            description={t('crawls.cookiesHint')}
            saved={saved.cookies}
            mode={cookiesMode}
            onMode={setCookiesMode}
            value={cookies}
            onChange={setCookies}
            testId="site-cookies"
          />
        </SimpleGrid>
        <Group>
          <Checkbox
            label={t('crawls.enabled')}
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />
          <Checkbox
            label={t('crawls.allowLoopback')}
            checked={loopback}
            onChange={(e) => setLoopback(e.currentTarget.checked)}
            data-testid="site-allow-loopback"
          />
        </Group>
        {bad.message ? (
          <Text c="red" role="alert">
            {bad.message}
          </Text>
        ) : null}
        <Group>
          <Button onClick={() => void save()} loading={busy} data-testid="site-save">
            {t('crawls.save')}
          </Button>
          <Button variant="default" onClick={() => props.onDone(null)}>
            {t('crawls.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
