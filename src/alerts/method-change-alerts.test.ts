// privilegedMethodChange over the store's change feed (decision 0094): an admin who gains a method
// between two captures opens one alert per change (per methodsRegistered name); a non-admin's change opens none; the alert
// resolves once the change is older than the rule's `days`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { FIXTURE_USERS, GLOBAL_ADMIN, TENANT, fixtureSnapshot } from '../test-support/fixture-tenant.js';
import { testDatabase } from '../test-support/test-db.js';
import { evaluateTenant } from './evaluate-tenant.js';
import { parseNewRule } from './rules.js';
import { alertWire, ruleRecord } from './wire.js';

const ZOE = FIXTURE_USERS.find((u) => u.upn === 'zoe@contoso.com')!;
const BOB = FIXTURE_USERS.find((u) => u.upn === 'Bob@contoso.com')!;
const FIRST = '2026-11-20T06:00:00Z';
const SECOND = '2026-11-21T06:00:00Z';
const authenticator = { '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', id: 'a9', displayName: 'Pixel' };

/** The fixture with Zoë a Global Administrator, captured at `captured`; with `gained`, Zoë and Bob add Authenticator. */
function snapshot(captured: string, gained: boolean): string {
  const users = FIXTURE_USERS.map((u) => (gained && (u.id === ZOE.id || u.id === BOB.id) ? { ...u, methods: [...(u.methods ?? []), authenticator] } : u));
  const text = fixtureSnapshot(TENANT, users).replace(`"capturedDateTime":"${FIRST}"`, `"capturedDateTime":"${captured}"`);
  assert.ok(text.includes(captured));
  return text + JSON.stringify({ roleAssignment: { principalId: ZOE.id, roleDefinitionId: GLOBAL_ADMIN, directoryScopeId: '/' } }) + '\n';
}

let store: Store;
before(async () => {
  store = await openStore({ db: await testDatabase() });
  for (const [captured, gained] of [
    [FIRST, false],
    [SECOND, true],
  ] as const) {
    await importSnapshot(store, Readable.from([snapshot(captured, gained)]), { sourceName: captured, encoding: 'ndjson', now: () => new Date(SECOND) });
  }
});
after(() => store.close());

test("an admin's new method opens an alert; a user's does not; it resolves after `days`", async () => {
  const rule = parseNewRule({ kind: 'privilegedMethodChange', name: 'Admin methods', days: 2 }, { id: 'r-changes', tenantId: TENANT, now: new Date(SECOND) });
  await store.putAlertRule(ruleRecord(rule, new Date(SECOND)));
  const opened = await evaluateTenant(store, TENANT, new Date('2026-11-21T12:00:00Z'));
  // Microsoft Authenticator registers two names (push and its software OATH code): two changes, two alerts, all Zoë's.
  assert.deepEqual([opened.rulesJudged, opened.opened], [1, 2]);
  const alerts = (await store.listAlerts({ tenantId: TENANT, status: 'open', top: 10, after: null })).rows.map(alertWire);
  assert.ok(alerts.every((a) => a.subject.kind === 'user' && a.subject.userId === ZOE.id && a.detail['change'] === 'added'));
  assert.deepEqual(alerts.map((a) => a.detail['method']).sort(), ['microsoftAuthenticatorPush', 'softwareOneTimePasscode']);

  const later = await evaluateTenant(store, TENANT, new Date('2026-11-23T07:00:00Z'));
  assert.deepEqual([later.opened, later.resolved], [0, 2]);
});
