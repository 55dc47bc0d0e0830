// The sign-in append path of decision 0012: rows and rollup counters built once per record shape
// must equal deriveSignInFact and the reports' rollups record by record, and insertNew must count
// only the rows stored for the first time, on the writer thread as in-thread.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import type { AuthenticationStep, SignInRecord } from '../../reports/activity-model.js';
import { deriveSignInFact, mfaRollup, signInMethodRollup } from '../../reports/activity/index.js';
import { signIn } from '../../reports/activity/test-records.js';
import { openStore } from '../open-store.js';
import { appendSignIns, prepareSignIns } from './activity-writer.js';
import { storeBothWays } from '../../test-support/insert-new-paths.js';
import { readRows } from '../../test-support/read-rows.js';
import { testDatabase, testDatabaseFile } from '../../test-support/test-db.js';
import { forEachRow } from '../sqlite/insert-new.js';
import { signInBatch } from './signin-rollups.js';
import type { NewRowCounters } from './new-rows.js';

const T = '0b5e1c3a-7a7d-4d65-9f6e-2a1f0c9d8e7b';

// Logged strings from the vocabulary file and the sign-in samples, plus case and space variants
// and strings no rule knows, so every branch of the method and requirement rules is reached.
const METHODS = [
  'Password',
  'password ',
  'Text message',
  'Mobile app notification',
  'OATH verification code',
  'Phone call',
  'Previously satisfied',
  'FIDO2 security key',
  'Passkey (device-bound)',
  'Windows Hello for Business',
  'Something new',
];
const DETAILS = [null, '', '+1 425 555 0100', 'Office phone', 'Alternate mobile phone'];
const RESULTS = [
  null,
  '',
  'MFA successfully completed',
  'MFA requirement satisfied by claim in the token',
  'MFA requirement satisfied by claim provided by external provider',
  'Correct password',
];
const REQUIREMENTS = [null, '', 'Primary authentication', 'MFA', ' primary authentication'];
const TIMES = ['2026-11-20T08:00:00.000Z', '2026-11-20T08:59:59.999Z', '2026-11-20T09:00:00.000Z', '2026-11-21T00:00:00.000Z'];

const stepArb: fc.Arbitrary<AuthenticationStep> = fc.record({
  stepDateTime: fc.constantFrom(null, ...TIMES),
  method: fc.constantFrom(...METHODS),
  methodDetail: fc.constantFrom(...DETAILS),
  succeeded: fc.constantFrom(true, false, null),
  resultDetail: fc.constantFrom(...RESULTS),
  requirement: fc.constantFrom(...REQUIREMENTS),
});

const recordArb: fc.Arbitrary<SignInRecord> = fc.record({
  id: fc.constantFrom('s1', 's2', 's3', 's4', 's5', 's6'),
  tenantId: fc.constantFrom(T, null),
  createdDateTime: fc.constantFrom(...TIMES),
  userId: fc.constantFrom('u1', 'u2', ''),
  userPrincipalName: fc.constantFrom('a@contoso.com', ''),
  userDisplayName: fc.constantFrom('A', ''),
  userType: fc.constantFrom('member' as const, 'guest' as const, null),
  isInteractive: fc.boolean(),
  errorCode: fc.constantFrom(0, 50126, 500121),
  failureReason: fc.constantFrom('', 'Invalid username or password.'),
  authenticationRequirement: fc.constantFrom('', 'singleFactorAuthentication', 'multiFactorAuthentication', ' MultiFactorAuthentication', 'other'),
  conditionalAccessStatus: fc.constantFrom(null, 'success', 'notApplied'),
  authenticationDetails: fc.array(stepArb, { maxLength: 4 }),
});

/** What the counters add up to when every row is new: per table, the non-zero counts by key. */
function applied(c: NewRowCounters, rows: number): Map<string, number[]> {
  const width = c.add.length;
  const cells = new Array<number>(c.keys.length * width).fill(0);
  for (let i = 0; i < rows; i++) for (let j = c.offsets[i]!; j < c.offsets[i + 1]!; j++) cells[c.bumps[j]!]! += 1;
  const out = new Map<string, number[]>();
  c.keys.forEach((k, at) => {
    const counts = cells.slice(at * width, (at + 1) * width);
    if (counts.some((n) => n !== 0)) out.set(JSON.stringify(k.slice(1)), counts);
  });
  return out;
}

test('rows and counters built by shape equal deriveSignInFact and the rollups, record by record', () => {
  fc.assert(
    fc.property(fc.array(recordArb, { maxLength: 30 }), (records) => {
      const { columns, counters } = signInBatch(7, records);
      const rows: unknown[][] = [];
      forEachRow(columns, records.length, (row) => rows.push([...row]));
      const facts = records.map(deriveSignInFact);
      assert.deepEqual(
        rows,
        facts.map((f) => [7, f.id, f.createdDateTime, f.userId, f.isInteractive ? 1 : 0, f.isSuccess ? 1 : 0, f.requirement, JSON.stringify(f.methods)]),
      );
      const [methods, days] = counters;
      assert.deepEqual(
        applied(methods!, records.length),
        new Map(signInMethodRollup(facts).map((r) => [JSON.stringify([r.hour, r.method]), [r.success, r.failure]])),
      );
      assert.deepEqual(
        applied(days!, records.length),
        new Map(mfaRollup(facts).map((r) => [JSON.stringify([r.day]), [r.singleFactor, r.multiFactor, r.unclassified]])),
      );
    }),
    { numRuns: 300 },
  );
});

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-signins-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What a database holds (read on a connection of its own: a file on SQLite). */
async function rollups(db: string): Promise<unknown[]> {
  return [
    await readRows(db, 'select hour, method, success, failure from signin_method_hours order by 1, 2'),
    await readRows(db, 'select day, single_factor, multi_factor, unclassified from signin_days order by 1'),
    await readRows(db, 'select id, created_at, user_id, is_interactive, is_success, requirement, methods_json from signin_facts order by id'),
  ];
}

test('repeats within a batch and across batches count once, on the writer thread and in-thread', async () => {
  const records = fc.sample(recordArb, { seed: 42, numRuns: 400 }).map((r, i) => ({ ...r, id: `s-${i % 150}` }));
  // What one clean import stores: the first record of each id.
  const seen = new Set<string>();
  const clean = records.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));

  const cleanFile = await testDatabaseFile(dir, 'clean.db');
  const splitFile = await testDatabaseFile(dir, 'split.db');
  const store = await openStore({ db: cleanFile });
  const split = await openStore({ db: splitFile });
  const memory = await openStore({ db: await testDatabase() });
  try {
    await store.appendActivity(T, { audits: [], signIns: clean });
    let added = 0;
    for (let i = 0; i < records.length; i += 90) {
      const s = await split.appendActivity(T, { audits: [], signIns: records.slice(i, i + 90) });
      added += s.newSignIns;
      assert.equal(s.newSignIns + s.duplicateSignIns, records.slice(i, i + 90).length);
    }
    assert.equal(added, clean.length);
    const again = await split.appendActivity(T, { audits: [], signIns: records });
    assert.deepEqual([again.newSignIns, again.duplicateSignIns], [0, records.length]);
    const inThread = await memory.appendActivity(T, { audits: [], signIns: records });
    assert.deepEqual([inThread.newSignIns, inThread.duplicateSignIns], [clean.length, records.length - clean.length]);
  } finally {
    await store.close();
    await split.close();
    await memory.close();
  }
  assert.deepEqual(await rollups(splitFile), await rollups(cleanFile));
  const [methodHours] = (await rollups(cleanFile)) as [{ success: number; failure: number }[]];
  assert.ok(methodHours.length > 0);
});

// SQLite only, whatever AMR_TEST_STORE says: another process's write lock and the writer thread's
// BEGIN that finds it are SQLite's machinery (PostgreSQL writers wait on row and advisory locks).
test('a write transaction whose BEGIN fails stores nothing; the store stays usable', { timeout: 30_000 }, async () => {
  const file = join(dir, 'busy.db');
  const store = await openStore({ db: file });
  const other = new Database(file);
  try {
    await store.appendActivity(T, { audits: [], signIns: [signIn({ id: 'first', tenantId: T })] });
    // Another process holds the write lock past the writer's busy timeout.
    other.exec('BEGIN IMMEDIATE');
    await assert.rejects(store.appendActivity(T, { audits: [], signIns: [signIn({ id: 'second', tenantId: T })] }), /locked|busy/i);
    other.exec('ROLLBACK');
    const facts = async () => ((await rollups(file))[2] as { id: string }[]).map((r) => r.id);
    assert.deepEqual(await facts(), ['first']);
    await store.appendActivity(T, { audits: [], signIns: [signIn({ id: 'third', tenantId: T })] });
    assert.deepEqual(await facts(), ['first', 'third']);
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    await store.close();
  }
});

test('an executor without insertNew (a future engine) stores the same facts and rollups by looking ids up first', async () => {
  const records = fc.sample(recordArb, { seed: 7, numRuns: 300 }).map((r, i) => ({ ...r, id: `s-${i % 120}` }));
  const { direct, fallback } = await storeBothWays(
    records,
    70,
    new Date('2026-11-20T12:00:00Z'),
    (tx, qb, batch) => appendSignIns(tx, qb, prepareSignIns(1, batch)),
    [
      'select hour, method, success, failure from signin_method_hours order by 1, 2',
      'select day, single_factor, multi_factor, unclassified from signin_days order by 1',
      'select id, created_at, user_id, is_interactive, is_success, requirement, methods_json from signin_facts order by id',
    ],
  );
  assert.deepEqual(fallback, direct);
  assert.equal(
    (fallback[0] as { newSignIns: number }[]).reduce((a, b) => a + b.newSignIns, 0),
    120,
  );
});
