import { parseArgs } from 'node:util';
import type { EngineEvent } from '../../engine';
import type { MethodInput } from '../../shared/contract';
import type { CrawlProgress, SiteConfig } from '../../shared/crawl-types';
import type { CliCommand } from '../cli-types';
import { CASE_FILE_OPTION, openAsOperator } from '../operator';

/**
 * `jium crawl`: runs one crawl of a configured site (or of a URL, configured on the fly) in this
 * process and prints its matches. It is the Crawls page's use case through the contract, as a
 * local operator in the monitor role (src/host/operator.ts): sites.create/update, crawls.start,
 * crawls.pause, crawls.matches — validated, role-checked and audited like any caller's. Ctrl-C pauses the run; the next `jium crawl` of the site
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
        ...CASE_FILE_OPTION,
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
    const op = await openAsOperator({
      io,
      role: 'monitor',
      caseFile: values['case-file'],
      passphraseFile: values['passphrase-file'],
      useKeys: !values.list,
    });
    try {
      const sites = await op.call('sites.list', {});
      if (values.list) {
        for (const s of sites) {
          io.stdout.write(
            `${s.id}\t${s.config.name}\t${s.config.startUrls.join(' ')}\t${s.lastRun?.state ?? '-'}\n`,
          );
        }
        return 0;
      }
      let siteId: number | undefined;
      if (values.url) {
        const host = new URL(values.url).host;
        // Numbers and the mode go to the engine as given: its schema says what is wrong.
        const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
        const config = {
          name: `cli:${host}`,
          startUrls: [values.url],
          renderMode: (values.mode ?? 'auto') as SiteConfig['renderMode'],
          maxPages: num(values['max-pages']),
          maxDepth: num(values['max-depth']),
          requestsPerSecond: num(values.rps),
          timeoutSeconds: num(values.timeout),
          allowAddresses: values['allow-loopback'] ? ['127.0.0.1'] : [],
        } satisfies MethodInput<'sites.create'>['config'];
        // Configured through the contract like the Crawls page: validated, loopback-only
        // allowances checked and audited; saved cookies and headers of the site are kept.
        const existing = sites.find((s) => s.config.name === config.name);
        siteId = existing
          ? (
              await op.call('sites.update', {
                id: existing.id,
                config,
                keep: { headers: true, cookies: true },
              })
            ).id
          : (await op.call('sites.create', { config })).id;
      } else if (values.site) {
        siteId = sites.find(
          (s) => String(s.id) === values.site || s.config.name === values.site,
        )?.id;
      }
      if (siteId === undefined) {
        io.stderr.write(`jium crawl: give --site (an existing site) or --url\n\n${this.usage}\n`);
        return 2;
      }
      if (!op.keys)
        io.stderr.write('jium crawl: no passphrase: matched images will not be kept.\n');
      const id = siteId;
      const unsubscribe = op.engine.onEvent((e: EngineEvent) => {
        if (e.event !== 'crawl.progress') return;
        const p = e.payload as CrawlProgress;
        if (p.siteId !== id) return;
        const line = `${p.state}: ${p.pages} pages, ${p.images} images, ${p.matches} matches, ${p.errors} errors, ${p.queued} queued`;
        io.stderr.write(io.stderrIsTTY ? `\r${line}\x1b[K` : `${line}\n`);
      });
      // The same use case as the Crawls page's Start: a paused or interrupted run continues.
      const runId = (await op.call('crawls.start', { siteId: id })).id;
      const onSigint = () => void op.call('crawls.pause', { runId }).catch(() => undefined);
      process.once('SIGINT', onSigint);
      await op.engine.crawlEnded(runId);
      process.off('SIGINT', onSigint);
      unsubscribe();
      if (io.stderrIsTTY) io.stderr.write('\n');
      const matches = await op.call('crawls.matches', { runId, limit: 10_000 });
      for (const m of matches.reverse()) {
        io.stdout.write(
          values.json
            ? JSON.stringify(m) + '\n'
            : `match\t${m.caseCode}\t${m.algo}\t${m.distance}\t${m.pageUrl}\t${m.imageUrl}\n`,
        );
      }
      const run = (await op.call('crawls.list', { siteId: id, limit: 500 })).find(
        (r) => r.id === runId,
      )!;
      io.stderr.write(
        `crawl ${runId} ${run.state}: ${run.pages} pages, ${run.images} images (${run.hashed} hashed), ${run.matches} matches, ${run.errors} errors, ${run.skipped} skipped\n`,
      );
      return run.state === 'finished' || run.state === 'paused' ? 0 : 1;
    } finally {
      op.close();
    }
  },
};
