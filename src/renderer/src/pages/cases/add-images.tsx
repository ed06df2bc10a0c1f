/**
 * Adding reference images and videos: drop files or whole folders, or pick them. Each file is
 * fingerprinted by the engine on this workstation, one at a time, with a progress bar for the
 * file in hand (for a video: what it is doing and the time left, and a cancel button) and a line
 * per file; bad files are listed with their reason and the rest go in.
 */
import { Badge, Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconFolderPlus, IconPhotoPlus, IconUpload } from '@tabler/icons-react';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AddImageResult, AddVideoResult } from '../../../../shared/cases-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { DataTable } from '../../components/data-table';
import { fileBase64, filesFromDrop, filesFromInput, type PickedFile } from './collect-files';
import { FileProgress } from './file-progress';
import { ResultNote } from './result-note';
import { isVideoFile, sendVideo, VIDEO_EXTENSIONS, type VideoSendProgress } from './send-video';

interface Line {
  path: string;
  result: AddImageResult | AddVideoResult | { status: 'error'; message: string };
  video: boolean;
}

const COLOURS = {
  added: 'sage',
  duplicate: 'yellow',
  rejected: 'red',
  error: 'red',
  cancelled: 'gray',
} as const;

/** What the file picker offers: images, and videos by type and by extension. */
const ACCEPT = ['image/*', 'video/*', ...VIDEO_EXTENSIONS.map((e) => `.${e}`)].join(',');

/** The file being fingerprinted now. */
interface Current {
  path: string;
  video: boolean;
  progress: VideoSendProgress | null;
  abort: AbortController;
}

export function AddImages(props: { caseId: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [over, setOver] = useState(false);
  const [total, setTotal] = useState(0);
  const [lines, setLines] = useState<Line[]>([]);
  const [running, setRunning] = useState(false);
  const [current, setCurrent] = useState<Current | null>(null);
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);

  const run = async (files: PickedFile[]) => {
    if (!files.length || running) return;
    setRunning(true);
    setTotal(files.length);
    setLines([]);
    for (const f of files) {
      let result: Line['result'];
      const video = isVideoFile(f.file.name, f.file.type);
      const abort = new AbortController();
      setCurrent({ path: f.path, video, progress: null, abort });
      try {
        if (video) {
          result = await sendVideo(
            api,
            props.caseId,
            f.file,
            f.path,
            (progress) => setCurrent((c) => c && { ...c, progress }),
            abort.signal,
          );
        } else {
          const data = await fileBase64(f.file);
          result = await api.call('images.add', { caseId: props.caseId, fileName: f.path, data });
        }
      } catch (e) {
        result = { status: 'error', message: errorText(t, e) };
      }
      setLines((l) => [...l, { path: f.path, result, video }]);
    }
    setCurrent(null);
    setRunning(false);
    props.onChanged();
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void filesFromDrop(e.dataTransfer).then(run);
  };

  const counts = { added: 0, duplicate: 0, rejected: 0 };
  for (const l of lines) {
    const s = l.result.status;
    counts[s === 'error' || s === 'cancelled' ? 'rejected' : s]++;
  }

  return (
    <Stack gap="sm" data-testid="add-images">
      <Paper
        p="lg"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        style={{
          border: `2px dashed ${over ? 'var(--mantine-color-sage-6)' : 'var(--jium-border)'}`,
          textAlign: 'center',
        }}
        data-testid="image-dropzone"
      >
        <Stack align="center" gap="xs">
          <IconUpload size={28} stroke={1.5} />
          <Text>{t('cases.add.drop')}</Text>
          <Text size="xs" c="dimmed">
            {t('cases.add.privacy')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('videos.dropNote')}
          </Text>
          <Group>
            <Button
              variant="light"
              leftSection={<IconPhotoPlus size={16} />}
              onClick={() => filesRef.current?.click()}
              disabled={running}
            >
              {t('cases.add.pickFiles')}
            </Button>
            <Button
              variant="light"
              leftSection={<IconFolderPlus size={16} />}
              onClick={() => folderRef.current?.click()}
              disabled={running}
            >
              {t('cases.add.pickFolder')}
            </Button>
          </Group>
          <input
            ref={filesRef}
            type="file"
            accept={ACCEPT}
            multiple
            hidden
            onChange={(e) => void run(filesFromInput(e.currentTarget.files))}
            data-testid="image-files-input"
          />
          <input
            ref={folderRef}
            type="file"
            multiple
            hidden
            {...{ webkitdirectory: '' }}
            onChange={(e) => void run(filesFromInput(e.currentTarget.files))}
            data-testid="image-folder-input"
          />
        </Stack>
      </Paper>
      {total > 0 ? (
        <Stack gap={6}>
          <Progress
            value={(lines.length / total) * 100}
            animated={running}
            data-testid="add-progress"
          />
          {current ? (
            <FileProgress
              path={current.path}
              video={current.video}
              progress={current.progress}
              onCancel={() => current.abort.abort()}
            />
          ) : null}
          <Text size="sm" data-testid="add-summary">
            {t('cases.add.summary', {
              done: lines.length,
              total,
              added: counts.added,
              duplicate: counts.duplicate,
              rejected: counts.rejected,
            })}
          </Text>
          <DataTable
            testId="add-results"
            rows={lines}
            rowKey={(l) => l.path}
            verticalSpacing={4}
            fz="sm"
            rowProps={(l) => ({ 'data-testid': 'add-result', 'data-status': l.result.status })}
            columns={[
              { key: 'path', td: { ff: 'monospace' }, cell: (l) => l.path },
              {
                key: 'status',
                cell: (l) => (
                  // Never cut to "Fing…" beside a long note: the status is read first.
                  <Badge color={COLOURS[l.result.status]} variant="light" miw="max-content">
                    {l.result.status === 'cancelled'
                      ? t('videos.status.cancelled')
                      : t(`cases.add.status.${l.result.status}`)}
                  </Badge>
                ),
              },
              { key: 'note', cell: (l) => <ResultNote result={l.result} video={l.video} /> },
            ]}
          />
        </Stack>
      ) : null}
    </Stack>
  );
}
