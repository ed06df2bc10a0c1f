/**
 * One takedown request: where it stands (deadline, re-sends), the lifecycle actions the current
 * state allows, the fields staff fill in (channel, route, contact, reference number, notes), the
 * images on the page with their re-check status, the re-checks with their evidence, and the
 * history of who did what. Monitors see it read-only. The state lives in use-request-detail.ts,
 * the fields in request-fields.tsx, the tables in request-tables.tsx.
 */
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/roles';
import { TRANSITIONS, type TakedownState } from '../../../../shared/takedown-types';
import { useApi } from '../../api/api-context';
import { LabelValueGrid } from '../../components/label-value';
import { Section } from '../../components/section';
import { STATE_COLOURS, when } from './format';
import { RequestFields } from './request-fields';
import { ChecksTable, HistoryTable, ImagesTable } from './request-tables';
import { useRequestDetail } from './use-request-detail';

export function RequestDetail(props: { id: number; role: Role; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  const api = useApi();
  const canManage = props.role === 'staff' || props.role === 'admin';
  const { r, settings, form, setForm, busy, error, saved, setSaved, run, changes } =
    useRequestDetail(props.id);

  if (!r)
    return error ? (
      <Text c="red" role="alert">
        {error}
      </Text>
    ) : null;

  const moves = TRANSITIONS[r.state];
  const chased = r.state === 'sent' || r.state === 'acknowledged';
  const dirty = Object.keys(changes()).length > 0;

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
          <LabelValueGrid
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
        <Section title={t('takedowns.detail.actions')}>
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
        </Section>
      ) : null}

      <RequestFields
        form={form}
        onChange={setForm}
        canManage={canManage}
        dirty={dirty}
        busy={busy}
        saved={saved}
        onSave={() =>
          void run(api.call('takedowns.update', { id: r.id, edit: changes() })).then(() =>
            setSaved(true),
          )
        }
      />

      <Section title={t('takedowns.detail.images')}>
        <ImagesTable r={r} />
      </Section>

      <Section title={t('takedowns.detail.checks')}>
        {r.checks.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('takedowns.detail.noChecks', { hours: settings?.recheckHours ?? 24 })}
          </Text>
        ) : (
          <ChecksTable checks={r.checks} />
        )}
      </Section>

      <Section title={t('takedowns.detail.history')}>
        <HistoryTable events={r.events} />
      </Section>
    </Stack>
  );
}
