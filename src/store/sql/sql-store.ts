// The Store over any SqlEngine: the same code serves SQLite and PostgreSQL.
import type { License } from '../../reports/model.js';
import type { TenantsTable } from '../schema.js';
import { appendAudits, appendSignIns, prepareActivity, type PreparedActivity } from './activity-writer.js';
import { activityHourRows, passwordDayRows } from './event-rollups.js';
import { countActivityEvents, listActivityEvents } from './events-queries.js';
import { pruneActivity } from './retention.js';
import { signInDayRows, signInMethodHourRows } from './signin-rollups.js';
import type { ActivityHourRow, MfaDayRow, PasswordDayRow, SignInMethodHourRow } from '../../reports/activity/rollups.js';
import { tenantKeyFor, tenantLock } from './tenant-keys.js';
import { carryOver, readHistory, recordDailyHistory } from './registration-history.js';
import type {
  ActivityAppendSummary,
  ActivityBatch,
  ActivityEventCountQuery,
  ActivityEventQuery,
  ActivityEventRow,
  JsonPage,
  Page,
  RecomputeSummary,
  RegistrationHistoryDay,
  RegistrationListQuery,
  RegistrationSummary,
  SharedThrottleCheck,
  SnapshotSink,
  Store,
  StoreReadiness,
  SyncStatePatch,
  SyncStateRecord,
  TenantRecord,
} from '../store.js';
import { getSyncState, listSyncStates, putSyncState } from './sync-state.js';
import { admitLogged, sweepThrottleLog } from './throttle-log.js';
import type { ProtectionDetails, RegistrationDetails } from '../../reports/model.js';
import type { SqlEngine } from './executor.js';
import { LATEST_MIGRATION, appliedMigration } from './migrations.js';
import { recomputeTenant } from './recompute.js';
import { REGISTRATION_REPORT, getRegistrationDetails, getRegistrationSummary } from './registration-queries.js';
import { SnapshotWriter } from './snapshot-writer.js';
import { PROTECTION_REPORT, ProtectionReads } from './protection-store.js';
import { ReportListing } from './report-listing.js';
import { recordDailyBreakdowns } from './breakdown-history.js';
import { AlertStorage } from './alert-store.js';
import { MethodChangeReads } from './method-changes.js';

export interface SqlStoreOptions {
  readonly now: () => Date;
  /** How long a superseded report generation stays pageable (docs/decisions/0003). */
  readonly pagingGraceMs: number;
}

const TENANT_TTL_MS = 1000;
const CACHE_LIMIT = 10_000;

function tenantRecord(r: TenantsTable): TenantRecord {
  return {
    tenantId: r.tenant_id,
    displayName: r.display_name,
    license: r.license as License,
    currentGeneration: r.current_generation,
    capturedAt: r.captured_at,
    importedAt: r.imported_at,
  };
}

export class SqlStore implements Store {
  /** tenant id → tenant key; a key never changes once given. */
  private readonly keys = new Map<string, number>();
  /**
   * Tenant records for a second: every Graph request reads one. This process's own imports
   * clear it; another process's import shows within TENANT_TTL_MS.
   */
  private readonly tenants = new Map<string, { readonly record: TenantRecord | null; readonly at: number }>();
  /** A generation never changes, so neither do its summaries. */
  private readonly summaries = new Map<string, RegistrationSummary | null>();
  /** Pages of the two reports on the registration rows, with their counts and read-ahead (report-listing.ts). */
  private readonly listing: ReportListing;

  /** userProtection and breakdowns (protection-store.ts). */
  private readonly protection: ProtectionReads;
  /** The change feed (method-changes.ts). */
  private readonly changes: MethodChangeReads;

  constructor(
    private readonly engine: SqlEngine,
    private readonly options: SqlStoreOptions,
  ) {
    this.protection = new ProtectionReads(engine, (tenantId) => this.keyOf(tenantId));
    this.listing = new ReportListing(engine, (tenantId) => this.keyOf(tenantId));
    this.alerts = new AlertStorage(engine);
    this.changes = new MethodChangeReads(engine, (tenantId) => this.keyOf(tenantId));
  }

  listMethodChanges: Store['listMethodChanges'] = (q) => this.changes.listMethodChanges(q);

  getProtection: Store['getProtection'] = (t, g, id) => this.protection.getProtection(t, g, id);
  bucketSummaries: Store['bucketSummaries'] = (t, g, by) => this.protection.bucketSummaries(t, g, by);
  bucketHistory: Store['bucketHistory'] = (t, by, from, to) => this.protection.bucketHistory(t, by, from, to);

  /** Alert rules, alerts, webhooks and deliveries (alert-store.ts). */
  private readonly alerts: AlertStorage;
  listAlertRules: Store['listAlertRules'] = (t) => this.alerts.listAlertRules(t);
  getAlertRule: Store['getAlertRule'] = (t, id) => this.alerts.getAlertRule(t, id);
  putAlertRule: Store['putAlertRule'] = (r) => this.alerts.putAlertRule(r);
  deleteAlertRule: Store['deleteAlertRule'] = (t, id) => this.alerts.deleteAlertRule(t, id);
  listWebhooks: Store['listWebhooks'] = (t) => this.alerts.listWebhooks(t);
  addWebhook: Store['addWebhook'] = (w) => this.alerts.addWebhook(w);
  deleteWebhook: Store['deleteWebhook'] = (t, id) => this.alerts.deleteWebhook(t, id);
  listAlerts: Store['listAlerts'] = (q) => this.alerts.listAlerts(q);
  updateAlerts: Store['updateAlerts'] = (t, decide) => this.alerts.updateAlerts(t, decide);
  claimDueDeliveries: Store['claimDueDeliveries'] = (now, limit, leaseMs) => this.alerts.claimDueDeliveries(now, limit, leaseMs);
  recordDeliveryAttempt: Store['recordDeliveryAttempt'] = (o) => this.alerts.recordDeliveryAttempt(o);
  listDeliveries: Store['listDeliveries'] = (t, id, top) => this.alerts.listDeliveries(t, id, top);

  get dialect(): string {
    return this.engine.dialect;
  }

  get admitShared(): Store['admitShared'] {
    return this.engine.sideTransaction ? this.admitInDatabase : undefined;
  }

  #sweptAt = 0;

  private readonly admitInDatabase = async (checks: readonly SharedThrottleCheck[], nowMs: number): Promise<number> => {
    const side = this.engine.sideTransaction!.bind(this.engine);
    const { qb } = this.engine;
    const wait = await side((tx) => admitLogged(tx, qb, checks, nowMs));
    // Once a minute per server: admissions of keys no one asked for since (their windows ended).
    if (nowMs - this.#sweptAt > 60_000) {
      this.#sweptAt = nowMs;
      const longest = Math.max(...checks.map((c) => c.windowMs));
      await side((tx) => sweepThrottleLog(tx, qb, nowMs - Math.max(longest, 3_600_000)));
    }
    return wait;
  };

  async getTenant(tenantId: string): Promise<TenantRecord | null> {
    const now = Date.now();
    const cached = this.tenants.get(tenantId);
    if (cached && now - cached.at < TENANT_TTL_MS) return cached.record;
    const { qb, reader } = this.engine;
    const rows = await reader.all(qb.selectFrom('tenants').selectAll().where('tenant_id', '=', tenantId).compile());
    const record = rows[0] ? tenantRecord(rows[0]) : null;
    if (this.tenants.size >= CACHE_LIMIT) this.tenants.clear();
    this.tenants.set(tenantId, { record, at: now });
    return record;
  }

  async listTenants(): Promise<readonly TenantRecord[]> {
    const { qb, reader } = this.engine;
    return (await reader.all(qb.selectFrom('tenants').selectAll().orderBy('tenant_id').compile())).map(tenantRecord);
  }

  private async keyOf(tenantId: string): Promise<number | null> {
    const cached = this.keys.get(tenantId);
    if (cached !== undefined) return cached;
    const { qb, reader } = this.engine;
    const row = (await reader.all(qb.selectFrom('tenants').select('tenant_key').where('tenant_id', '=', tenantId).compile()))[0];
    if (row) this.keys.set(tenantId, row.tenant_key);
    return row?.tenant_key ?? null;
  }

  async hasGeneration(tenantId: string, generation: number): Promise<boolean> {
    const key = await this.keyOf(tenantId);
    if (key === null) return false;
    const { qb, reader } = this.engine;
    const rows = await reader.all(
      qb.selectFrom('generations').select('generation').where('tenant_key', '=', key).where('generation', '=', generation).compile(),
    );
    return rows.length > 0;
  }

  async replaceTenantSnapshot<R>(produce: (sink: SnapshotSink) => Promise<R>): Promise<{ result: R; recompute: RecomputeSummary }> {
    const { qb } = this.engine;
    return this.engine
      .writeTransaction(async (tx) => {
        const writer = new SnapshotWriter({ tx, qb, now: this.options.now, pagingGraceMs: this.options.pagingGraceMs });
        const result = await produce(writer);
        return { result, recompute: await writer.finish() };
      })
      .finally(() => this.tenants.clear());
  }

  appendActivity(tenantId: string, batch: ActivityBatch): Promise<ActivityAppendSummary> {
    // A tenant's key, once committed, never changes: only the first append of a tenant asks for it.
    const known = this.keys.get(tenantId);
    if (known === undefined) return this.appendFirstActivity(tenantId, batch);
    // Rows, events and rollup cells are made now, while the previous batches are still being
    // stored; the records are not kept: from here the batch is its rows (decision 0012).
    // (No closure here captures `batch`: closures of one function share what they capture.)
    let prepared: PreparedActivity | null = prepareActivity(known, batch, !this.engine.insertsNew);
    return this.appendActivityAs(tenantId, () => {
      // Handed over once: the rows are not held either once they are sent.
      const p = prepared!;
      prepared = null;
      return p;
    });
  }

  /** A tenant's first append: its key is known inside the transaction (which may create the tenant). */
  private appendFirstActivity(tenantId: string, batch: ActivityBatch): Promise<ActivityAppendSummary> {
    return this.appendActivityAs(tenantId, (key) => prepareActivity(key, batch, true));
  }

  private async appendActivityAs(tenantId: string, prepared: (key: number) => PreparedActivity): Promise<ActivityAppendSummary> {
    const { qb } = this.engine;
    const known = this.keys.get(tenantId);
    const appended = await this.engine
      .writeTransaction(async (tx) => {
        // tenantKeyFor takes the tenant's lock; a known key takes it here (appends add to rollups: one server at a time).
        const key = known ?? (await tenantKeyFor(tx, qb, tenantId, this.options.now));
        if (known !== undefined) await tx.advisoryLock?.(tenantLock(tenantId));
        const p = prepared(key);
        // Both send everything before the commit; their answers come before the commit's (decision 0012).
        return { key, audits: await appendAudits(tx, qb, p.audits), signIns: await appendSignIns(tx, qb, p.signIns) };
      })
      .finally(() => this.tenants.clear());
    if (this.keys.size >= CACHE_LIMIT) this.keys.clear();
    this.keys.set(tenantId, appended.key);
    return { ...(await appended.audits.stored), ...(await appended.signIns.stored) };
  }

  async pruneActivity(tenantId: string, before: string): Promise<number> {
    const key = await this.keyOf(tenantId);
    if (key === null) return 0;
    return this.engine.writeTransaction(async (tx) => {
      await tx.advisoryLock?.(tenantLock(tenantId));
      return pruneActivity(tx, this.engine.qb, key, before);
    });
  }

  async listActivityEvents(query: ActivityEventQuery): Promise<Page<ActivityEventRow>> {
    const key = await this.keyOf(query.tenantId);
    if (key === null) return { rows: [], next: null, ...(query.count ? { count: 0 } : {}) };
    return listActivityEvents(this.engine.reader, this.engine.qb, key, query);
  }

  async countActivityEvents(query: ActivityEventCountQuery): Promise<number> {
    const key = await this.keyOf(query.tenantId);
    return key === null ? 0 : countActivityEvents(this.engine.reader, this.engine.qb, key, query);
  }

  /** A tenant's rollup rows; none for a tenant the store does not hold. */
  private async rowsOf<R>(tenantId: string, read: (key: number) => Promise<readonly R[]>): Promise<readonly R[]> {
    const key = await this.keyOf(tenantId);
    return key === null ? [] : read(key);
  }

  activityHourRows(tenantId: string, fromHour: string): Promise<readonly ActivityHourRow[]> {
    return this.rowsOf(tenantId, (key) => activityHourRows(this.engine.reader, this.engine.qb, key, fromHour));
  }

  mfaDayRows(tenantId: string, fromDay: string): Promise<readonly MfaDayRow[]> {
    return this.rowsOf(tenantId, (key) => signInDayRows(this.engine.reader, this.engine.qb, key, fromDay));
  }

  signInMethodHourRows(tenantId: string, fromHour: string): Promise<readonly SignInMethodHourRow[]> {
    return this.rowsOf(tenantId, (key) => signInMethodHourRows(this.engine.reader, this.engine.qb, key, fromHour));
  }

  passwordDayRows(tenantId: string, fromDay: string): Promise<readonly PasswordDayRow[]> {
    return this.rowsOf(tenantId, (key) => passwordDayRows(this.engine.reader, this.engine.qb, key, fromDay));
  }

  async recompute(tenantId: string): Promise<RecomputeSummary> {
    const { qb } = this.engine;
    return this.engine
      .writeTransaction(async (tx) => {
        await tx.advisoryLock?.(tenantLock(tenantId));
        return recomputeTenant({ tx, qb, now: this.options.now, pagingGraceMs: this.options.pagingGraceMs }, tenantId);
      })
      .finally(() => this.tenants.clear());
  }

  listRegistrationDetails(query: RegistrationListQuery): Promise<Page<RegistrationDetails>> {
    return this.listing.rows(query, REGISTRATION_REPORT);
  }

  listRegistrationDetailsJson(query: RegistrationListQuery, properties: readonly (keyof RegistrationDetails)[]): Promise<JsonPage> {
    return this.listing.json(query, properties, REGISTRATION_REPORT);
  }

  listProtection(query: RegistrationListQuery): Promise<Page<ProtectionDetails>> {
    return this.listing.rows(query, PROTECTION_REPORT);
  }

  listProtectionJson(query: RegistrationListQuery, properties: readonly (keyof ProtectionDetails)[]): Promise<JsonPage> {
    return this.listing.json(query, properties, PROTECTION_REPORT);
  }

  async getRegistrationDetails(tenantId: string, generation: number, userId: string): Promise<RegistrationDetails | null> {
    const key = await this.keyOf(tenantId);
    return key === null ? null : getRegistrationDetails(this.engine.reader, this.engine.qb, key, generation, userId);
  }

  async getRegistrationSummary(tenantId: string, generation: number, userTypes: string, userRoles: string): Promise<RegistrationSummary | null> {
    const key = await this.keyOf(tenantId);
    if (key === null) return null;
    const cacheKey = `${key}|${generation}|${userTypes}|${userRoles}`;
    const cached = this.summaries.get(cacheKey);
    if (cached !== undefined) return cached;
    const found = await getRegistrationSummary(this.engine.reader, this.engine.qb, key, generation, userTypes, userRoles);
    if (this.summaries.size >= CACHE_LIMIT) this.summaries.clear();
    this.summaries.set(cacheKey, found);
    return found;
  }

  async claimLease(name: string, holder: string, now: Date, leaseMs: number): Promise<boolean> {
    const { qb } = this.engine;
    const key = `lease:${name}`;
    return this.engine.writeTransaction(async (tx) => {
      await tx.advisoryLock?.(key);
      const stored = (await tx.all(qb.selectFrom('settings').select('value').where('key', '=', key).compile()))[0]?.value;
      const lease = stored === undefined ? null : (JSON.parse(stored) as { holder: string; until: string });
      if (lease !== null && lease.holder !== holder && Date.parse(lease.until) > now.getTime()) return false;
      const value = JSON.stringify({ holder, until: new Date(now.getTime() + leaseMs).toISOString() });
      if (stored === undefined) await tx.run(qb.insertInto('settings').values({ key, value }).compile());
      else await tx.run(qb.updateTable('settings').set({ value }).where('key', '=', key).compile());
      return true;
    });
  }

  async getOrCreateSetting(key: string, make: () => string): Promise<string> {
    const { qb } = this.engine;
    const read = async () => (await this.engine.reader.all(qb.selectFrom('settings').select('value').where('key', '=', key).compile()))[0]?.value;
    const existing = await read();
    if (existing !== undefined) return existing;
    return this.engine.writeTransaction(async (tx) => {
      // Two servers starting at once make one key, not two (issue 13: keys live in the database).
      await tx.advisoryLock?.(`setting:${key}`);
      const again = (await tx.all(qb.selectFrom('settings').select('value').where('key', '=', key).compile()))[0]?.value;
      if (again !== undefined) return again;
      const value = make();
      await tx.run(qb.insertInto('settings').values({ key, value }).compile());
      return value;
    });
  }

  getSyncState(tenantId: string): Promise<SyncStateRecord | null> {
    return getSyncState(this.engine, tenantId);
  }

  putSyncState(tenantId: string, patch: SyncStatePatch): Promise<void> {
    return this.engine.writeTransaction((tx) => putSyncState(tx, this.engine.qb, tenantId, patch, this.options.now()));
  }

  listSyncStates(): Promise<readonly SyncStateRecord[]> {
    return listSyncStates(this.engine);
  }

  schemaVersion(): Promise<number> {
    return appliedMigration(this.engine);
  }

  async registrationHistory(
    tenantId: string,
    fromDay: string,
    toDay: string,
    userTypes: string,
    userRoles: string,
  ): Promise<readonly RegistrationHistoryDay[]> {
    const key = await this.keyOf(tenantId);
    if (key === null) return [];
    const { before, rows } = await readHistory(this.engine.reader, this.engine.qb, key, fromDay, userTypes, userRoles);
    return carryOver(before, rows, fromDay, toDay);
  }

  recordDailyHistory(now: Date): Promise<number> {
    // Whichever server records the day first records it; the others find it there (issue 13).
    return this.engine.writeTransaction(async (tx) => {
      await tx.advisoryLock?.('daily-history');
      const day = now.toISOString().slice(0, 10);
      await recordDailyBreakdowns(tx, this.engine.qb, day, now.toISOString());
      return recordDailyHistory(tx, this.engine.qb, day, now.toISOString());
    });
  }

  async readiness(): Promise<StoreReadiness> {
    return { schemaVersion: await appliedMigration(this.engine), expectedSchemaVersion: LATEST_MIGRATION };
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
