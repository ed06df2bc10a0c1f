import { createServer } from 'node:tls';
import { writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import {
  loadDeskChoice,
  matchesPin,
  parseCentreAddress,
  probeCentre,
  saveDeskChoice,
} from './desk-link';
import { selfSignedIdentity, type TlsIdentity } from './tls-identity';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('a desk connecting to its centre', () => {
  it('reads the addresses people type, and never plain HTTP', () => {
    expect(parseCentreAddress('jium.centre.lan:8443')).toEqual({
      origin: 'https://jium.centre.lan:8443',
    });
    expect(parseCentreAddress(' https://192.168.0.10:8443/ ')).toEqual({
      origin: 'https://192.168.0.10:8443',
    });
    expect(parseCentreAddress('[fd00::10]:8443')).toEqual({ origin: 'https://[fd00::10]:8443' });
    expect(parseCentreAddress('http://jium.centre.lan:8443')).toEqual({ problem: 'not-https' });
    expect(parseCentreAddress('ftp://x')).toEqual({ problem: 'not-https' });
    expect(parseCentreAddress('jium.centre.lan:8443/cases')).toEqual({ problem: 'has-path' });
    expect(parseCentreAddress('https://user:pw@jium.centre.lan')).toEqual({ problem: 'has-path' });
    expect(parseCentreAddress('')).toEqual({ problem: 'empty' });
    expect(parseCentreAddress('jium centre')).toEqual({ problem: 'bad-address' });
  });

  describe('against a real TLS server', () => {
    let id: TlsIdentity;
    let other: TlsIdentity;
    let origin: string;
    let close: () => void;
    beforeEach(async () => {
      id = selfSignedIdentity(join(dir, 'a'), ['127.0.0.1']);
      other = selfSignedIdentity(join(dir, 'b'), ['127.0.0.1']);
      const server = createServer({ cert: id.cert, key: id.key }, (s) => s.end());
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      origin = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
      close = () => server.close();
    });
    afterEach(() => close());

    it('connects when the server carries the pinned key', async () => {
      expect(await probeCentre(origin, id.fingerprint)).toEqual({
        ok: true,
        fingerprint: id.fingerprint,
      });
      expect(await probeCentre(origin, id.spkiBase64)).toMatchObject({ ok: true });
      expect(matchesPin(new X509Certificate(id.cert).raw, id.fingerprint)).toBe(true);
    });

    it('refuses a server with another key and shows what it saw', async () => {
      expect(await probeCentre(origin, other.fingerprint)).toEqual({
        ok: false,
        problem: 'wrong-certificate',
        seen: id.fingerprint,
      });
      expect(matchesPin(new X509Certificate(id.cert).raw, other.fingerprint)).toBe(false);
      expect(matchesPin(new X509Certificate(id.cert).raw, 'not a pin')).toBe(false);
    });

    it('says when nothing answers', async () => {
      close();
      const r = await probeCentre(origin, id.fingerprint);
      expect(r).toMatchObject({ ok: false, problem: 'unreachable', detail: 'ECONNREFUSED' });
    });
  });

  it('remembers the choice for the next start, and asks again when the file is damaged', () => {
    const file = join(dir, 'settings', 'desk.json');
    expect(loadDeskChoice(file)).toBeNull();
    const fingerprint = 'AB:'.repeat(31) + 'AB';
    saveDeskChoice(file, { kind: 'centre', origin: 'https://jium.centre.lan:8443', fingerprint });
    expect(loadDeskChoice(file)).toEqual({
      kind: 'centre',
      origin: 'https://jium.centre.lan:8443',
      fingerprint,
    });
    saveDeskChoice(file, { kind: 'local' });
    expect(loadDeskChoice(file)).toEqual({ kind: 'local' });
    writeFileSync(file, '{"kind":"centre","origin":"http://evil","fingerprint":"x"}');
    expect(loadDeskChoice(file)).toBeNull();
    writeFileSync(file, '{not json');
    expect(loadDeskChoice(file)).toBeNull();
  });
});
