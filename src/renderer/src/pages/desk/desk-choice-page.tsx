/**
 * The desktop app's first-start question (issue 16): open a case file on this computer, or connect
 * to the centre's server by its address and key fingerprint. The host checks the key before it
 * remembers anything (src/host/desk-choice.ts) and starts Jium again in the chosen mode.
 */
import {
  Alert,
  Button,
  Code,
  Divider,
  Group,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconBuildingCommunity, IconDeviceDesktop, IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskAnswer, DeskBridge, DeskRequest } from '../../../../shared/desk-types';
import { AuthFrame } from '../auth-frame';

type Status =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'answer'; answer: DeskAnswer; chose: boolean };

export function DeskChoicePage({ desk }: { desk: DeskBridge }) {
  const { t } = useTranslation();
  const [address, setAddress] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const ask = async (request: DeskRequest) => {
    setStatus({ kind: 'busy' });
    const answer = await desk.ask(request);
    setStatus({ kind: 'answer', answer, chose: request.kind !== 'probe' });
  };
  const centre = (kind: 'probe' | 'choose-centre') => void ask({ kind, address, fingerprint });
  const busy = status.kind === 'busy';
  const answer = status.kind === 'answer' ? status.answer : null;
  const addressProblem =
    answer &&
    !answer.ok &&
    ['empty', 'not-https', 'has-path', 'bad-address'].includes(answer.problem);

  return (
    <AuthFrame title={t('desk.title')} intro={t('desk.intro')} width={640} testId="desk-choice">
      <Stack gap="xs">
        <Group gap="xs">
          <IconDeviceDesktop size={20} stroke={1.6} aria-hidden />
          <Title order={2} size="h4">
            {t('desk.local.title')}
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          {t('desk.local.body')}
        </Text>
        <Group>
          <Button
            variant="light"
            disabled={busy}
            onClick={() => void ask({ kind: 'choose-local' })}
            data-testid="desk-local"
          >
            {t('desk.local.button')}
          </Button>
        </Group>
      </Stack>
      <Divider />
      <Stack gap="sm">
        <Group gap="xs">
          <IconBuildingCommunity size={20} stroke={1.6} aria-hidden />
          <Title order={2} size="h4">
            {t('desk.centre.title')}
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          {t('desk.centre.body')}
        </Text>
        <TextInput
          label={t('desk.centre.address')}
          description={t('desk.centre.addressHint')}
          value={address}
          onChange={(e) => setAddress(e.currentTarget.value)}
          error={addressProblem ? t(`desk.problem.${answer.problem}`) : undefined}
          autoComplete="off"
          spellCheck={false}
          data-testid="desk-address"
        />
        <Textarea
          label={t('desk.centre.fingerprint')}
          description={t('desk.centre.fingerprintHint')}
          value={fingerprint}
          onChange={(e) => setFingerprint(e.currentTarget.value)}
          error={
            answer && !answer.ok && answer.problem === 'bad-fingerprint'
              ? t('desk.problem.bad-fingerprint')
              : undefined
          }
          autosize
          minRows={2}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          autoComplete="off"
          spellCheck={false}
          data-testid="desk-fingerprint"
        />
        <Group>
          <Button
            variant="default"
            disabled={busy}
            onClick={() => centre('probe')}
            data-testid="desk-check"
          >
            {t('desk.centre.check')}
          </Button>
          <Button
            disabled={busy}
            onClick={() => centre('choose-centre')}
            data-testid="desk-connect"
          >
            {t('desk.centre.connect')}
          </Button>
        </Group>
      </Stack>
      <DeskStatus status={status} />
    </AuthFrame>
  );
}

/** A fingerprint wraps inside its box (95 characters), so the sentence above it keeps the width. */
const FINGERPRINT_STYLE = { whiteSpace: 'pre-wrap', wordBreak: 'break-all' } as const;

/** What the last question found, in words (the field problems are shown at their fields). */
function DeskStatus({ status }: { status: Status }) {
  const { t } = useTranslation();
  if (status.kind === 'busy') return <Text size="sm">{t('desk.centre.checking')}</Text>;
  if (status.kind !== 'answer') return null;
  const { answer, chose } = status;
  if (answer.ok) {
    return (
      <Alert color="sage" icon={<IconShieldCheck size={18} />} data-testid="desk-ok">
        {chose ? t('desk.restarting') : t('desk.ok')}
        {answer.fingerprint ? (
          <Code block mt="xs" fz="xs" style={FINGERPRINT_STYLE}>
            {answer.fingerprint}
          </Code>
        ) : null}
      </Alert>
    );
  }
  if (!['wrong-certificate', 'unreachable', 'bad-request'].includes(answer.problem)) return null;
  return (
    <Alert color="red" data-testid="desk-problem">
      {t(`desk.problem.${answer.problem}`)}
      {answer.seen ? (
        <Code block mt="xs" fz="xs" style={FINGERPRINT_STYLE} data-testid="desk-seen">
          {answer.seen}
        </Code>
      ) : null}
    </Alert>
  );
}
