// Store contract for issue 15 (decision 0091), on SQLite and PostgreSQL alike: the userProtection
// rows and the breakdowns of a seeded tenant equal what the rules in reports/ give for the raw
// snapshot and sign-ins (test-support/protection-tenant.ts), before and after the activity lands;
// paging with filters on every property kind agrees with the in-memory evaluator; an activity
// import seen twice changes nothing; the breakdowns are kept per day.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { importSnapshot } from '../../ingest/import-snapshot.js';
import { changesReports, refreshReports } from '../../ingest/refresh-reports.js';
import { evaluateFilter, parseFilter } from '../../odata/index.js';
import { defineEntity, type PropertyCapability } from '../../odata/capabilities.js';
import { GROUP_BY } from '../../reports/breakdowns.js';
import type { ProtectionDetails } from '../../reports/model.js';
import { openStore } from '../open-store.js';
import type { Store } from '../store.js';
import { contractStores } from '../../test-support/test-db.js';
import { CAPTURED_AT, PROTECTION_TENANT, expectedProtection, protectionSnapshot, protectionTenant } from '../../test-support/protection-tenant.js';

const NOW = new Date('2026-11-21T00:00:00Z');
const STRENGTH = { name: 'amr.strength', members: ['phishingResistant', 'passwordless', 'mfa', 'weakMfa', 'none', 'unknownFutureValue'] };
const text = (name: string, nullable = false): PropertyCapability => ({
  name,
  type: 'string',
  nullable,
  filter: ['eq', 'ne', 'in', 'startswith'],
  orderby: false,
  caseInsensitive: name !== 'companyName',
});
const flag = (name: string): PropertyCapability => ({ name, type: 'boolean', nullable: false, filter: ['eq', 'ne'], orderby: false });
/** What the filters below may name: the test's own description of the row, not the server's. */
const ENTITY = defineEntity({
  typeName: 'amr.userProtection',
  properties: [
    text('userPrincipalName'),
    text('department', true),
    text('companyName', true),
    flag('isAdmin'),
    flag('isWeakMfaOnly'),
    { name: 'registeredStrength', type: 'enum', enum: STRENGTH, nullable: false, filter: ['eq', 'ne', 'in'], orderby: false },
    { name: 'usedStrength', type: 'enum', enum: STRENGTH, nullable: true, filter: ['eq', 'ne', 'in'], orderby: false },
    { name: 'staleMethodCount', type: 'int64', nullable: false, filter: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'], orderby: false },
    { name: 'staleMethods', type: 'stringCollection', nullable: false, filter: ['any'], orderby: false },
    { name: 'methodsRegistered', type: 'stringCollection', nullable: false, filter: ['any'], orderby: false },
  ],
});

const FILTERS = [
  "registeredStrength eq 'weakMfa'",
  "usedStrength eq null or usedStrength ne 'phishingResistant'",
  "not (usedStrength eq 'mfa')",
  "department eq 'sales'",
  "department ne 'Sales' and companyName eq 'Contoso'",
  "startswith(department, 'r')",
  'staleMethodCount gt 0',
  "staleMethods/any(m: m eq 'mobilePhone') or isWeakMfaOnly eq true",
  "isAdmin eq true and registeredStrength ne 'phishingResistant'",
  "methodsRegistered/any(m: m eq 'fido2SecurityKey') and usedStrength in ('weakMfa', 'none')",
];

async function everyRow(store: Store, generation: number, filter: string | null, top: number): Promise<ProtectionDetails[]> {
  const node = filter === null ? null : parseFilter(filter, ENTITY, { includeUnknownEnumMembers: false });
  const rows: ProtectionDetails[] = [];
  let after: readonly string[] | null = null;
  do {
    const page = await store.listProtection({
      tenantId: PROTECTION_TENANT,
      generation,
      filter: node,
      orderby: [{ property: 'userDisplayName', direction: 'desc' }],
      top,
      after,
      count: false,
    });
    rows.push(...page.rows);
    after = page.next;
  } while (after !== null);
  return rows;
}

const byId = (rows: readonly ProtectionDetails[]) => new Map(rows.map((r) => [r.id, r]));

for (const contract of await contractStores()) {
  describe(`store contract on ${contract.name}: userProtection and breakdowns`, () => {
    const tenant = protectionTenant(15);
    let store: Store;
    before(async () => {
      store = await openStore({ db: await contract.db(), now: () => NOW });
    });
    after(() => store.close());

    const current = async (): Promise<number> => (await store.getTenant(PROTECTION_TENANT))!.currentGeneration!;

    test('after the snapshot: every row and breakdown as the rules give them, without activity', async () => {
      await importSnapshot(store, Readable.from([protectionSnapshot(tenant)]), { sourceName: 'protection', encoding: 'ndjson', now: () => NOW });
      const expected = expectedProtection(tenant, false);
      const generation = await current();
      assert.deepEqual(byId(await everyRow(store, generation, null, 7)), expected.rows);
      for (const g of [null, ...GROUP_BY])
        assert.deepEqual(await store.bucketSummaries(PROTECTION_TENANT, generation, g), expected.breakdowns.get(g), `groupBy ${g}`);
      // The run covers what it claims: every class, stale methods, several buckets.
      const rows = [...expected.rows.values()];
      for (const c of ['phishingResistant', 'passwordless', 'mfa', 'weakMfa', 'none'])
        assert.ok(
          rows.some((r) => r.registeredStrength === c),
          c,
        );
      assert.ok(rows.some((r) => r.staleMethodCount > 0));
      assert.ok(rows.every((r) => r.usedStrength === null));
    });

    test('after the sign-ins: used strength and stale methods from the activity; the same sign-ins again change nothing', async () => {
      const added = await store.appendActivity(PROTECTION_TENANT, { audits: [], signIns: tenant.signIns });
      assert.ok(changesReports(added));
      assert.equal(await refreshReports(store, [PROTECTION_TENANT]), 1);
      const expected = expectedProtection(tenant, true);
      const generation = await current();
      const rows = await everyRow(store, generation, null, 1000);
      assert.deepEqual(byId(rows), expected.rows);
      assert.ok(rows.some((r) => r.usedStrength !== null) && rows.some((r) => r.usedStrength === null));
      assert.ok(
        rows.some((r) => r.lastUpdatedDateTime !== CAPTURED_AT),
        'the newest sign-in is after the capture',
      );
      for (const g of [null, ...GROUP_BY])
        assert.deepEqual(await store.bucketSummaries(PROTECTION_TENANT, generation, g), expected.breakdowns.get(g), `groupBy ${g}`);
      const again = await store.appendActivity(PROTECTION_TENANT, { audits: [], signIns: tenant.signIns });
      assert.equal(changesReports(again), false);
      await store.recompute(PROTECTION_TENANT);
      assert.deepEqual(byId(await everyRow(store, await current(), null, 1000)), expected.rows);
    });

    test('filters on every kind of property page the rows the evaluator keeps, in order', async () => {
      const generation = await current();
      const all = await everyRow(store, generation, null, 1000);
      for (const filter of FILTERS) {
        const node = parseFilter(filter, ENTITY, { includeUnknownEnumMembers: false });
        const want = all.filter((r) => evaluateFilter(node, r as unknown as Record<string, unknown>, ENTITY)).map((r) => r.id);
        const got = (await everyRow(store, generation, filter, 3)).map((r) => r.id);
        assert.deepEqual(got, want, filter);
        const counted = await store.listProtection({ tenantId: PROTECTION_TENANT, generation, filter: node, orderby: [], top: 0, after: null, count: true });
        assert.equal(counted.count, want.length, filter);
      }
    });

    test('one row by id; JSON pages are the rows as objects', async () => {
      const generation = await current();
      const expected = expectedProtection(tenant, true);
      const [id, row] = [...expected.rows][3]!;
      assert.deepEqual(await store.getProtection(PROTECTION_TENANT, generation, id), row);
      assert.equal(await store.getProtection(PROTECTION_TENANT, generation, '00000000-0000-4000-8000-999999999999'), null);
      const properties = ['id', 'department', 'usedStrength', 'staleMethods', 'staleMethodCount', 'isWeakMfaOnly'] as const;
      const page = await store.listProtectionJson(
        { tenantId: PROTECTION_TENANT, generation, filter: null, orderby: [], top: 20, after: null, count: false },
        properties,
      );
      const objects = await store.listProtection({ tenantId: PROTECTION_TENANT, generation, filter: null, orderby: [], top: 20, after: null, count: false });
      assert.equal(`[${Buffer.from(page.json).toString()}]`, JSON.stringify(objects.rows, [...properties]));
    });

    test('the breakdowns are kept per day: the capture day holds the latest state', async () => {
      const expected = expectedProtection(tenant, true);
      const day = CAPTURED_AT.slice(0, 10);
      const history = await store.bucketHistory(PROTECTION_TENANT, 'department', day, NOW.toISOString().slice(0, 10));
      assert.equal(history[0]?.day, day);
      assert.equal(history[0]?.recorded, true);
      assert.deepEqual(history[0]?.buckets, expected.breakdowns.get('department'));
      // The next day carries the state over until a state is recorded for it.
      assert.equal(history[1]?.recorded, false);
      assert.equal(await store.recordDailyHistory(NOW), 1);
      const after = await store.bucketHistory(PROTECTION_TENANT, null, '2026-11-21', '2026-11-21');
      assert.equal(after[0]?.recorded, true);
      assert.deepEqual(after[0]?.buckets, expected.breakdowns.get(null));
    });
  });
}
