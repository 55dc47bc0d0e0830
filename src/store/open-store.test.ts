// --db / AMR_DB: a file path for SQLite; a URL is refused by name before anything is created
// (a postgres:// value once became a SQLite file under ./postgres:/, issue 13).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseLocationError, openStore, sqlitePathOf } from './open-store.js';

test('URLs and empty values are refused naming the value and the option; paths pass', () => {
  for (const [db, reason] of [
    ['postgres://amr@localhost:5432/amr', /is a PostgreSQL URL, which this build cannot open yet/],
    ['postgresql://h/db', /is a PostgreSQL URL/],
    ['POSTGRES://h/db', /is a PostgreSQL URL/],
    ['mysql://h/db', /is a mysql: URL: give a file path for SQLite/],
    ['file:./data/amr.db', /is a file: URL/],
    ['', /is empty/],
    ['   ', /is empty/],
  ] as const) {
    assert.throws(() => sqlitePathOf(db), (e: unknown) => e instanceof DatabaseLocationError && reason.test(e.message) && e.message.includes('(--db or AMR_DB)'), db);
  }
  for (const path of ['./data/amr.db', 'amr.db', '/var/lib/amr/amr.db', ':memory:', 'C:\\data\\amr.db', 'data/with:colon.db']) assert.equal(sqlitePathOf(path), path);
});

test('openStore of a postgres:// URL creates nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'amr-db-location-'));
  const cwd = process.cwd();
  try {
    process.chdir(dir);
    await assert.rejects(openStore({ db: 'postgres://amr@localhost/amr' }), DatabaseLocationError);
    assert.equal(existsSync(join(dir, 'postgres:')), false);
  } finally {
    process.chdir(cwd);
    await rm(dir, { recursive: true, force: true });
  }
});
