// Where a test's store lives. `npm test` runs on SQLite; with AMR_TEST_STORE=postgres (.ci/run's
// second pass) every test that asks here runs on a fresh database of a throwaway PostgreSQL
// cluster instead, so the whole suite passes on both stores (issue 13).
import { join } from 'node:path';
import { testCluster, SKIP_NOTICE } from './postgres-cluster.js';

/** True when this test run puts its stores on PostgreSQL. */
export function onPostgres(): boolean {
  return process.env['AMR_TEST_STORE'] === 'postgres';
}

async function postgresDatabase(migrated: boolean): Promise<string> {
  const cluster = testCluster();
  if (cluster === null) throw new Error(`AMR_TEST_STORE=postgres, but ${SKIP_NOTICE}`);
  return (await cluster).createDatabase(undefined, { migrated });
}

/**
 * A new database for one test: ':memory:' on SQLite, a fresh database on PostgreSQL. Its data is
 * empty; on PostgreSQL its schema is already the latest (a copy of the cluster's migrated
 * template: migrating each took a second), so opening it applies no migration.
 */
export async function testDatabase(): Promise<string> {
  return onPostgres() ? postgresDatabase(true) : ':memory:';
}

/** Like testDatabase, for tests that need a file (several connections or processes): `dir/name` on SQLite. */
export async function testDatabaseFile(dir: string, name = 'amr.db'): Promise<string> {
  return onPostgres() ? postgresDatabase(true) : join(dir, name);
}

/** Like testDatabase, without even amr's schema: for tests of the migrations themselves. */
export async function testEmptyDatabase(): Promise<string> {
  return onPostgres() ? postgresDatabase(false) : ':memory:';
}

/** A store a contract test runs on: its name, and new databases on it (as testDatabase gives them). */
export interface ContractStore {
  readonly name: 'sqlite' | 'postgres';
  /** A new database: ':memory:' on SQLite. */
  db(): Promise<string>;
  /** A new database another connection can open too: a file in `dir` on SQLite. */
  file(dir: string, name: string): Promise<string>;
  /** A new database without amr's schema, for the migrations' own tests. */
  empty(): Promise<string>;
}

/**
 * The stores a contract test runs on, whatever AMR_TEST_STORE says: SQLite always, and
 * PostgreSQL unless it is not installed here (then skipped, loudly; never in CI).
 */
export async function contractStores(): Promise<readonly ContractStore[]> {
  const sqlite: ContractStore = { name: 'sqlite', db: async () => ':memory:', file: async (dir, name) => join(dir, name), empty: async () => ':memory:' };
  const cluster = testCluster();
  if (cluster === null) {
    console.warn(SKIP_NOTICE);
    return [sqlite];
  }
  const fresh = async (): Promise<string> => (await cluster).createDatabase(undefined, { migrated: true });
  return [sqlite, { name: 'postgres', db: fresh, file: fresh, empty: async () => (await cluster).createDatabase() }];
}
