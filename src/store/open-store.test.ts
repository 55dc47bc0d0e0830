// --db / AMR_DB: a file path for SQLite or a postgres:// URL; anything else is refused by name
// before anything is created (a postgres:// value once became a SQLite file under ./postgres:/, issue 13).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseLocationError, databaseLocation, openStore, redactUrl } from './open-store.js';

test('other URLs, database-less URLs and empty values are refused naming the value and the option; paths and postgres URLs pass', () => {
  for (const [db, reason] of [
    ['postgres://amr@localhost:5432', /names no database/],
    ['postgresql://h/', /names no database/],
    ['mysql://h/db', /is a mysql: URL: give a file path for SQLite/],
    ['file:./data/amr.db', /is a file: URL/],
    ['', /is empty/],
    ['   ', /is empty/],
  ] as const) {
    assert.throws(
      () => databaseLocation(db),
      (e: unknown) => e instanceof DatabaseLocationError && reason.test(e.message) && e.message.includes('(--db or AMR_DB)'),
      db,
    );
  }
  for (const path of ['./data/amr.db', 'amr.db', '/var/lib/amr/amr.db', ':memory:', 'C:\\data\\amr.db', 'data/with:colon.db']) {
    assert.deepEqual(databaseLocation(path), { kind: 'sqlite', path });
  }
  for (const url of [
    'postgres://amr@localhost:5432/amr',
    'postgresql://h/db',
    'POSTGRES://u:p@h/db?sslmode=require',
    'postgres:///amr?host=/var/run/postgresql',
  ]) {
    assert.deepEqual(databaseLocation(url), { kind: 'postgres', url });
  }
});

test('a password in a URL never reaches a message', () => {
  assert.equal(redactUrl('postgres://amr:s3cret@db:5432/amr'), 'postgres://amr:***@db:5432/amr');
  assert.throws(
    () => databaseLocation('postgres://amr:s3cret@db:5432'),
    (e: Error) => !e.message.includes('s3cret'),
  );
});

test('openStore of an unreachable postgres:// URL creates nothing and says it cannot connect', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'amr-db-location-'));
  const cwd = process.cwd();
  try {
    process.chdir(dir);
    // Port 1 on loopback: nothing listens there.
    await assert.rejects(
      openStore({ db: 'postgres://amr:pw@127.0.0.1:1/amr' }),
      (e: Error) => /cannot connect to PostgreSQL/.test(e.message) && !e.message.includes(':pw@'),
    );
    assert.equal(existsSync(join(dir, 'postgres:')), false);
    assert.equal(existsSync(join(dir, 'data')), false);
  } finally {
    process.chdir(cwd);
    await rm(dir, { recursive: true, force: true });
  }
});
