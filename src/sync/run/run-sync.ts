// One tenant's sync (decision 0073): read Graph, assemble the snapshot, import it through the path
// `amr import` uses (atomic), append the logs, save the state. A failure leaves what is served.
// Over 200 lines: the full, incremental and mirror passes share their reads, commit and bookkeeping.
import type { Store } from '../../store/store.js';
import { isGuid } from '../../util/object-id.js';
import { RequestAccounting } from '../accounting.js';
import { GraphClient } from '../graph-client.js';
import { RequestScheduler } from '../scheduler.js';
import { GRAPH_LIMITS, withHeadroom } from '../limits.js';
import type { SyncSettings } from '../settings.js';
import { SyncError } from '../sync-error.js';
import { TokenSource } from '../token-source.js';
import { commit, recordFailure, type Logs, type Run } from './commit.js';
import { readSsprFile, settingsFor } from './run-inputs.js';
import {
  assembleSnapshot,
  licenseFromSkus,
  mergeIncremental,
  readOrganization,
  readUsersDelta,
  usersDeltaPath,
  type AssembledSnapshot,
  type AssemblyResult,
  type IncrementalBodies,
  type SyncBodies,
} from '../assemble/index.js';
import { AMR_GROUP_PREFIX } from '../assemble/index.js';
import type { SyncOutcome, SyncRequest } from './contract.js';
import {
  deltaLinkOf,
  itemsOf,
  readAudits,
  readGroupClosure,
  readPages,
  readPagesIfLicensed,
  readSignIns,
  readUserAuth,
  securityInfoTargets,
  type ReadContext,
  type UserAuthBodies,
} from './graph-reads.js';
import { EMPTY_STATE, loadSyncState, type Checkpoint, type LicenseName, type TenantSyncState } from './state.js';

const DAY = 86_400_000;
/** Directory delta tokens live 7 days (delta-query-overview, "Token duration"); older: a full pass. */
export const DELTA_LINK_MAX_AGE_MS = 7 * DAY;
/** Audit and sign-in reads overlap the previous watermark by this much (late-arriving events). */
export const LOG_OVERLAP_MS = 10 * 60_000;
/** Entra's userRegistrationDetails are read again (drift check) when the last read is older. */
export const REGISTRATION_RECHECK_MS = DAY;
/** A checkpoint older than this is not resumed (its delta round may have expired). */
export const CHECKPOINT_MAX_AGE_MS = DAY;
const REGISTRATION_PATH = '/beta/reports/authenticationMethods/userRegistrationDetails?$top=1000';

export interface RunDeps {
  /** Shared by runSyncAll, so tenants share the per-application budgets. */
  readonly scheduler?: RequestScheduler;
}

/**
 * The scheduler a sync paces itself with: Microsoft's budgets less 5 % (resource units are
 * approximate, decision 0071) and a window held 1 s past its 10 s, since a request is counted by
 * Graph when it arrives, not when amr granted it. With the 250 ms default the 100,000-user bench
 * took 29 inner 429s out of 200,998 requests, the double's windows closing later than amr's under load.
 */
export function syncScheduler(): RequestScheduler {
  return new RequestScheduler({ limits: withHeadroom(GRAPH_LIMITS, 0.95), windowMarginMs: 1000 });
}

export const retentionDaysFor = (license: LicenseName | null): number => (license === 'P1' || license === 'P2' ? 30 : 7);

export async function runSyncWith(store: Store, request: SyncRequest, deps: RunDeps): Promise<SyncOutcome> {
  const now = request.now ?? (() => new Date());
  const startedAt = now();
  const asked = request.tenant.trim().toLowerCase();
  let settings: SyncSettings;
  try {
    settings = settingsFor(request, startedAt);
  } catch (e) {
    // A stored tenant whose secret variable is unset: `amr tenants` shows why it did not sync.
    if (isGuid(asked) && (await store.getSyncState(asked)) !== null) await recordFailure(store, asked, e, startedAt).catch(() => undefined);
    throw e;
  }
  const accounting = new RequestAccounting();
  const tokens = new TokenSource(settings, { accounting });
  const client = new GraphClient({ settings, tokens, accounting, scheduler: deps.scheduler ?? syncScheduler() });
  const warnings: string[] = [];
  const ctx: ReadContext = {
    client,
    signal: request.signal,
    warnings,
    progress: (phase, done, total) =>
      request.onProgress?.({
        phase,
        done,
        total,
        requests: accounting.requests.directory + accounting.requests.reports,
        throttled: accounting.throttled,
      }),
  };
  let tenantId: string | null = isGuid(settings.tenant) ? settings.tenant : null;
  try {
    const organization = await readPages(ctx, '/v1.0/organization', 'organization');
    tenantId = readOrganization(organization, tenantId ?? undefined).id.toLowerCase();
    const previous = await loadSyncState(store, tenantId);
    await store.putSyncState(tenantId, { state: JSON.stringify({ ...(previous?.state ?? EMPTY_STATE), lastAttemptAt: startedAt.toISOString() }) });
    const run: Run = {
      store,
      request,
      settings,
      ctx,
      tenantId,
      organization,
      previous,
      startedAt,
      now,
      mode: request.mode ?? request.credentials?.mode ?? 'full',
      ssprPolicyFile: await readSsprFile(request.ssprPolicyFile ?? request.credentials?.ssprPolicyFile),
    };
    const done = await pass(run);
    const outcome: SyncOutcome = {
      ...done,
      requests: accounting.requests.directory + accounting.requests.reports,
      httpCalls: accounting.httpCalls,
      throttled: accounting.throttled,
      waitedMs: accounting.waitedMs,
      startedAt: startedAt.toISOString(),
      finishedAt: now().toISOString(),
      warnings,
    };
    return outcome;
  } catch (e) {
    if (tenantId !== null) await recordFailure(store, tenantId, e, startedAt).catch(() => undefined);
    throw e;
  }
}

type PassOutcome = Omit<SyncOutcome, 'requests' | 'httpCalls' | 'throttled' | 'waitedMs' | 'startedAt' | 'finishedAt' | 'warnings'>;

/** Incremental when the last full-mode pass left a delta link under 7 days old; otherwise a full pass. */
async function pass(run: Run): Promise<PassOutcome> {
  const prev = run.previous;
  const linkAt = prev?.state.deltaLinkAt == null ? NaN : Date.parse(prev.state.deltaLinkAt);
  const incremental =
    run.request.full !== true &&
    run.mode === 'full' &&
    prev !== null &&
    prev.snapshot !== null &&
    prev.state.mode === 'full' &&
    prev.state.deltaLink !== null &&
    prev.checkpoint === null &&
    run.startedAt.getTime() - linkAt < DELTA_LINK_MAX_AGE_MS;
  if (incremental && prev.snapshot !== null && prev.state.deltaLink !== null) {
    try {
      return await incrementalPass(run, prev, prev.snapshot, prev.state.deltaLink);
    } catch (e) {
      if (!(e instanceof SyncError && e.kind === 'deltaExpired')) throw e;
      run.ctx.warnings.push('the saved delta link has expired: a full pass was made');
    }
  }
  return fullPass(run);
}

async function fullPass(run: Run): Promise<PassOutcome> {
  const { ctx, mode } = run;
  const subscribedSkus = await readPages(ctx, '/v1.0/subscribedSkus', 'licence');
  const license = licenseFromSkus(subscribedSkus);
  const saved = run.previous?.checkpoint ?? null;
  const resumable = saved !== null && saved.mode === mode && run.startedAt.getTime() - Date.parse(saved.startedAt) < CHECKPOINT_MAX_AGE_MS;
  let checkpoint: Checkpoint = resumable
    ? saved
    : {
        version: 1,
        mode,
        startedAt: run.startedAt.toISOString(),
        usersDelta: null,
        methods: {},
        signInPreferences: {},
      };
  if (resumable) ctx.warnings.push(`resumed the interrupted sync of ${saved.startedAt}`);
  const saveCheckpoint = () => run.store.putSyncState(run.tenantId, { checkpoint: JSON.stringify(checkpoint) });
  let usersDelta = checkpoint.usersDelta;
  if (usersDelta === null) {
    usersDelta = await readPages(ctx, usersDeltaPath(), 'users');
    checkpoint = { ...checkpoint, usersDelta };
    await saveCheckpoint();
  }
  const userIds = [...readUsersDelta(usersDelta).changed.keys()].sort();
  ctx.client.scheduler.setTenantSize(run.settings.clientId, run.settings.tenant, userIds.length);

  const methods = new Map<string, readonly unknown[]>(Object.entries(checkpoint.methods));
  const prefs = new Map<string, unknown>(Object.entries(checkpoint.signInPreferences));
  if (mode === 'full') {
    const toRead = userIds.filter((id) => !methods.has(id));
    const every = Math.max(20, Math.ceil(userIds.length / 10));
    let unsaved = 0;
    let saving: Promise<void> = Promise.resolve();
    await readUserAuth(ctx, toRead, async (users) => {
      for (const u of users) take(u, methods, prefs);
      unsaved += users.length;
      if (unsaved < every) return;
      unsaved = 0;
      checkpoint = { ...checkpoint, methods: Object.fromEntries(methods), signInPreferences: Object.fromEntries(prefs) };
      saving = saving.then(saveCheckpoint);
      await saving;
    });
  }
  const common = await readCommon(run, license);
  if (mode === 'mirror' && common.registrationDetails === null) {
    throw new SyncError('licence', 'mirror mode reads userRegistrationDetails, which needs Microsoft Entra ID P1 or P2: use --mode full');
  }
  const bodies: Omit<SyncBodies, 'groupMembers'> = {
    expectTenantId: run.tenantId,
    ...sharedBodies(run, common, { subscribedSkus, usersDelta, methods, signInPreferences: prefs }),
    registrationDetails: common.registrationDetails,
  };
  const result = await withGroups(ctx, (groupMembers) => assembleSnapshot({ ...bodies, groupMembers }, mode));
  const logsSince = new Date(Date.parse(checkpoint.startedAt) - retentionDaysFor(license) * DAY);
  const logs = await readLogs(ctx, logsSince, logsSince);
  const generation = await commit(run, result, logs, {
    mode,
    license,
    deltaLink: mode === 'full' ? deltaLinkOf(usersDelta) : null,
    deltaLinkAt: checkpoint.startedAt,
    watermark: checkpoint.startedAt,
    registrationRows: common.registrationDetails,
  });
  return outcomeOf(run, result, 'full', mode === 'full' ? userIds.length : 0, logs, generation);
}

/** The bodies a full and an incremental pass hand the assembler alike. */
function sharedBodies(
  run: Run,
  common: Awaited<ReturnType<typeof readCommon>>,
  read: {
    readonly subscribedSkus: readonly unknown[];
    readonly usersDelta: readonly unknown[];
    readonly methods: ReadonlyMap<string, readonly unknown[]>;
    readonly signInPreferences: ReadonlyMap<string, unknown>;
  },
) {
  return {
    capturedDateTime: run.startedAt.toISOString(),
    organization: run.organization,
    ...read,
    roleAssignments: common.roleAssignments,
    roleEligibilities: common.roleEligibilities,
    authenticationMethodsPolicy: common.authenticationMethodsPolicy,
    authorizationPolicy: common.authorizationPolicy,
    ...(run.ssprPolicyFile === undefined ? {} : { ssprPolicyFile: run.ssprPolicyFile }),
  };
}

async function incrementalPass(run: Run, prev: TenantSyncState, snapshot: AssembledSnapshot, deltaLink: string): Promise<PassOutcome> {
  const { ctx } = run;
  const usersDelta = await readPages(ctx, deltaLink, 'users');
  const subscribedSkus = await readPages(ctx, '/v1.0/subscribedSkus', 'licence');
  const license = licenseFromSkus(subscribedSkus);
  const since = (w: string | null) => new Date((w === null ? run.startedAt.getTime() - retentionDaysFor(license) * DAY : Date.parse(w)) - LOG_OVERLAP_MS);
  const logs = await readLogs(ctx, since(prev.state.auditWatermark), since(prev.state.signInWatermark));
  const delta = readUsersDelta(usersDelta);
  const known = new Set(snapshot.users.map((u) => String(u['id']).toLowerCase()));
  ctx.client.scheduler.setTenantSize(run.settings.clientId, run.settings.tenant, known.size + delta.changed.size);
  const toRead = new Set<string>();
  for (const id of delta.changed.keys()) if (!known.has(id)) toRead.add(id);
  for (const id of securityInfoTargets(logs.audits)) if ((known.has(id) || delta.changed.has(id)) && !delta.removed.has(id)) toRead.add(id);
  const recheck = prev.state.registrationReadAt === null || run.startedAt.getTime() - Date.parse(prev.state.registrationReadAt) >= REGISTRATION_RECHECK_MS;
  const common = await readCommon(run, license, recheck);
  // The drift check: a user whose Entra row changed had a change no audit read here named.
  if (common.registrationDetails !== null) {
    for (const id of changedRows(prev.registrationRows, itemsOf(common.registrationDetails))) {
      if ((known.has(id) || delta.changed.has(id)) && !delta.removed.has(id)) toRead.add(id);
    }
  }
  const methods = new Map<string, readonly unknown[]>();
  const prefs = new Map<string, unknown>();
  await readUserAuth(ctx, [...toRead].sort(), async (users) => {
    for (const u of users) take(u, methods, prefs);
  });
  const bodies: IncrementalBodies = {
    ...sharedBodies(run, common, { subscribedSkus, usersDelta, methods, signInPreferences: prefs }),
    ...(common.registrationDetails === null ? {} : { registrationDetails: common.registrationDetails }),
  };
  // The groups the merged state needs are all read again (membership changes are not in the audits read).
  const first = mergeIncremental(snapshot, bodies);
  const roots = [...first.snapshot.groups.map((g) => String(g['id'])), ...first.missingGroups].filter((id) => !id.startsWith(AMR_GROUP_PREFIX));
  const groupMembers = await readGroupClosure(ctx, roots);
  const result = mergeIncremental(snapshot, { ...bodies, groupMembers });
  if (result.missingGroups.length > 0) throw new SyncError('protocol', `groups still unread after the closure: ${result.missingGroups.join(', ')}`);
  const generation = await commit(run, result, logs, {
    mode: 'full',
    license,
    deltaLink: deltaLinkOf(usersDelta),
    deltaLinkAt: run.startedAt.toISOString(),
    watermark: run.startedAt.toISOString(),
    registrationRows: common.registrationDetails,
  });
  return outcomeOf(run, result, 'incremental', toRead.size, logs, generation);
}

/** Ids whose userRegistrationDetails row is new or differs from the previous read (its time aside). */
export function changedRows(previous: readonly Readonly<Record<string, unknown>>[] | null, rows: readonly Readonly<Record<string, unknown>>[]): string[] {
  const key = (r: Readonly<Record<string, unknown>>): string =>
    JSON.stringify(
      Object.entries(r)
        .filter(([k]) => k !== 'lastUpdatedDateTime')
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  const before = new Map((previous ?? []).map((r) => [String(r['id']).toLowerCase(), key(r)]));
  return rows.filter((r) => before.get(String(r['id']).toLowerCase()) !== key(r)).map((r) => String(r['id']).toLowerCase());
}

function take(u: UserAuthBodies, methods: Map<string, readonly unknown[]>, prefs: Map<string, unknown>): void {
  methods.set(u.id, u.methods);
  if (u.signInPreferences !== undefined) prefs.set(u.id, u.signInPreferences);
}

interface CommonBodies {
  readonly roleAssignments: readonly unknown[];
  readonly roleEligibilities: readonly unknown[];
  readonly authenticationMethodsPolicy: unknown;
  readonly authorizationPolicy: unknown;
  /** null: not read (free tenant, or no drift check due). */
  readonly registrationDetails: readonly unknown[] | null;
}

/** Role assignments and eligibilities, the two policies, and (when asked) Entra's registration rows. */
async function readCommon(run: Run, license: LicenseName, registration = true): Promise<CommonBodies> {
  const { ctx } = run;
  const roleAssignments = await readPages(ctx, '/v1.0/roleManagement/directory/roleAssignments', 'roles');
  const roleEligibilities = await readPages(ctx, '/v1.0/roleManagement/directory/roleEligibilityScheduleInstances', 'roles');
  const authenticationMethodsPolicy = await ctx.client.get('/beta/policies/authenticationMethodsPolicy', opts(run));
  ctx.progress('policies', 1, 2);
  const authorizationPolicy = await ctx.client.get('/v1.0/policies/authorizationPolicy', opts(run));
  ctx.progress('policies', 2, 2);
  const registrationDetails = !registration
    ? null
    : license === 'free'
      ? (ctx.warnings.push('userRegistrationDetails not read: the tenant has no Microsoft Entra ID P1/P2 licence'), null)
      : await readPagesIfLicensed(ctx, REGISTRATION_PATH, 'registrationDetails', 'userRegistrationDetails');
  return { roleAssignments, roleEligibilities, authenticationMethodsPolicy, authorizationPolicy, registrationDetails };
}

const opts = (run: Run) => (run.request.signal === undefined ? {} : { signal: run.request.signal });

/** Assembles, reads the groups it says it needs (and those nested in them), assembles again. */
async function withGroups(ctx: ReadContext, assemble: (groups: ReadonlyMap<string, readonly unknown[] | null>) => AssemblyResult): Promise<AssemblyResult> {
  const first = assemble(new Map());
  if (first.missingGroups.length === 0) return first;
  const groups = await readGroupClosure(ctx, first.missingGroups);
  const result = assemble(groups);
  if (result.missingGroups.length > 0) throw new SyncError('protocol', `groups still unread after the closure: ${result.missingGroups.join(', ')}`);
  return result;
}

async function readLogs(ctx: ReadContext, auditsSince: Date, signInsSince: Date): Promise<Logs> {
  const audits = await readAudits(ctx, auditsSince);
  const signIns = await readSignIns(ctx, signInsSince);
  return { audits, signIns };
}

function outcomeOf(run: Run, result: AssemblyResult, passKind: 'full' | 'incremental', usersRead: number, logs: Logs, generation: number): PassOutcome {
  run.ctx.warnings.push(...result.warnings);
  const s = result.snapshot;
  return {
    tenantId: run.tenantId,
    mode: run.mode,
    pass: passKind,
    users: s.users.length,
    usersRead,
    groups: s.groups.length,
    roleAssignments: s.roleAssignments.length,
    audits: itemsOf(logs.audits).length,
    signIns: logs.signIns === null ? 0 : itemsOf(logs.signIns).length,
    license: s.tenant.license,
    ssprPolicySource: result.ssprPolicySource,
    generation,
  };
}
