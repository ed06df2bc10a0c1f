/** "Notice PDF" for one host's requests: opens the notice dialog with the requests' defaults. */
import { Button } from '@mantine/core';
import { IconFileTypePdf } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoticeRoute } from '../../../../shared/notices-types';
import { currentLanguage } from '../../i18n';
import { defaultNoticeLanguage } from './default-language';
import { NoticeDialog } from './notice-dialog';

export interface NoticeButtonProps {
  host: string;
  /**
   * The host's listed requests: their route is the default, and their language when the host is
   * in the registry (platformId); otherwise the notice starts in the UI's language.
   */
  requests: readonly {
    id: number;
    language: string;
    route: NoticeRoute;
    platformId?: number | null;
  }[];
}

export function NoticeButton({ host, requests }: NoticeButtonProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (requests.length === 0) return null;
  const copyright = requests.filter((r) => r.route === 'copyright').length;
  const route: NoticeRoute = copyright > requests.length / 2 ? 'copyright' : 'ncii';
  return (
    <>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconFileTypePdf size={16} stroke={1.6} />}
        onClick={() => setOpen(true)}
        data-testid={`notice-open-${host}`}
      >
        {t('notices.button')}
      </Button>
      <NoticeDialog
        opened={open}
        onClose={() => setOpen(false)}
        host={host}
        requestIds={requests.map((r) => r.id)}
        defaultLanguage={defaultNoticeLanguage(requests, currentLanguage())}
        defaultRoute={route}
      />
    </>
  );
}
