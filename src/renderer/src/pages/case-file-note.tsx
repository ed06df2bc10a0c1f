/** A quiet line naming the case file a page works on, so nobody sets up or signs in to the wrong one. */
import { Text, Tooltip } from '@mantine/core';
import { IconDatabase } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../shared/types';
import { baseName } from '../shell/base-name';

export function CaseFileNote({ info }: { info: AppInfo }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={info.caseFile.path} multiline maw={420}>
      <Text
        size="sm"
        c="stone.7"
        bg="stone.0"
        px="sm"
        py={8}
        style={{ borderRadius: 8, display: 'flex', gap: 8, alignItems: 'center' }}
        data-testid="case-file-note"
      >
        <IconDatabase size={16} stroke={1.6} aria-hidden style={{ flexShrink: 0 }} />
        <span>
          {t('setup.caseFile')}: <b>{baseName(info.caseFile.path)}</b>
        </span>
      </Text>
    </Tooltip>
  );
}
