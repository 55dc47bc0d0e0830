// GET /amr/v1/tenants/overview (issue 15 item 5) through real HTTP: two tenants, the operator's two
// ways in (admin key, a token of an AMR_OPERATOR_GROUPS group), every other caller refused, paging,
// and the numbers equal what the rules give for the raw snapshot (test-support/protection-tenant.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { refreshReports } from '../ingest/refresh-reports.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from '../test-support/test-db.js';
import type { Store } from '../store/store.js';
import { ADMIN_KEY, TENANT, fixtureSnapshot } from '../test-support/fixture-tenant.js';
import { PROTECTION_TENANT, expectedProtection, protectionSnapshot, protectionTenant } from '../test-support/protection-tenant.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { ensureSigningKey, mintDevToken, type SigningKey } from './tokens.js';

const OPERATORS = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const clock = new Date('2026-11-21T00:00:00Z');
const seeded = protectionTenant(7);
let store: Store;
let app: FastifyInstance;
let key: SigningKey;
let base: string;

before(async () => {
  store = await openStore({ db: await testDatabase(), now: () => clock });
  key = await ensureSigningKey(store);
  for (const text of [fixtureSnapshot(TENANT), protectionSnapshot(seeded)]) {
    await importSnapshot(store, Readable.from([text]), { sourceName: 'overview', encoding: 'ndjson', now: () => clock });
  }
  await store.appendActivity(PROTECTION_TENANT, { audits: [], signIns: seeded.signIns });
  await refreshReports(store, [PROTECTION_TENANT]);
  const config = loadConfig({ AMR_ADMIN_KEY: ADMIN_KEY, AMR_OPERATOR_GROUPS: OPERATORS.toUpperCase() });
  app = await buildApp({ config, store, signingKey: key, skipTokenSecret: 's', logger: false, now: () => clock });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await app.close();
  await store.close();
});

interface Line {
  tenantId: string;
  totalUserCount: number;
  counts: Record<string, number>;
  coverage: Record<string, number | null>;
  trend: { change: Record<string, number | null>; days: { day: string }[] };
}
interface Body {
  value: Line[];
  '@odata.nextLink'?: string;
  error?: { code: string; message: string };
}

async function get(url: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: Body }> {
  const r = await fetch(url, { method, headers });
  return { status: r.status, body: (await r.json()) as Body };
}

const admin = { 'X-Amr-Admin-Key': ADMIN_KEY };

describe('tenants overview', () => {
  test('the admin key sees every tenant; the numbers are the rules applied to the raw snapshot and sign-ins', async () => {
    const { status, body } = await get(`${base}/amr/v1/tenants/overview?days=7`, admin);
    assert.equal(status, 200);
    assert.deepEqual(
      body.value.map((l) => l.tenantId),
      [TENANT, PROTECTION_TENANT].sort(),
    );
    const line = body.value.find((l) => l.tenantId === PROTECTION_TENANT)!;
    const expected = expectedProtection(seeded, true);
    const rows = [...expected.rows.values()];
    const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
    assert.equal(line.totalUserCount, rows.length);
    for (const c of ['phishingResistant', 'passwordless', 'mfa', 'weakMfa', 'none'])
      assert.equal(
        line.counts[c],
        count((r) => r.registeredStrength === c),
        c,
      );
    assert.equal(
      line.counts['weakMfaOnly'],
      count((r) => r.isWeakMfaOnly),
    );
    assert.equal(
      line.counts['staleMethodUsers'],
      count((r) => r.staleMethodCount > 0),
    );
    assert.equal(
      line.counts['adminsWithoutPhishingResistant'],
      count((r) => r.isAdmin && r.registeredStrength !== 'phishingResistant'),
    );
    const share = Math.round((count((r) => r.registeredStrength === 'phishingResistant') / rows.length) * 1000) / 10;
    assert.equal(line.coverage['phishingResistant'], share);
    // One state recorded (the capture day) and carried to today: no change over the window.
    assert.deepEqual(
      line.trend.days.map((d) => d.day),
      ['2026-11-20', '2026-11-21'],
    );
    assert.equal(line.trend.change['phishingResistant'], 0);
  });

  test('open alerts are counted per tenant: an admin-without-phishing-resistant rule opens one per such admin', async () => {
    const json = { ...admin, 'Content-Type': 'application/json' };
    const rule = await fetch(`${base}/admin/tenants/${PROTECTION_TENANT}/alertRules`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ kind: 'adminWithoutPhishingResistant', name: 'admins' }),
    });
    assert.equal(rule.status, 201, await rule.text());
    const evaluated = await fetch(`${base}/admin/tenants/${PROTECTION_TENANT}/alerts/evaluate`, { method: 'POST', headers: admin });
    assert.equal(evaluated.status, 200, await evaluated.text());
    const { body } = await get(`${base}/amr/v1/tenants/overview`, admin);
    const lines = new Map(body.value.map((l) => [l.tenantId, l as Line & { openAlertCount: number }]));
    const rows = [...expectedProtection(seeded, true).rows.values()];
    const admins = rows.filter((r) => r.isAdmin && r.registeredStrength !== 'phishingResistant').length;
    assert.ok(admins > 0, 'the seeded tenant has such admins');
    assert.equal(lines.get(PROTECTION_TENANT)!.openAlertCount, admins);
    assert.equal(lines.get(TENANT)!.openAlertCount, 0);
  });

  test('a token of an operator group sees it; any other token is refused with 403', async () => {
    const operator = await mintDevToken(key, { tenantId: TENANT, claims: { groups: ['x', OPERATORS] } }, clock);
    assert.equal((await get(`${base}/amr/v1/tenants/overview`, { authorization: `Bearer ${operator}` })).status, 200);
    const plain = await mintDevToken(key, { tenantId: TENANT }, clock);
    const refused = await get(`${base}/amr/v1/tenants/overview`, { authorization: `Bearer ${plain}` });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error!.message, /AMR_OPERATOR_GROUPS/);
    assert.equal((await get(`${base}/amr/v1/tenants/overview`, { 'X-Amr-Admin-Key': 'wrong-key-0123456789' })).status, 401);
    assert.equal((await get(`${base}/amr/v1/tenants/overview`, {})).status, 401);
  });

  test('pages by $top through @odata.nextLink; bad options are 400s naming them; other methods 405', async () => {
    const first = await get(`${base}/amr/v1/tenants/overview?$top=1&days=2`, admin);
    assert.equal(first.body.value.length, 1);
    const next = first.body['@odata.nextLink']!;
    assert.match(next, /days=2/);
    const second = await get(next, admin);
    assert.equal(second.body.value.length, 1);
    assert.equal(second.body['@odata.nextLink'], undefined);
    assert.notEqual(second.body.value[0]!.tenantId, first.body.value[0]!.tenantId);
    for (const q of ['days=0', '$top=201', 'groupBy=x', 'days=1&days=2', '$skiptoken=nope']) {
      const r = await get(`${base}/amr/v1/tenants/overview?${q}`, admin);
      assert.equal(r.status, 400, q);
    }
    assert.equal((await get(`${base}/amr/v1/tenants/overview`, admin, 'DELETE')).status, 405);
  });
});
