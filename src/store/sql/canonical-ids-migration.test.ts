// Migration 5 (decision 0055) on rows stored before ids were canonical: GUIDs lower-cased, other
// ids kept, and rows whose lower-cased key another row already has left as they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openEngine } from '../open-store.js';
import { testEmptyDatabase } from '../../test-support/test-db.js';
import { LATEST_MIGRATION, migrate } from './migrations.js';
import { canonicalIdStatements } from './canonical-ids-migration.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const USER_COLUMNS = [
  'tenant_key',
  'id',
  'user_principal_name',
  'display_name',
  'user_type',
  'account_enabled',
  'deleted',
  'methods_json',
  'sign_in_preferences_json',
  'security_questions',
  'properties_json',
];
const A = 'AAAAAAAA-0000-0000-0000-00000000000A';
const B = 'BBBBBBBB-0000-0000-0000-00000000000B';
const C = 'CCCCCCCC-0000-0000-0000-00000000000C';

test('migration 5 lower-cases stored GUID ids, keeps other ids, and never gives two rows one key', async () => {
  const engine = await openEngine(await testEmptyDatabase());
  try {
    assert.deepEqual((await migrate(engine, () => NOW)).slice(0, 5), [1, 2, 3, 4, 5]);
    assert.ok(LATEST_MIGRATION >= 5);
    const user = (tenant: number, id: string) => [tenant, id, `${id}@x`, id, 'member', 1, 0, '[]', null, 0, '{}'];
    await engine.writeTransaction(async (tx) => {
      await tx.insertMany('users', USER_COLUMNS, [
        user(1, A), // alone: lower-cased
        user(1, B),
        user(1, B.toLowerCase()), // its lower-case twin is stored: both stay
        user(1, C),
        user(1, 'CcCcCcCc-0000-0000-0000-00000000000c'), // two other spellings of one id: both stay
        user(1, 'Alice'),
        user(1, `{${A}}`), // not GUIDs: kept
        user(2, B), // another tenant's: lower-cased
      ]);
      await tx.insertMany('group_members', ['tenant_key', 'group_id', 'member_kind', 'member_id', 'seq'], [[1, 'G-1', 'user', A, 0]]);
      await tx.insertMany(
        'activity_events',
        [
          'tenant_key',
          'id',
          'feature',
          'user_id',
          'user_principal_name',
          'upn_key',
          'user_display_name',
          'name_key',
          'event_at',
          'auth_method',
          'is_success',
          'failure_reason',
          'session_id',
        ],
        [
          [1, 'e1', 'reset', A, 'a', 'a', 'a', 'a', '2026-11-20T00:00:00.000Z', 'email', 1, '', C],
          [1, 'e2', 'reset', null, 'a', 'a', 'a', 'a', '2026-11-20T00:00:00.000Z', 'email', 1, '', `record:${A}`],
        ],
      );
      for (const s of canonicalIdStatements(engine.qb)) await tx.run(s);
    });
    const users = await engine.reader.all(sql<{ tenant_key: number; id: string }>`select tenant_key, id from users order by tenant_key, id`.compile(engine.qb));
    assert.deepEqual(
      users.map((u) => `${u.tenant_key} ${u.id}`),
      [
        '1 Alice',
        `1 ${B}`,
        `1 ${C}`,
        '1 CcCcCcCc-0000-0000-0000-00000000000c',
        `1 ${A.toLowerCase()}`,
        `1 ${B.toLowerCase()}`,
        `1 {${A}}`,
        `2 ${B.toLowerCase()}`,
      ],
    );
    const member = await engine.reader.arrays(sql`select group_id, member_id from group_members`.compile(engine.qb));
    assert.deepEqual(member, [['G-1', A.toLowerCase()]]);
    const events = await engine.reader.arrays(sql`select user_id, session_id from activity_events order by id`.compile(engine.qb));
    assert.deepEqual(events, [
      [A.toLowerCase(), C.toLowerCase()],
      [null, `record:${A}`],
    ]);
  } finally {
    await engine.close();
  }
});
