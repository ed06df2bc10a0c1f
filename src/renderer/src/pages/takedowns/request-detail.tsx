/**
 * One takedown request: where it stands (deadline, re-sends), the lifecycle actions the current
 * state allows, the fields staff fill in (channel, route, contact, reference number, notes), the
 * images on the page with their re-check status, the re-checks with their evidence, and the
 * history of who did what. Monitors see it read-only.
 */
import {
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconRefresh } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/roles';
import {
  CHANNELS,
  ROUTES,
  TRANSITIONS,
  type RequestEdit,
  type TakedownChannel,
  type TakedownCheck,
  type TakedownDetail,
  type TakedownRoute,
  type TakedownSettings,
  type TakedownState,
} from '../../../../shared/takedown-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { STATE_COLOURS, when } from './format';

function Facts(props: { rows: [string, React.ReactNode][] }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" verticalSpacing={6}>
      {props.rows.map(([label, value]) => (
        <div key={label}>
          <Text size="xs" c="dimmed">
            {label}
          </Text>
          <Text size="sm" style={{ wordBreak: 'break-all' }}>
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

export function RequestDetail(props: { id: number; role: Role; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  const api = useApi();
  const canManage = props.role === 'staff' || props.role === 'admin';
  const [r, setR] = useState<TakedownDetail | null>(null);
  const [settings, setSettings] = useState<TakedownSettings | null>(null);
  const [form, setForm] = useState({
    channel: 'email' as TakedownChannel,
    route: 'ncii' as TakedownRoute,
    contact: '',
    language: 'en',
    referenceNumber: '',
    notes: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const show = useCallback((d: TakedownDetail) => {
    setR(d);
    setForm({
      channel: d.channel,
      route: d.route,
      contact: d.contact,
      language: d.language,
      referenceNumber: d.referenceNumber,
      notes: d.notes,
    });
  }, []);
  const load = useCallback(
    () =>
      api
        .call('takedowns.get', { id: props.id })
        .then(show)
        .catch((e: unknown) => setError(errorText(t, e))),
    [api, props.id, show, t],
  );
  useEffect(() => void load(), [load]);
  useEffect(() => {
    void api.call('takedowns.settings', {}).then(setSettings, () => undefined);
  }, [api]);
  useEffect(
    () =>
      api.on('takedowns.changed', (p) => {
        if (p.ids.includes(props.id)) void load();
      }),
    [api, load, props.id],
  );

  const run = (p: Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    return p
      .then(() => load())
      .catch((e: unknown) => setError(errorText(t, e)))
      .finally(() => setBusy(false));
  };

  if (!r)
    return error ? (
      <Text c="red" role="alert">
        {error}
      </Text>
    ) : null;

  const moves = TRANSITIONS[r.state];
  const chased = r.state === 'sent' || r.state === 'acknowledged';
  /** Only the fields that differ from the request (the history names what changed). */
  const changes = () =>
    Object.fromEntries(
      (Object.keys(form) as (keyof typeof form)[])
        .filter((k) => form[k] !== r[k])
        .map((k) => [k, form[k]]),
    );
  const dirty = Object.keys(changes()).length > 0;

  const eventText = (e: TakedownDetail['events'][number]) => {
    if (e.kind === 'state')
      return t('takedowns.detail.events.state', {
        from: t(`takedowns.states.${e.fromState as TakedownState}`),
        to: t(`takedowns.states.${e.toState as TakedownState}`),
      });
    if (e.kind === 'edited')
      return t('takedowns.detail.events.edited', {
        fields: ((e.detail['fields'] as string[] | undefined) ?? [])
          .map((f) => t(`takedowns.detail.${f as keyof RequestEdit}`))
          .join(', '),
      });
    if (e.kind === 'checked')
      return t('takedowns.detail.events.checked', {
        outcome: t(`takedowns.detail.outcomes.${e.detail['outcome'] as TakedownCheck['outcome']}`),
      });
    return t(`takedowns.detail.events.${e.kind}`);
  };

  return (
    <Stack gap="lg" data-testid="takedown-detail">
      <Group justify="space-between">
        <Group>
          <Button
            variant="subtle"
            leftSection={<IconArrowLeft size={16} />}
            onClick={props.onBack}
            data-testid="takedown-back"
          >
            {t('takedowns.actions.back')}
          </Button>
          <Title order={2}>{t('takedowns.detail.title', { id: r.id })}</Title>
          <Badge size="lg" color={STATE_COLOURS[r.state]} data-testid="takedown-detail-state">
            {t(`takedowns.states.${r.state}`)}
          </Badge>
          {r.overdue ? (
            <Badge size="lg" color="red" variant="light" data-testid="takedown-detail-overdue">
              {t('takedowns.list.overdue')}
            </Badge>
          ) : null}
          {r.resendDue ? (
            <Badge size="lg" color="yellow" variant="light">
              {t('takedowns.list.resendDue')}
            </Badge>
          ) : null}
        </Group>
      </Group>
      {error ? (
        <Text c="red" role="alert">
          {error}
        </Text>
      ) : null}

      <Paper withBorder p="md">
        <Stack gap="md">
          <Facts
            rows={[
              [t('takedowns.detail.page'), r.url],
              [t('takedowns.detail.host'), r.host],
              [t('takedowns.detail.platform'), r.platformName ?? t('takedowns.list.noPlatform')],
              [
                t('takedowns.list.cases'),
                [
                  ...r.caseCodes,
                  ...r.hashLists.map((name) => t('takedowns.list.fromList', { name })),
                ].join(', ') || '—',
              ],
              [t('takedowns.detail.created'), when(r.createdAt, lang)],
              [t('takedowns.detail.firstSent'), when(r.firstSentAt, lang)],
              [t('takedowns.detail.lastSent'), when(r.lastSentAt, lang)],
              [
                t('takedowns.detail.deadline'),
                <Text
                  span
                  size="sm"
                  key="d"
                  c={r.overdue ? 'red.8' : undefined}
                  fw={r.overdue ? 600 : undefined}
                >
                  {when(r.deadlineAt, lang)}
                </Text>,
              ],
              [t('takedowns.detail.nextResend'), when(r.resendAt, lang)],
              [t('takedowns.detail.removedAt'), when(r.removedAt, lang)],
            ]}
          />
          {r.related.map((x) => (
            <Text key={`${x.relation}-${x.id}`} size="sm" c="dimmed">
              {t(
                x.relation === 'earlier' ? 'takedowns.detail.reupload' : 'takedowns.detail.later',
                {
                  id: x.id,
                },
              )}{' '}
              · {x.url} · {t(`takedowns.states.${x.state}`)}
            </Text>
          ))}
        </Stack>
      </Paper>

      {canManage ? (
        <Paper withBorder p="md">
          <Title order={3} mb="sm">
            {t('takedowns.detail.actions')}
          </Title>
          <Group gap="xs" data-testid="takedown-actions">
            {moves.map((to) => (
              <Button
                key={to}
                variant={to === 'sent' || to === 'removed' ? 'filled' : 'default'}
                disabled={busy}
                onClick={() => void run(api.call('takedowns.transition', { id: r.id, to }))}
                data-testid={`takedown-to-${to}`}
              >
                {t(`takedowns.actions.${to as Exclude<TakedownState, 'draft'>}`)}
              </Button>
            ))}
            {chased ? (
              <Button
                variant={r.resendDue ? 'filled' : 'default'}
                color={r.resendDue ? 'yellow' : undefined}
                disabled={busy}
                onClick={() => void run(api.call('takedowns.resend', { id: r.id }))}
                data-testid="takedown-resend"
              >
                {t('takedowns.actions.resend')}
              </Button>
            ) : null}
            <Button
              variant="light"
              leftSection={<IconRefresh size={16} />}
              loading={busy}
              onClick={() => void run(api.call('takedowns.recheck', { id: r.id }))}
              data-testid="takedown-recheck"
            >
              {t('takedowns.actions.recheck')}
            </Button>
            {/* Documents for this request (notice PDF) go here. */}
          </Group>
          <Text size="xs" c="dimmed" mt="xs">
            {t('takedowns.detail.resendHint')}
          </Text>
        </Paper>
      ) : null}

      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Select
            label={t('takedowns.detail.channel')}
            data={CHANNELS.map((c) => ({ value: c, label: t(`takedowns.channels.${c}`) }))}
            value={form.channel}
            onChange={(v) => v && setForm({ ...form, channel: v as TakedownChannel })}
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
              onChange={(v) => setForm({ ...form, route: v as TakedownRoute })}
              data={ROUTES.map((x) => ({ value: x, label: t(`takedowns.routes.${x}`) }))}
              readOnly={!canManage}
              data-testid="takedown-route"
            />
          </Stack>
          <TextInput
            label={t('takedowns.detail.contact')}
            value={form.contact}
            onChange={(e) => setForm({ ...form, contact: e.currentTarget.value })}
            readOnly={!canManage}
            data-testid="takedown-contact"
          />
          <TextInput
            label={t('takedowns.detail.language')}
            value={form.language}
            onChange={(e) => setForm({ ...form, language: e.currentTarget.value })}
            readOnly={!canManage}
          />
          <TextInput
            label={t('takedowns.detail.referenceNumber')}
            value={form.referenceNumber}
            onChange={(e) => setForm({ ...form, referenceNumber: e.currentTarget.value })}
            readOnly={!canManage}
            data-testid="takedown-reference"
          />
          <Textarea
            label={t('takedowns.detail.notes')}
            value={form.notes}
            onChange={(e) => setForm({ ...form, notes: e.currentTarget.value })}
            readOnly={!canManage}
            autosize
            minRows={2}
          />
        </SimpleGrid>
        {canManage ? (
          <Group mt="md" gap="sm">
            <Button
              disabled={!dirty || busy}
              onClick={() =>
                void run(api.call('takedowns.update', { id: r.id, edit: changes() })).then(() =>
                  setSaved(true),
                )
              }
              data-testid="takedown-save"
            >
              {t('takedowns.actions.save')}
            </Button>
            {saved ? (
              <Text size="sm" c="dimmed">
                {t('takedowns.actions.saved')}
              </Text>
            ) : null}
          </Group>
        ) : null}
      </Paper>

      <Paper withBorder p="md">
        <Title order={3} mb="sm">
          {t('takedowns.detail.images')}
        </Title>
        <Table data-testid="takedown-images">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('takedowns.detail.caseCode')}</Table.Th>
              <Table.Th>{t('takedowns.detail.imageUrl')}</Table.Th>
              <Table.Th>{t('takedowns.detail.sha256')}</Table.Th>
              <Table.Th>{t('takedowns.detail.foundAt')}</Table.Th>
              <Table.Th>{t('takedowns.detail.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.items.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  {i.caseCode ??
                    (i.hashList ? t('takedowns.list.fromList', { name: i.hashList }) : '—')}
                </Table.Td>
                <Table.Td maw={360} style={{ wordBreak: 'break-all' }}>
                  {i.imageUrl}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace" title={i.imageSha256}>
                    {i.imageSha256.slice(0, 16)}…
                  </Text>
                </Table.Td>
                <Table.Td>{when(i.foundAt, lang)}</Table.Td>
                <Table.Td>
                  {i.goneAt ? (
                    <Badge color="sage" variant="light">
                      {t(`takedowns.detail.goneReasons.${i.goneReason}`, {
                        defaultValue: i.goneReason ?? '',
                      })}
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light">
                      {t('takedowns.detail.present')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>

      <Paper withBorder p="md">
        <Title order={3} mb="sm">
          {t('takedowns.detail.checks')}
        </Title>
        {r.checks.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('takedowns.detail.noChecks', { hours: settings?.recheckHours ?? 24 })}
          </Text>
        ) : (
          <Table data-testid="takedown-checks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('takedowns.detail.checkedAt')}</Table.Th>
                <Table.Th>{t('takedowns.detail.by')}</Table.Th>
                <Table.Th>{t('takedowns.detail.pageStatus')}</Table.Th>
                <Table.Th>{t('takedowns.detail.outcome')}</Table.Th>
                <Table.Th>{t('takedowns.detail.evidence')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.checks.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{when(c.at, lang)}</Table.Td>
                  <Table.Td>{c.actor ?? t('takedowns.detail.system')}</Table.Td>
                  <Table.Td>{c.pageStatus ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={
                        c.outcome === 'removed' ? 'sage' : c.outcome === 'error' ? 'orange' : 'gray'
                      }
                    >
                      {t(`takedowns.detail.outcomes.${c.outcome}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {c.error ? (
                        <Text size="xs" c="orange.8">
                          {c.error}
                        </Text>
                      ) : null}
                      {c.images.map((i) => (
                        <Text key={i.url} size="xs" style={{ wordBreak: 'break-all' }}>
                          {i.url.replace(/^https?:\/\/[^/]+/, '')} · {i.status ?? '—'}
                          {i.sha256 ? ` · ${i.sha256.slice(0, 12)}…` : ''}
                          {i.gone
                            ? ` · ${t(`takedowns.detail.goneReasons.${i.reason}`, {
                                defaultValue: i.reason ?? '',
                              })}`
                            : ''}
                          {i.error ? ` · ${i.error}` : ''}
                        </Text>
                      ))}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>

      <Paper withBorder p="md">
        <Title order={3} mb="sm">
          {t('takedowns.detail.history')}
        </Title>
        <Table data-testid="takedown-history">
          <Table.Tbody>
            {[...r.events].reverse().map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td w={200}>{when(e.at, lang)}</Table.Td>
                <Table.Td w={180}>{e.actor ?? t('takedowns.detail.system')}</Table.Td>
                <Table.Td>
                  {eventText(e)}
                  {typeof e.detail['note'] === 'string' && e.detail['note'] ? (
                    <Text span c="dimmed" size="sm">
                      {' '}
                      — {e.detail['note']}
                    </Text>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
