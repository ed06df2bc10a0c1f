/**
 * Marks every draft of one host as sent in one step: a notice usually goes to a host with all its
 * URLs, so staff record the sending once. Hidden for roles that cannot manage takedowns.
 */
import { Button } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/roles';
import type { TakedownSummary } from '../../../../shared/takedown-types';
import { useApi } from '../../api/api-context';

export function SendDraftsButton(props: {
  host: string;
  requests: TakedownSummary[];
  role: Role;
  onDone: () => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const drafts = props.requests.filter((r) => r.state === 'draft').map((r) => r.id);
  if (drafts.length === 0 || (props.role !== 'staff' && props.role !== 'admin')) return null;
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconSend size={14} />}
      loading={busy}
      onClick={() => {
        setBusy(true);
        api
          .call('takedowns.transitionMany', { ids: drafts, to: 'sent' })
          .then(props.onDone, props.onError)
          .finally(() => setBusy(false));
      }}
      data-testid={`takedown-send-drafts-${props.host}`}
    >
      {t('takedowns.actions.sendDrafts', { count: drafts.length })}
    </Button>
  );
}
