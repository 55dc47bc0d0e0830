// The Graph reads of one sync run (decision 0073 "Request plan"): every listing paged through the
// client, methods and sign-in preferences 20 requests a $batch, group members closed over nesting.
import type { GraphClient } from '../graph-client.js';
import { MAX_BATCH } from '../graph-batch.js';
import { SyncError } from '../sync-error.js';
import { nestedGroupsToFetch, readGroupMembers, type GroupMember } from '../assemble/index.js';
import { asArray, isRecord } from './state.js';

export interface ReadContext {
  readonly client: GraphClient;
  readonly signal: AbortSignal | undefined;
  readonly warnings: string[];
  progress(phase: string, done: number, total: number | null): void;
}

const opts = (ctx: ReadContext) => (ctx.signal === undefined ? {} : { signal: ctx.signal });

/** Every page body of a listing, following nextLink (or ending at the deltaLink). */
export async function readPages(ctx: ReadContext, pathOrUrl: string, phase: string): Promise<unknown[]> {
  for (let restarts = 0; ; restarts++) {
    const pages: unknown[] = [];
    let items = 0;
    try {
      for await (const page of ctx.client.pages(pathOrUrl, opts(ctx))) {
        pages.push(page.raw);
        items += page.value.length;
        ctx.progress(phase, items, null);
      }
      return pages;
    } catch (e) {
      // A paging token Graph expired part-way (Directory_ExpiredPageToken; 410 inside a delta
      // round): the listing starts again from its first request, which a delta link allows too.
      // An expiry on the first request (an old delta link) is the caller's to handle.
      const expired = e instanceof SyncError && (e.kind === 'skiptokenExpired' || e.kind === 'deltaExpired');
      if (!expired || pages.length === 0 || restarts >= MAX_LISTING_RESTARTS) throw e;
      ctx.warnings.push(`${phase}: the paging token expired after ${pages.length} pages; the listing was read again from its start`);
    }
  }
}

/** Listings started again after their paging token expired part-way, before the sync gives up. */
export const MAX_LISTING_RESTARTS = 3;

/** As readPages, or null with a warning when the tenant lacks the licence (a free tenant's 403). */
export async function readPagesIfLicensed(ctx: ReadContext, path: string, phase: string, what: string): Promise<unknown[] | null> {
  try {
    return await readPages(ctx, path, phase);
  } catch (e) {
    if (e instanceof SyncError && e.kind === 'licence') {
      ctx.warnings.push(`${what} not read: ${e.message}`);
      return null;
    }
    throw e;
  }
}

/** The last page's @odata.deltaLink. */
export function deltaLinkOf(pages: readonly unknown[]): string | null {
  const last = pages.at(-1);
  const link = isRecord(last) ? last['@odata.deltaLink'] : undefined;
  return typeof link === 'string' ? link : null;
}

export interface UserAuthBodies {
  readonly id: string;
  readonly methods: readonly unknown[];
  /** undefined: the user has gone (404); the preferences body otherwise. */
  readonly signInPreferences: unknown;
}

/** Users per $batch: two requests each (methods, signInPreferences). */
const USERS_PER_BATCH = MAX_BATCH / 2;
const BATCHES_IN_FLIGHT = 4;

/**
 * Each user's `/beta/users/{id}/authentication/methods` and `…/signInPreferences` through
 * `/beta/$batch`, BATCHES_IN_FLIGHT batches at once; `onUsers` sees each batch's users as they
 * come (checkpoints). A user gone meanwhile (404) has no methods and no preferences.
 */
export async function readUserAuth(ctx: ReadContext, ids: readonly string[], onUsers: (users: readonly UserAuthBodies[]) => Promise<void>): Promise<void> {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += USERS_PER_BATCH) chunks.push(ids.slice(i, i + USERS_PER_BATCH));
  let next = 0;
  let done = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    for (let c = next++; c < chunks.length && !stopped; c = next++) {
      const chunk = chunks[c]!;
      const results = await ctx.client.batch(
        'beta',
        chunk.flatMap((id, i) => [
          { id: `m${i}`, url: `/users/${id}/authentication/methods` },
          { id: `p${i}`, url: `/users/${id}/authentication/signInPreferences` },
        ]),
        opts(ctx),
      );
      const byId = new Map(results.map((r) => [r.id, r]));
      const users: UserAuthBodies[] = [];
      for (const [i, id] of chunk.entries()) {
        const m = byId.get(`m${i}`);
        const p = byId.get(`p${i}`);
        if (m === undefined || p === undefined) throw new SyncError('protocol', `POST /beta/$batch: no answer for user ${id}`);
        if (!m.ok && m.status === 404) {
          ctx.warnings.push(`user ${id}: not found when its methods were read (deleted meanwhile): read with no methods`);
          users.push({ id, methods: [{ value: [] }], signInPreferences: undefined });
          continue;
        }
        if (!m.ok) throw m.error;
        const pages: unknown[] = [m.body];
        const more = isRecord(m.body) ? m.body['@odata.nextLink'] : undefined;
        if (typeof more === 'string') for await (const page of ctx.client.pages(more, opts(ctx))) pages.push(page.raw);
        if (!p.ok && p.status !== 404) throw p.error;
        users.push({ id, methods: pages, signInPreferences: p.ok ? p.body : undefined });
      }
      await onUsers(users);
      done += chunk.length;
      ctx.progress('methods', done, ids.length);
    }
  };
  // On the first failure the others take no new batch; the call returns only once every worker has
  // stopped, so nothing of a failed or killed run (a checkpoint write) lands after it has thrown.
  const settled = await Promise.allSettled(
    Array.from({ length: Math.min(BATCHES_IN_FLIGHT, chunks.length) }, () =>
      worker().catch((e: unknown) => {
        stopped = true;
        throw e;
      }),
    ),
  );
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) {
    const reason: unknown = failed.reason;
    throw reason;
  }
}

/**
 * Direct members of the given groups and of every group nested in them (cycles end: a group is
 * read once). 404 (the id is not a group, or it was deleted) is null.
 */
export async function readGroupClosure(ctx: ReadContext, roots: readonly string[]): Promise<Map<string, readonly unknown[] | null>> {
  const bodies = new Map<string, readonly unknown[] | null>();
  const parsed = new Map<string, readonly GroupMember[] | null>();
  let wave = [...new Set(roots.map((r) => r.toLowerCase()))];
  while (wave.length > 0) {
    for (const id of wave) {
      let pages: unknown[] | null;
      try {
        pages = await readPages(ctx, `/v1.0/groups/${encodeURIComponent(id)}/members?$select=id&$top=999`, 'groups');
      } catch (e) {
        if (!(e instanceof SyncError && e.status === 404)) throw e;
        pages = null;
      }
      bodies.set(id, pages);
      parsed.set(id, pages === null ? null : readGroupMembers(id, pages));
      ctx.progress('groups', bodies.size, null);
    }
    wave = nestedGroupsToFetch(parsed);
  }
  return bodies;
}

/** The services whose audits amr reads (registration and reset events). */
export const AUDIT_SERVICES = ['Authentication Methods', 'Self-service Password Management'] as const;

export async function readAudits(ctx: ReadContext, since: Date): Promise<unknown[]> {
  const services = AUDIT_SERVICES.map((s) => `loggedByService eq '${s}'`).join(' or ');
  const filter = `activityDateTime ge ${since.toISOString()} and (${services})`;
  return readPages(ctx, `/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}&$top=1000`, 'audits');
}

export async function readSignIns(ctx: ReadContext, since: Date): Promise<unknown[] | null> {
  const filter = `createdDateTime ge ${since.toISOString()}`;
  return readPagesIfLicensed(ctx, `/beta/auditLogs/signIns?$filter=${encodeURIComponent(filter)}&$top=1000`, 'signIns', 'sign-ins');
}

/** The objects of every page. */
export function itemsOf(pages: readonly unknown[]): Readonly<Record<string, unknown>>[] {
  return pages.flatMap((p) => (isRecord(p) ? (asArray(p['value'])?.filter(isRecord) ?? []) : []));
}

/**
 * Users whose security info an audit event says changed: events of the Authentication Methods
 * service (registered, deleted, changed default, admin variants) and registration events of the
 * SSPR service; the target of type User, else the user who acted.
 */
export function securityInfoTargets(audits: readonly unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const e of itemsOf(audits)) {
    const service = e['loggedByService'];
    const activity = typeof e['activityDisplayName'] === 'string' ? e['activityDisplayName'] : '';
    const relevant = service === 'Authentication Methods' || (service === 'Self-service Password Management' && /regist|security info/i.test(activity));
    if (!relevant) continue;
    let found = false;
    const targets = e['targetResources'];
    for (const t of asArray(targets) ?? []) {
      if (isRecord(t) && typeof t['id'] === 'string' && typeof t['type'] === 'string' && t['type'].toLowerCase() === 'user') {
        ids.add(t['id'].toLowerCase());
        found = true;
      }
    }
    const by = e['initiatedBy'];
    const user = isRecord(by) ? by['user'] : undefined;
    if (!found && isRecord(user) && typeof user['id'] === 'string') ids.add(user['id'].toLowerCase());
  }
  return ids;
}
