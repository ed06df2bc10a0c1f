/**
 * Contract handlers of takedowns: listing and reading requests, editing them, moving them along
 * the lifecycle, recording re-sends, re-checking on demand, the service-level settings and the
 * host registry. Every change is audited (ids, states and counts; never URLs' content or identity).
 */
import { audit } from '../audit/record';
import { evidenceKeys } from '../crawl/crawl-manager';
import { asyncHandler, type HandlerContext, type HandlerMap } from '../core/context';
import { editRequest, resend, transition } from './lifecycle';
import { prefillDraftsFromRegistry } from './open-request';
import {
  createPlatform,
  deletePlatform,
  getPlatform,
  listPlatforms,
  updatePlatform,
} from './platforms';
import { countRequests, getDetail, getSettings, listRequests, saveSettings } from './queries';
import { recheckRequest } from './recheck';

type TakedownMethods =
  | 'takedowns.list'
  | 'takedowns.counts'
  | 'takedowns.get'
  | 'takedowns.update'
  | 'takedowns.transition'
  | 'takedowns.transitionMany'
  | 'takedowns.resend'
  | 'takedowns.recheck'
  | 'takedowns.settings'
  | 'takedowns.updateSettings'
  | 'platforms.list'
  | 'platforms.create'
  | 'platforms.update'
  | 'platforms.delete';

const actor = (ctx: HandlerContext) => ctx.session!.userId;
const changed = (ctx: HandlerContext, id: number) => ctx.emit('takedowns.changed', { ids: [id] });
const record = (id: number) => ({ type: 'takedown', id });

/** Drafts of hosts the registry now covers take its contact; their history and the audit say so. */
function prefillDrafts(ctx: HandlerContext): void {
  const ids = prefillDraftsFromRegistry(ctx.db, actor(ctx), ctx.now());
  for (const id of ids)
    audit(ctx, 'takedown.edit', record(id), { fields: 'channel contact language' });
  if (ids.length) ctx.emit('takedowns.changed', { ids });
}

export const takedownHandlers: HandlerMap<TakedownMethods> = {
  'takedowns.list': (input, ctx) => {
    ctx.rechecks(); // re-checks run on their interval from the first look at the list
    return listRequests(ctx.db, input, ctx.now());
  },

  'takedowns.counts': (_input, ctx) => countRequests(ctx.db, ctx.now()),

  'takedowns.get': ({ id }, ctx) => getDetail(ctx.db, id, ctx.now()),

  'takedowns.update': ({ id, edit }, ctx) => {
    const fields = editRequest(ctx.db, id, edit, actor(ctx), ctx.now());
    if (fields.length) {
      audit(ctx, 'takedown.edit', record(id), { fields: fields.join(' ') });
      changed(ctx, id);
    }
    return getDetail(ctx.db, id, ctx.now());
  },

  'takedowns.transition': ({ id, to, note, referenceNumber }, ctx) => {
    const now = ctx.now();
    if (referenceNumber !== undefined)
      editRequest(ctx.db, id, { referenceNumber }, actor(ctx), now);
    const before = getDetail(ctx.db, id, now).state;
    transition(ctx.db, id, to, actor(ctx), now, note ? { note } : {});
    audit(ctx, 'takedown.state', record(id), { from: before, to });
    changed(ctx, id);
    return getDetail(ctx.db, id, now);
  },

  /** All or nothing: one request that cannot make the move refuses the whole batch. */
  'takedowns.transitionMany': ({ ids, to, note }, ctx) => {
    const now = ctx.now();
    for (const id of ids) {
      const before = getDetail(ctx.db, id, now).state;
      transition(ctx.db, id, to, actor(ctx), now, note ? { note } : {});
      audit(ctx, 'takedown.state', record(id), { from: before, to });
    }
    ctx.emit('takedowns.changed', { ids });
    return { updated: ids.length };
  },

  'takedowns.resend': ({ id, note }, ctx) => {
    resend(ctx.db, id, actor(ctx), ctx.now(), note);
    audit(ctx, 'takedown.resend', record(id));
    changed(ctx, id);
    return getDetail(ctx.db, id, ctx.now());
  },

  'takedowns.recheck': asyncHandler<'takedowns.recheck'>(async ({ id }, ctx) => {
    getDetail(ctx.db, id, ctx.now()); // not-found before any fetch
    const check = await recheckRequest(ctx.db, id, actor(ctx), ctx.now, {
      caseKeys: evidenceKeys(ctx),
    });
    ctx.db.transaction(() =>
      audit(ctx, 'takedown.recheck', record(id), {
        outcome: check.outcome,
        pageStatus: check.pageStatus ?? 'none',
      }),
    )();
    changed(ctx, id);
    return { ...check, actor: ctx.session!.displayName };
  }),

  'takedowns.settings': (_input, ctx) => getSettings(ctx.db),

  'takedowns.updateSettings': (input, ctx) => {
    saveSettings(ctx.db, input);
    audit(ctx, 'takedown.settings', null, { ...input });
    return getSettings(ctx.db);
  },

  'platforms.list': (_input, ctx) => listPlatforms(ctx.db),

  'platforms.create': ({ platform }, ctx) => {
    const id = createPlatform(ctx.db, platform, ctx.now());
    audit(ctx, 'takedown.platform.create', { type: 'takedown-platform', id });
    prefillDrafts(ctx);
    return getPlatform(ctx.db, id);
  },

  'platforms.update': ({ id, platform }, ctx) => {
    updatePlatform(ctx.db, id, platform, ctx.now());
    audit(ctx, 'takedown.platform.update', { type: 'takedown-platform', id });
    prefillDrafts(ctx);
    return getPlatform(ctx.db, id);
  },

  'platforms.delete': ({ id }, ctx) => {
    deletePlatform(ctx.db, id);
    audit(ctx, 'takedown.platform.delete', { type: 'takedown-platform', id });
    return null;
  },
};
