/**
 * Test support for crawl-temp.test.ts: makes a crawl temp file as a video download does, writes
 * into it, says where it is, and waits to be killed.
 */
import { writeSync } from 'node:fs';
import { tempVideoFile } from './video-files';

const { dir, fd } = tempVideoFile();
writeSync(fd, Buffer.alloc(4096, 7));
process.stdout.write(`${dir}\n`);
setInterval(() => undefined, 60_000);
