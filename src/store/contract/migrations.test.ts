// Store contract (issue 13 §7), on SQLite and PostgreSQL alike: migrations are applied once, in
// one transaction; opening the database again applies nothing and keeps what it holds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { signIn } from '../../reports/activity/test-records.js';
import { openEngine, openStore } from '../open-store.js';
import { LATEST_MIGRATION, MIGRATIONS, migrate } from '../sql/migrations.js';
import { contractStores } from '../../test-support/test-db.js';

const T = '0b5e1c3a-7a7d-4d65-9f6e-2a1f0c9d8e7b';
const NOW = new Date('2026-11-20T12:00:00Z');

for (const contract of await contractStores()) {
  describe(`store contract on ${contract.name}: migrations`, () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'amr-contract-migrations-'));
    });
    after(() => rm(dir, { recursive: true, force: true }));

    test('every migration is applied once; again, none is', async () => {
      const engine = await openEngine(await contract.empty());
      try {
        assert.deepEqual(
          await migrate(engine, () => NOW),
          MIGRATIONS.map((m) => m.version),
        );
        assert.deepEqual(await migrate(engine, () => NOW), []);
        const rows = await engine.reader.all(
          sql<{ version: number; applied_at: string }>`select version, applied_at from amr_migrations order by version`.compile(engine.qb),
        );
        assert.deepEqual(
          rows,
          MIGRATIONS.map((m) => ({ version: m.version, applied_at: NOW.toISOString() })),
        );
        if (engine.dialect === 'postgres') {
          // amr's order is byte order whatever the database's collation (this cluster's is en-US).
          const other = await engine.reader.all(
            sql<{ n: number }>`select count(*) as n from information_schema.columns
            where table_schema = current_schema() and data_type = 'text' and coalesce(collation_name, '') <> 'C'
              and table_name <> 'amr_migrations'`.compile(engine.qb),
          );
          assert.equal(other[0]?.n, 0, 'every text column of amr\'s tables is COLLATE "C"');
        }
      } finally {
        await engine.close();
      }
    });

    test('opening the database again applies nothing and keeps its data', async () => {
      // Empty on PostgreSQL too: the first opening migrates, the second finds it done.
      const db = contract.name === 'sqlite' ? await contract.file(dir, 'reopen.db') : await contract.empty();
      const first = await openStore({ db, now: () => NOW });
      try {
        assert.equal(await first.schemaVersion(), LATEST_MIGRATION);
        await first.appendActivity(T, { audits: [], signIns: [signIn({ id: 's1', tenantId: T })] });
        await first.getOrCreateSetting('contract', () => 'kept');
      } finally {
        await first.close();
      }
      const later = new Date(NOW.getTime() + 86_400_000);
      const again = await openStore({ db, now: () => later });
      try {
        assert.deepEqual(await again.readiness(), { schemaVersion: LATEST_MIGRATION, expectedSchemaVersion: LATEST_MIGRATION });
        assert.equal(await again.getOrCreateSetting('contract', () => 'made again'), 'kept');
        assert.deepEqual((await again.appendActivity(T, { audits: [], signIns: [signIn({ id: 's1', tenantId: T })] })).duplicateSignIns, 1);
      } finally {
        await again.close();
      }
      const engine = await openEngine(db);
      try {
        const rows = await engine.reader.all(sql<{ applied_at: string }>`select applied_at from amr_migrations`.compile(engine.qb));
        assert.equal(rows.length, MIGRATIONS.length);
        assert.ok(
          rows.every((r) => r.applied_at === NOW.toISOString()),
          'the second opening applied nothing',
        );
      } finally {
        await engine.close();
      }
    });
  });
}
