/**
 * Contract handlers of the crawler: site configurations (robots.txt overrides and loopback
 * allowances are audited), starting, pausing, resuming and cancelling runs, their logs and matches.
 */
import { ApiError } from '../../shared/errors';
import type { SiteConfig } from '../../shared/crawl-types';
import { audit } from '../audit/record';
import { asyncHandler, type HandlerContext, type HandlerMap } from '../core/context';
import { openVaultForCrawl } from './crawl-manager';
import { classifyAddress } from './ip-guard';
import {
  hasSecrets,
  namesOf,
  readSecrets,
  sealLegacySecrets,
  splitSecrets,
  writeSecrets,
  type SiteSecrets,
} from './site-secrets';
import {
  deleteSite,
  getRun,
  getSiteConfig,
  insertSite,
  listMatches,
  listRuns,
  listSites,
  readLog,
  runConfig,
  setSiteArchived,
  startAddressRefusal,
  updateSite,
} from './sites';

type CrawlMethods =
  | 'sites.list'
  | 'sites.create'
  | 'sites.update'
  | 'sites.delete'
  | 'sites.archive'
  | 'crawls.start'
  | 'crawls.pause'
  | 'crawls.resume'
  | 'crawls.cancel'
  | 'crawls.list'
  | 'crawls.log'
  | 'crawls.matches';

/**
 * Only loopback addresses may be allowed beyond the public internet (test and demo sites): a
 * monitor must not be able to point the crawler at the centre's own network.
 */
function checkConfig(config: SiteConfig): void {
  for (const ip of config.allowAddresses) {
    if (classifyAddress(ip) !== 'loopback') {
      throw new ApiError('validation', `Only loopback addresses can be allowed, not ${ip}.`, [
        {
          path: 'config.allowAddresses',
          message: 'loopback addresses only',
          code: 'loopback-only',
        },
      ]);
    }
  }
  // A site the address guards will refuse is said so now, not as an empty crawl later.
  const refused = startAddressRefusal(config);
  if (refused) {
    throw new ApiError(
      'validation',
      `The address guards refuse ${refused.url}: ${refused.reason}. A crawl of it would fetch nothing.`,
      [
        {
          path: 'config.startUrls',
          message: 'refused-address',
          code: 'refused-address',
          params: { value: refused.url },
        },
      ],
    );
  }
}

function auditConfig(ctx: HandlerContext, id: number, config: SiteConfig, action: string): void {
  audit(ctx, action, { type: 'crawl-site', id }, { name: config.name, enabled: config.enabled });
  if (!config.respectRobots) {
    audit(
      ctx,
      'crawl.robots-override',
      { type: 'crawl-site', id },
      {
        reason: config.robotsOverrideReason ?? '',
      },
    );
  }
  if (config.allowAddresses.length) {
    audit(
      ctx,
      'crawl.allow-addresses',
      { type: 'crawl-site', id },
      {
        addresses: config.allowAddresses.join(' '),
      },
    );
  }
}

/**
 * Opens the key vault when a site's secrets must be sealed or read; without a master key the
 * caller learns why, and nothing is saved.
 */
async function unlockForSecrets(ctx: HandlerContext): Promise<void> {
  try {
    await ctx.vault.unlock();
  } catch (e) {
    throw new ApiError(
      'case-file',
      `Cookie and header values are stored encrypted, and the case file's key is not available: ${(e as Error).message}`,
      undefined,
      e instanceof ApiError ? e.reason : undefined,
    );
  }
  sealLegacySecrets(ctx.db, ctx.vault);
}

/** Records which secrets changed (names only, never values). */
function auditSecrets(ctx: HandlerContext, id: number, secrets: SiteSecrets | null): void {
  const names = namesOf(secrets);
  audit(
    ctx,
    'crawl.site.secrets',
    { type: 'crawl-site', id },
    { headers: names.headers.join(' '), cookies: names.cookies },
  );
}

function nameTaken(e: unknown): never {
  if (e instanceof Error && /UNIQUE constraint failed: crawl_sites.name/.test(e.message)) {
    throw new ApiError(
      'conflict',
      'A site with this name exists already.',
      [{ path: 'config.name', message: 'taken', code: 'taken' }],
      'site-name-taken',
    );
  }
  throw e;
}

function mustRun(ctx: HandlerContext, runId: number) {
  const run = getRun(ctx.db, runId);
  if (!run) throw new ApiError('not-found', 'There is no such crawl.');
  return run;
}

export const crawlHandlers: HandlerMap<CrawlMethods> = {
  'sites.list': (_input, ctx) => listSites(ctx.db),

  'sites.create': asyncHandler<'sites.create'>(async ({ config }, ctx) => {
    checkConfig(config);
    const { secrets } = splitSecrets(config);
    if (secrets) await unlockForSecrets(ctx);
    return ctx.db.transaction(() => {
      let id: number;
      try {
        id = insertSite(ctx.db, config, ctx.now());
      } catch (e) {
        nameTaken(e);
      }
      auditConfig(ctx, id, config, 'crawl.site.create');
      if (secrets) {
        writeSecrets(ctx.db, ctx.vault, id, secrets);
        auditSecrets(ctx, id, secrets);
      }
      return listSites(ctx.db).find((s) => s.id === id)!;
    })();
  }),

  'sites.update': asyncHandler<'sites.update'>(async ({ id, config, keep }, ctx) => {
    checkConfig(config);
    const given = splitSecrets(config).secrets;
    if (keep.headers && Object.keys(config.headers).length) {
      throw new ApiError('validation', 'Either keep the saved headers or give new ones.', [
        { path: 'config.headers', message: 'keep or replace' },
      ]);
    }
    if (keep.cookies && config.cookies) {
      throw new ApiError('validation', 'Either keep the saved cookie or give a new one.', [
        { path: 'config.cookies', message: 'keep or replace' },
      ]);
    }
    const stored = hasSecrets(ctx.db, id);
    const touchesSecrets = !!given || stored;
    if (touchesSecrets) await unlockForSecrets(ctx);
    return ctx.db.transaction(() => {
      const before = stored ? readSecrets(ctx.db, ctx.vault, id) : null;
      const headers = keep.headers ? (before?.headers ?? {}) : (given?.headers ?? {});
      const cookies = keep.cookies ? (before?.cookies ?? '') : (given?.cookies ?? '');
      const after: SiteSecrets | null =
        cookies || Object.keys(headers).length ? { headers, cookies } : null;
      let ok: boolean;
      try {
        ok = updateSite(ctx.db, id, config, ctx.now());
      } catch (e) {
        nameTaken(e);
      }
      if (!ok) throw new ApiError('not-found', 'There is no such site.');
      auditConfig(ctx, id, config, 'crawl.site.update');
      if (touchesSecrets) {
        writeSecrets(ctx.db, ctx.vault, id, after);
        if (JSON.stringify(before) !== JSON.stringify(after)) auditSecrets(ctx, id, after);
      }
      return listSites(ctx.db).find((s) => s.id === id)!;
    })();
  }),

  'sites.delete': ({ id }, ctx) => {
    const running = listRuns(ctx.db, id, 1)[0];
    if (running && ctx.crawls().isRunning(running.id)) {
      throw new ApiError('conflict', 'Stop the running crawl of this site first.');
    }
    if (!deleteSite(ctx.db, id)) throw new ApiError('not-found', 'There is no such site.');
    audit(ctx, 'crawl.site.delete', { type: 'crawl-site', id });
    return null;
  },

  'sites.archive': ({ id, archived }, ctx) => {
    const running = listRuns(ctx.db, id, 1)[0];
    if (archived && running && ctx.crawls().isRunning(running.id)) {
      throw new ApiError('conflict', 'Stop the running crawl of this site first.');
    }
    if (!setSiteArchived(ctx.db, id, archived, ctx.now()))
      throw new ApiError('not-found', 'There is no such site.');
    audit(ctx, archived ? 'crawl.site.archive' : 'crawl.site.unarchive', {
      type: 'crawl-site',
      id,
    });
    return listSites(ctx.db).find((s) => s.id === id)!;
  },

  'crawls.start': asyncHandler<'crawls.start'>(async ({ siteId }, ctx) => {
    const config = getSiteConfig(ctx.db, siteId);
    if (!config) throw new ApiError('not-found', 'There is no such site.');
    if (!config.enabled) throw new ApiError('conflict', 'This site is disabled.');
    await openVaultForCrawl(ctx.db, ctx.vault); // evidence keys when available
    return mustRun(ctx, ctx.crawls().startSite(siteId, config, ctx, 'caller'));
  }),

  'crawls.pause': ({ runId }, ctx) => {
    mustRun(ctx, runId);
    if (!ctx.crawls().stop(runId, 'pause')) {
      throw new ApiError('conflict', 'This crawl is not running.');
    }
    return mustRun(ctx, runId);
  },

  'crawls.resume': asyncHandler<'crawls.resume'>(async ({ runId }, ctx) => {
    const run = mustRun(ctx, runId);
    if (!['paused', 'interrupted'].includes(run.state)) {
      throw new ApiError('conflict', `A ${run.state} crawl cannot be resumed.`);
    }
    runConfig(ctx.db, runId); // still valid
    await openVaultForCrawl(ctx.db, ctx.vault);
    ctx.db.transaction(() =>
      audit(ctx, 'crawl.resume', { type: 'crawl-run', id: runId }, { siteId: run.siteId }),
    )();
    ctx.crawls().start(runId, run.siteId, ctx);
    return mustRun(ctx, runId);
  }),

  'crawls.cancel': ({ runId }, ctx) => {
    const run = mustRun(ctx, runId);
    const manager = ctx.crawls();
    if (!manager.stop(runId, 'cancel')) {
      if (!['paused', 'interrupted'].includes(run.state)) {
        throw new ApiError('conflict', `A ${run.state} crawl cannot be cancelled.`);
      }
      ctx.db
        .prepare("UPDATE crawl_runs SET state = 'cancelled', finished_at = ? WHERE id = ?")
        .run(ctx.now().toISOString(), runId);
    }
    audit(ctx, 'crawl.cancel', { type: 'crawl-run', id: runId }, { siteId: run.siteId });
    return mustRun(ctx, runId);
  },

  'crawls.list': ({ siteId, limit }, ctx) => listRuns(ctx.db, siteId, limit),

  'crawls.log': ({ runId, afterId, limit, level }, ctx) =>
    readLog(ctx.db, runId, afterId, limit, level),

  'crawls.matches': ({ runId, limit }, ctx) => listMatches(ctx.db, runId, limit),
};
