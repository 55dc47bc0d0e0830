// The activity append path: idempotent by source id, reset sessions that span batches, tenants
// created on first activity.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../open-store.js';
import { storeBothWays } from '../../test-support/insert-new-paths.js';
import { readRows } from '../../test-support/read-rows.js';
import { testDatabase, testDatabaseFile } from '../../test-support/test-db.js';
import { audit, registered, signIn, ssprStep, step } from '../../reports/activity/test-records.js';
import { prng } from '../../util/prng.js';
import type { AuditRecord } from '../../reports/activity-model.js';
import { appendAudits, prepareAudits } from './activity-writer.js';

const T = '0b5e1c3a-7a7d-4d65-9f6e-2a1f0c9d8e7b';
const NOW = new Date('2026-11-20T12:00:00Z');

// A self-service reset session (vocabulary ssprFlowProgress_observed strings): SMS passes, email is
// started and never completed.
const session = [
  ssprStep('s1', 0, 'User submitted their user ID', { correlationId: 'sess-1', tenantId: T }),
  ssprStep('s2', 1, 'User started the mobile SMS verification option', { correlationId: 'sess-1', tenantId: T }),
  ssprStep('s3', 2, 'User completed the mobile SMS verification option', { correlationId: 'sess-1', tenantId: T }),
  ssprStep('s4', 3, 'User started the email verification option', { correlationId: 'sess-1', tenantId: T }),
];

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-activity-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Rows read from the database itself (a file on SQLite), to compare what two stores hold.
const events = (db: string) =>
  readRows<{ auth_method: string; is_success: number }>(db, 'select auth_method, is_success from activity_events order by auth_method');
const rollup = (db: string) =>
  readRows<Record<string, unknown>>(
    db,
    'select hour, feature, auth_method, success, failure from activity_hours where success <> 0 or failure <> 0 order by 1, 2, 3',
  );

test('a reset session split across batches gives the same attempts as one batch; re-imports add nothing', async () => {
  const wholeFile = await testDatabaseFile(dir, 'whole.db');
  const splitFile = await testDatabaseFile(dir, 'split.db');
  const whole = await openStore({ db: wholeFile, now: () => NOW });
  const split = await openStore({ db: splitFile, now: () => NOW });
  try {
    await whole.appendActivity(T, { audits: session, signIns: [] });
    await split.appendActivity(T, { audits: session.slice(0, 2), signIns: [] });
    const second = await split.appendActivity(T, { audits: session.slice(1), signIns: [] });
    assert.equal(second.duplicateAudits, 1);
    assert.equal(second.newAudits, 2);
    assert.deepEqual(await events(splitFile), await events(wholeFile));
    // The split store re-derived the session: its rollup took the old attempt out and added the new ones.
    assert.deepEqual(await rollup(splitFile), await rollup(wholeFile));
    assert.equal((await rollup(wholeFile)).length, 2);
    assert.deepEqual(
      (await events(wholeFile)).map((e) => [e.auth_method, e.is_success]),
      [
        ['email', 0],
        ['sms', 1],
      ],
    );
    const again = await whole.appendActivity(T, { audits: session, signIns: [] });
    assert.deepEqual([again.newAudits, again.duplicateAudits], [0, 4]);
    assert.equal((await events(wholeFile)).length, 2);
  } finally {
    await whole.close();
    await split.close();
  }
});

test('registrations and sign-ins are stored once; the tenant is created on first activity', async () => {
  const store = await openStore({ db: await testDatabase(), now: () => NOW });
  try {
    const reg = registered('r1', 'User registered Authenticator app.', { tenantId: T });
    const s = signIn({ id: 'si1', tenantId: T, authenticationDetails: [step('Password')] });
    const first = await store.appendActivity(T, { audits: [reg, reg], signIns: [s, s] });
    assert.deepEqual([first.newAudits, first.duplicateAudits, first.newSignIns, first.duplicateSignIns, first.registrationEvents], [1, 1, 1, 1, 1]);
    const tenant = await store.getTenant(T);
    assert.equal(tenant?.license, 'P1');
    assert.equal(tenant?.currentGeneration, null);
    const again = await store.appendActivity(T, { audits: [reg], signIns: [s] });
    assert.deepEqual([again.newAudits, again.newSignIns, again.registrationEvents], [0, 0, 0]);
  } finally {
    await store.close();
  }
});

test('many reset sessions in a batch, some without a correlationId, are re-derived together as one at a time', async () => {
  // Three correlated sessions interleaved, and two flow rows with no correlationId (each a session of its own).
  const reasons = [
    'User submitted their user ID',
    'User started the mobile SMS verification option',
    'User completed the mobile SMS verification option',
    'User started the email verification option',
  ];
  const rows = [];
  for (let i = 0; i < 12; i++) rows.push(ssprStep(`m${i}`, i, reasons[i % 4]!, { correlationId: `sess-${i % 3}`, tenantId: T }));
  rows.push(ssprStep('own-1', 20, 'User started the email verification option', { correlationId: null, tenantId: T }));
  rows.push(ssprStep('own-2', 21, 'User started the mobile SMS verification option', { correlationId: null, tenantId: T }));
  const wholeFile = await testDatabaseFile(dir, 'sessions-whole.db');
  const singlesFile = await testDatabaseFile(dir, 'sessions-singles.db');
  const whole = await openStore({ db: wholeFile, now: () => NOW });
  const singles = await openStore({ db: singlesFile, now: () => NOW });
  try {
    const all = await whole.appendActivity(T, { audits: rows, signIns: [] });
    let resets = 0;
    for (const r of rows) resets = (await singles.appendActivity(T, { audits: [r], signIns: [] })).resetEvents;
    assert.ok(all.resetEvents > 3);
    assert.ok(resets > 0);
    const sessions = (file: string) =>
      readRows<Record<string, unknown>>(file, 'select session_id, auth_method, is_success, event_at from activity_events order by 1, 2, 3, 4');
    assert.deepEqual(await sessions(singlesFile), await sessions(wholeFile));
    assert.deepEqual(await rollup(singlesFile), await rollup(wholeFile));
    assert.ok((await sessions(wholeFile)).some((e) => e['session_id'] === 'record:own-1'));
    // Everything again in one batch: nothing new, nothing changed.
    const again = await singles.appendActivity(T, { audits: rows, signIns: [] });
    assert.deepEqual([again.newAudits, again.resetEvents], [0, 0]);
    assert.deepEqual(await rollup(singlesFile), await rollup(wholeFile));
  } finally {
    await whole.close();
    await singles.close();
  }
});

/**
 * A month of a tenant's audit rows in random order: registrations (one reason no rule maps),
 * password events of every kind, reset flows whose rows are far apart, rows no rule reads, and ids
 * repeated (a re-import or overlapping export inside the stream).
 */
function auditStream(seed: number, count: number): AuditRecord[] {
  const random = prng(seed);
  const pick = <X>(xs: readonly X[]): X => xs[Math.floor(random() * xs.length)]!;
  const at = () => new Date(Date.UTC(2026, 10, 1) + Math.floor(random() * 30 * 86_400_000)).toISOString();
  const result = (): AuditRecord['result'] => (random() < 0.2 ? 'failure' : 'success');
  const reasons = ['User registered Authenticator app.', 'User registered Email.', 'User registered Phone.', 'User registered something new'];
  const passwords = ['Reset password (by admin)', 'Reset password (self-service)', 'Change password (self-service)', 'Unlock user account (self-service)'];
  const flow = [
    'User submitted their user ID',
    'User started the mobile SMS verification option',
    'User completed the mobile SMS verification option',
    'User started the email verification option',
    'User completed the email verification option',
  ];
  const rows: AuditRecord[] = [];
  for (let i = 0; i < count; i++) {
    const id = `a-${random() < 0.1 ? Math.floor(random() * Math.max(1, i)) : i}`;
    const kind = random();
    if (kind < 0.4) rows.push(registered(id, pick(reasons), { tenantId: T, activityDateTime: at(), result: result() }));
    else if (kind < 0.6)
      rows.push(
        audit({
          id,
          tenantId: T,
          loggedByService: 'Self-service Password Management',
          activityDisplayName: pick(passwords),
          activityDateTime: at(),
          result: result(),
        }),
      );
    else if (kind < 0.9)
      rows.push(
        ssprStep(id, Math.floor(random() * 60), pick(flow), { tenantId: T, correlationId: random() < 0.1 ? null : `sess-${Math.floor(random() * 25)}` }),
      );
    else rows.push(audit({ id, tenantId: T, activityDateTime: at() }));
  }
  return rows;
}

test('audits stored in one request (insertNew) store what looking ids up first stores, batch by batch', async () => {
  const rows = auditStream(11, 900);
  const { direct, fallback } = await storeBothWays(rows, 80, NOW, (tx, qb, batch) => appendAudits(tx, qb, prepareAudits(1, batch)), [
    'select id, activity_at, activity_name, correlation_id, record_json from audit_records order by id',
    'select id, feature, user_id, user_principal_name, upn_key, user_display_name, name_key, event_at, auth_method, is_success, failure_reason, session_id from activity_events order by id',
    'select id, kind, user_id, event_at, is_success from password_events order by id',
    'select hour, feature, auth_method, success, failure from activity_hours where success <> 0 or failure <> 0 order by 1, 2, 3',
    'select day, kind, success, failure from password_days order by 1, 2',
  ]);
  assert.deepEqual(direct, fallback);
  // The stream reaches every kind of row, and repeats.
  const totals = (direct[0] as Record<string, number>[]).reduce(
    (t, c) => {
      for (const [k, v] of Object.entries(c)) t[k] = (t[k] ?? 0) + v;
      return t;
    },
    {} as Record<string, number>,
  );
  for (const k of ['newAudits', 'duplicateAudits', 'registrationEvents', 'resetEvents', 'passwordEvents']) assert.ok(totals[k]! > 0, k);
  assert.equal(totals['newAudits']! + totals['duplicateAudits']!, rows.length);
});

test('audits appended on the writer thread store what one in-thread append of them all stores', async () => {
  const rows = auditStream(12, 600);
  const file = await testDatabaseFile(dir, 'audits-thread.db');
  const thread = await openStore({ db: file, now: () => NOW });
  const memory = await openStore({ db: await testDatabase(), now: () => NOW });
  try {
    let added = 0;
    for (let i = 0; i < rows.length; i += 50) added += (await thread.appendActivity(T, { audits: rows.slice(i, i + 50), signIns: [] })).newAudits;
    const whole = await memory.appendActivity(T, { audits: rows, signIns: [] });
    assert.equal(added, whole.newAudits);
    const again = await thread.appendActivity(T, { audits: rows, signIns: [] });
    assert.deepEqual([again.newAudits, again.registrationEvents, again.resetEvents, again.passwordEvents], [0, 0, 0, 0]);
  } finally {
    await thread.close();
    await memory.close();
  }
  const written = await rollup(file);
  assert.ok(written.length > 10);
  assert.ok((await events(file)).length > 100);
});
