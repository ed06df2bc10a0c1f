/** The shell's header: product, open case file, who is signed in (with role), language, sign-out. */
import { Badge, Button, Divider, Group, Text, Tooltip } from '@mantine/core';
import { IconDatabase, IconLogout } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionInfo } from '../../../shared/types';
import { useApi } from '../api/api-context';
import { baseName } from './base-name';
import { Brand } from './brand';
import { LanguageMenu } from './language-menu';

export function ShellHeader(props: {
  info: AppInfo;
  session: SessionInfo;
  onSignedOut: () => void;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const { session } = props;

  const signOut = async () => {
    setBusy(true);
    try {
      await api.call('auth.signOut', {});
    } catch {
      // Already signed out on the engine's side (expired session): leave all the same.
    }
    props.onSignedOut();
  };

  return (
    <Group h="100%" px="lg" justify="space-between" wrap="nowrap" gap="lg">
      <Group gap="lg" wrap="nowrap" miw={0}>
        <Brand />
        <Divider orientation="vertical" my={18} />
        <Tooltip label={props.info.caseFile.path} multiline maw={420}>
          <Group gap={6} wrap="nowrap" miw={0} c="stone.7" data-testid="case-file-name">
            <IconDatabase size={16} stroke={1.6} aria-label={t('header.caseFile')} />
            <Text size="sm" truncate="end">
              {baseName(props.info.caseFile.path)}
            </Text>
          </Group>
        </Tooltip>
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Group gap={8} wrap="nowrap" data-testid="current-user">
          <Text size="sm" fw={600} c="stone.9" truncate="end" maw={200}>
            {session.displayName}
          </Text>
          <Badge color="sage" data-testid="role-badge">
            {t(`roles.${session.role}`)}
          </Badge>
        </Group>
        <Divider orientation="vertical" my={18} />
        <LanguageMenu />
        <Button
          variant="subtle"
          color="stone"
          size="sm"
          fw={500}
          leftSection={<IconLogout size={18} stroke={1.6} />}
          loading={busy}
          onClick={() => void signOut()}
          data-testid="sign-out"
        >
          {t('header.signOut')}
        </Button>
      </Group>
    </Group>
  );
}
