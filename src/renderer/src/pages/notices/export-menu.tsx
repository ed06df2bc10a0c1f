/** "Export" menu: the listed takedown requests as CSV, XLSX or JSON (audited by the engine). */
import { Button, Group, Menu, Text } from '@mantine/core';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, type ExportFormat } from '../../../../shared/notices-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { saveBase64File } from '../../components/save-file';

export interface ExportMenuProps {
  /** The requests to export; undefined exports every request. */
  requestIds?: number[] | undefined;
}

export function ExportMenu({ requestIds }: ExportMenuProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string; count?: number } | null>(null);
  const run = (format: ExportFormat) => {
    setBusy(true);
    setStatus(null);
    api
      .call('notices.exportRequests', {
        format,
        ...(requestIds ? { requestIds: requestIds.slice(0, 1000) } : {}),
      })
      .then(
        (file) => {
          saveBase64File(file);
          setStatus({ ok: true, text: file.fileName, count: file.count });
        },
        (e: unknown) => setStatus({ ok: false, text: errorText(t, e) }),
      )
      .finally(() => setBusy(false));
  };
  return (
    <Group gap="sm">
      {status ? (
        <Text
          size="sm"
          c={status.ok ? 'dimmed' : 'red'}
          role={status.ok ? 'status' : 'alert'}
          data-testid="export-status"
        >
          {status.ok
            ? t('notices.export.done', { file: status.text, count: status.count ?? 0 })
            : status.text}
        </Text>
      ) : null}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            size="sm"
            loading={busy}
            disabled={requestIds !== undefined && requestIds.length === 0}
            leftSection={<IconDownload size={16} stroke={1.6} />}
            rightSection={<IconChevronDown size={14} stroke={1.6} />}
            data-testid="export-menu"
          >
            {t('notices.export.button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {EXPORT_FORMATS.map((f) => (
            <Menu.Item key={f} onClick={() => run(f)} data-testid={`export-${f}`}>
              {t(`notices.export.${f}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
