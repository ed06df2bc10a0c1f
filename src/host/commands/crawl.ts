import { parseArgs } from 'node:util';
import { siteConfigSchema } from '../../shared/crawl-types';
import { openCaseFile } from '../../engine';
import { audit } from '../../engine/audit/record';
import { openBrowserRenderer } from '../../engine/crawl/browser';
import { evidenceKeys } from '../../engine/crawl/crawl-manager';
import { startRunJob } from '../../engine/crawl/run-job';
import {
  getRun,
  insertRun,
  insertSite,
  listMatches,
  listSites,
  markInterrupted,
  resumableRun,
  updateSite,
} from '../../engine/crawl/sites';
import { sealLegacySecrets, secretsForRun } from '../../engine/crawl/site-secrets';
import { KeyVault } from '../../engine/crypto/key-vault';
import type { CliCommand } from '../cli-types';
import { resolveCaseFile } from '../host-env';
import { masterKeyFromOptions } from '../master-key-option';

/**
 * `jium crawl`: runs one crawl of a configured site (or of a URL, configured on the fly) in this
 * process and prints its matches. Ctrl-C pauses the run; the next `jium crawl` of the site
 * continues it. Progress goes to stderr, matches (TSV or JSON lines) to stdout.
 */
export const command: CliCommand = {
  name: 'crawl',
  summary: 'Crawl a site and report images matching case references',
  usage: `jium crawl (--site NAME|ID | --url URL) [--case-file PATH] [--passphrase-file PATH]
           [--mode http|browser|auto] [--max-pages N] [--max-depth N] [--rps N]
           [--allow-loopback] [--timeout S] [--json]
jium crawl --list [--case-file PATH]

--url configures (or updates) a site named after the URL's host. --allow-loopback lets it reach
127.0.0.1 (test and demo sites only). With a passphrase (--passphrase-file or $JIUM_PASSPHRASE)
matched images and page snapshots are kept sealed with their case's key; without one, matches keep
hashes, URLs and headers only. Exit code 0 when the crawl finished or was paused.`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        'case-file': { type: 'string' },
        'passphrase-file': { type: 'string' },
        site: { type: 'string' },
        url: { type: 'string' },
        mode: { type: 'string' },
        'max-pages': { type: 'string' },
        'max-depth': { type: 'string' },
        rps: { type: 'string' },
        timeout: { type: 'string' },
        'allow-loopback': { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const file = openCaseFile(resolveCaseFile(values['case-file'], io.env, io.cwd), {
      create: false,
    });
    try {
      const db = file.db;
      if (values.list) {
        for (const s of listSites(db)) {
          io.stdout.write(
            `${s.id}\t${s.config.name}\t${s.config.startUrls.join(' ')}\t${s.lastRun?.state ?? '-'}\n`,
          );
        }
        return 0;
      }
      let siteId: number | undefined;
      if (values.url) {
        const host = new URL(values.url).host;
        const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
        const config = siteConfigSchema.parse({
          name: `cli:${host}`,
          startUrls: [values.url],
          renderMode: values.mode ?? 'auto',
          maxPages: num(values['max-pages']),
          maxDepth: num(values['max-depth']),
          requestsPerSecond: num(values.rps),
          timeoutSeconds: num(values.timeout),
          allowAddresses: values['allow-loopback'] ? ['127.0.0.1'] : [],
        });
        const existing = listSites(db).find((s) => s.config.name === config.name);
        siteId = existing?.id ?? insertSite(db, config, new Date());
        if (existing) updateSite(db, existing.id, config, new Date());
      } else if (values.site) {
        siteId = listSites(db).find(
          (s) => String(s.id) === values.site || s.config.name === values.site,
        )?.id;
      }
      if (siteId === undefined) {
        io.stderr.write(`jium crawl: give --site (an existing site) or --url\n\n${this.usage}\n`);
        return 2;
      }
      let caseKeys = new Map<number, Buffer>();
      let vault: KeyVault | null = null;
      const masterKey = masterKeyFromOptions(values['passphrase-file'], io.env, io.cwd);
      if (masterKey) {
        vault = new KeyVault(db, file.info.fileId, masterKey, () => new Date());
        await vault.unlock();
        caseKeys = evidenceKeys({ db, vault });
        sealLegacySecrets(db, vault);
      } else {
        io.stderr.write('jium crawl: no passphrase: matched images will not be kept.\n');
      }
      markInterrupted(db);
      const id = siteId;
      const runId = db.transaction(() => {
        const resumable = resumableRun(db, id);
        const rid =
          resumable ??
          insertRun(db, id, listSites(db).find((s) => s.id === id)!.config, new Date());
        audit(
          { db, session: null, now: () => new Date() },
          resumable ? 'crawl.resume' : 'crawl.start',
          {
            type: 'crawl-run',
            id: rid,
          },
        );
        return rid;
      })();
      const job = await startRunJob({
        db,
        runId,
        siteId,
        caseKeys,
        secrets: secretsForRun(db, vault, runId, siteId),
        onProgress: (p) => {
          const line = `${p.state}: ${p.pages} pages, ${p.images} images, ${p.matches} matches, ${p.errors} errors, ${p.queued} queued`;
          io.stderr.write(io.stderrIsTTY ? `\r${line}\x1b[K` : `${line}\n`);
        },
        onMatch: () => undefined,
        openRenderer: (allow, hosts) =>
          openBrowserRenderer({ allowAddresses: allow, allowedHosts: hosts }),
      });
      const onSigint = () => job.runner.pause();
      process.once('SIGINT', onSigint);
      const state = await job.done;
      process.off('SIGINT', onSigint);
      if (io.stderrIsTTY) io.stderr.write('\n');
      for (const m of listMatches(db, runId, 10_000).reverse()) {
        io.stdout.write(
          values.json
            ? JSON.stringify(m) + '\n'
            : `match\t${m.caseCode}\t${m.algo}\t${m.distance}\t${m.pageUrl}\t${m.imageUrl}\n`,
        );
      }
      const run = getRun(db, runId)!;
      io.stderr.write(
        `crawl ${runId} ${state}: ${run.pages} pages, ${run.images} images (${run.hashed} hashed), ${run.matches} matches, ${run.errors} errors, ${run.skipped} skipped\n`,
      );
      return state === 'finished' || state === 'paused' ? 0 : 1;
    } finally {
      file.close();
    }
  },
};
