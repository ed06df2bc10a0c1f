/**
 * A capped download of an MP4/MOV/3GP file ends inside its last top-level box (the media data):
 * the video engine rightly calls such a file truncated. When the movie header (moov) came before
 * the cut (a "fast start" file, as streaming sites serve), the read part is a playable video once
 * the last box's size says where the file now ends; FFmpeg then decodes every frame whose data was
 * read. A file whose moov lies after the cut cannot be sampled this way (decision 0046).
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

/** What the top-level boxes of a cut ISO-BMFF file allow. */
export type IsoCut = 'whole' | 'fitted' | 'moov-after-cut' | 'unfixable';

/**
 * Makes a cut ISO-BMFF file decodable where it can: shrinks the size of the top-level `mdat` box
 * the cut fell in to the bytes present. Returns what it found.
 */
export function fitCutIsoFile(path: string): IsoCut {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const h = Buffer.alloc(16);
    let at = 0;
    let moov = false;
    for (let n = 0; n < 4096 && at < size; n++) {
      if (size - at < 16) return moov ? 'unfixable' : 'moov-after-cut';
      readSync(fd, h, 0, 16, at);
      const type = h.toString('latin1', 4, 8);
      let len = h.readUInt32BE(0);
      const large = len === 1;
      if (large) len = Number(h.readBigUInt64BE(8));
      if (len === 0) return moov ? 'whole' : 'moov-after-cut'; // runs to the end of the file
      if (len < 8) return 'unfixable';
      if (type === 'moov') moov = at + len <= size;
      if (at + len > size) {
        if (type !== 'mdat' || !moov) return moov ? 'unfixable' : 'moov-after-cut';
        const fitted = Buffer.alloc(large ? 8 : 4);
        if (large) fitted.writeBigUInt64BE(BigInt(size - at));
        else fitted.writeUInt32BE(size - at);
        writeSync(fd, fitted, 0, fitted.length, large ? at + 8 : at);
        return 'fitted';
      }
      at += len;
    }
    return 'whole';
  } finally {
    closeSync(fd);
  }
}
