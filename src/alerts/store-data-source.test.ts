// storeDataSource over a real store: the served breakdown, history before it began (none), and the
// admins without a phishing-resistant method, from the fixture snapshot with one more admin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { FIXTURE_USERS, GLOBAL_ADMIN, LISTED, NOW, TENANT, fixtureSnapshot } from '../test-support/fixture-tenant.js';
import { testDatabase } from '../test-support/test-db.js';
import { storeDataSource } from './store-data-source.js';
import { evaluateTenant } from './evaluate-tenant.js';
import { parseNewRule } from './rules.js';
import { alertWire, ruleRecord } from './wire.js';

const ZOE = FIXTURE_USERS.find((u) => u.upn === 'zoe@contoso.com')!;
let store: Store;
before(async () => {
  store = await openStore({ db: await testDatabase(), now: () => NOW });
  // Zoë (an office phone only) is made a Global Administrator too.
  const snapshot =
    fixtureSnapshot() + JSON.stringify({ roleAssignment: { principalId: ZOE.id, roleDefinitionId: GLOBAL_ADMIN, directoryScopeId: '/' } }) + '\n';
  await importSnapshot(store, Readable.from([snapshot]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
});
after(() => store.close());

test('a tenant without a report state has no inputs; the fixture tenant has them', async () => {
  const none = storeDataSource(store, '00000000-0000-4000-8000-000000000000');
  assert.equal(await none.currentBuckets(null), null);
  assert.equal(await none.adminsWithoutPhishingResistant(false), null);
  assert.deepEqual(await none.methodChanges('2026-01-01T00:00:00Z'), []);

  const source = storeDataSource(store, TENANT, async (tenantId, since) => [
    { id: 'c1', userId: ZOE.id, userPrincipalName: ZOE.upn, changedDateTime: since, method: tenantId, change: 'added', isAdmin: true, isPrivilegedAdmin: true },
  ]);
  const buckets = await source.currentBuckets(null);
  assert.deepEqual(
    buckets?.map((b) => [b.key, b.totalUserCount]),
    [['all', LISTED.length]],
  );
  assert.equal(await source.bucketsOn(null, '2020-01-01'), null, 'history does not reach back before the first capture');
  const day = await source.bucketsOn(null, NOW.toISOString().slice(0, 10));
  assert.deepEqual(
    day?.map((b) => [b.key, b.totalUserCount]),
    [['all', LISTED.length]],
    'the import recorded its day',
  );
  const admins = (await source.adminsWithoutPhishingResistant(false))!;
  assert.ok(admins.some((a) => a.userId === ZOE.id && a.isPrivilegedAdmin));
  assert.ok(admins.every((a) => a.registeredStrength !== 'phishingResistant'));
  assert.equal((await source.methodChanges('2026-11-01T00:00:00Z'))?.[0]?.method, TENANT, 'the feed is asked for this tenant');
});

test('evaluateTenant over the store: the admin without a phishing-resistant method and the tenant below 100 % MFA-capable open alerts', async () => {
  const made = { tenantId: TENANT, now: NOW };
  const rules = [
    parseNewRule({ kind: 'adminWithoutPhishingResistant', name: 'Admins', privilegedOnly: true }, { ...made, id: 'r-admins' }),
    parseNewRule({ kind: 'coverageBelow', name: 'Everyone MFA', metric: 'mfaCapable', threshold: 100 }, { ...made, id: 'r-mfa' }),
  ];
  for (const r of rules) await store.putAlertRule(ruleRecord(r, NOW));
  const summary = await evaluateTenant(store, TENANT, NOW);
  assert.equal(summary.rulesJudged, 2);
  const open = (await store.listAlerts({ tenantId: TENANT, status: 'open', top: 50, after: null })).rows.map(alertWire);
  // Bob has only an email method: not MFA capable, so the tenant is below 100 %.
  assert.ok(open.some((a) => a.ruleId === 'r-mfa' && a.subject.kind === 'bucket' && a.subject.key === 'all'));
  assert.ok(open.some((a) => a.ruleId === 'r-admins' && a.subject.kind === 'user' && a.subject.userId === ZOE.id));
  const again = await evaluateTenant(store, TENANT, NOW);
  assert.deepEqual([again.opened, again.resolved], [0, 0]);
});
