/**
 * Sends one video file to the engine and registers it: `videos.begin` with its first bytes (so a
 * web page named .mp4 is refused before anything is sent), the file in parts (`videos.chunk`),
 * then `videos.add`, whose fingerprinting reports `videos.progress`. Progress comes back as one
 * phase with a fraction and the time left; aborting the signal cancels in the engine too.
 */
import { VIDEO_CHUNK_BYTES, type AddVideoResult } from '../../../../shared/cases-types';
import type { ApiClient } from '../../api/client';
import { fileBase64 } from './collect-files';

/** Extensions of the video files Jium takes (the engine sniffs the content as well). */
export const VIDEO_EXTENSIONS = ['mp4', 'mov', 'm4v', 'webm', 'mkv', 'avi', '3gp'];

/** Whether a picked file is to be registered as a video. */
export function isVideoFile(name: string, type = ''): boolean {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  return VIDEO_EXTENSIONS.includes(ext) || type.startsWith('video/');
}

export interface VideoSendProgress {
  phase: 'sending' | 'fingerprinting' | 'keyframes' | 'sealing';
  /** 0..1 within the phase. */
  fraction: number;
  /** For fingerprinting: seconds of video read and its length. */
  doneS?: number;
  totalS?: number;
  /** Estimated seconds left for this file, or null. */
  etaS: number | null;
}

/** Registers one video; resolves to the engine's result (or `cancelled` when aborted). */
export async function sendVideo(
  api: ApiClient,
  caseId: number,
  file: File,
  fileName: string,
  onProgress: (p: VideoSendProgress) => void,
  signal: AbortSignal,
): Promise<AddVideoResult> {
  const head = await fileBase64(file.slice(0, 64));
  const begun = await api.call('videos.begin', { caseId, fileName, byteSize: file.size, head });
  if (begun.status === 'rejected') return begun;
  const { uploadId } = begun;
  const cancel = () => void api.call('videos.cancel', { uploadId }).catch(() => undefined);
  const started = performance.now();
  for (let at = 0; at < file.size; at += VIDEO_CHUNK_BYTES) {
    if (signal.aborted) {
      cancel();
      return { status: 'cancelled' };
    }
    const data = await fileBase64(file.slice(at, at + VIDEO_CHUNK_BYTES));
    const { received } = await api.call('videos.chunk', { uploadId, offset: at, data });
    const elapsed = (performance.now() - started) / 1000;
    onProgress({
      phase: 'sending',
      fraction: received / file.size,
      etaS: received > 0 ? (elapsed * (file.size - received)) / received : null,
    });
  }
  const off = api.on('videos.progress', (p) => {
    if (p.uploadId !== uploadId) return;
    onProgress({
      phase: p.phase,
      fraction: p.totalS > 0 ? Math.min(1, p.doneS / p.totalS) : 0,
      doneS: p.doneS,
      totalS: p.totalS,
      etaS: p.etaS,
    });
  });
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return await api.call('videos.add', { uploadId });
  } finally {
    signal.removeEventListener('abort', cancel);
    off();
  }
}
