// Where a test's store lives. `npm test` runs on SQLite; with AMR_TEST_STORE=postgres (.ci/run's
// second pass) every test that asks here runs on a fresh database of a throwaway PostgreSQL
// cluster instead, so the whole suite passes on both stores (issue 13).
import { join } from 'node:path';
import { testCluster, SKIP_NOTICE } from './postgres-cluster.js';

/** True when this test run puts its stores on PostgreSQL. */
export function onPostgres(): boolean {
  return process.env['AMR_TEST_STORE'] === 'postgres';
}

async function postgresDatabase(): Promise<string> {
  const cluster = testCluster();
  if (cluster === null) throw new Error(`AMR_TEST_STORE=postgres, but ${SKIP_NOTICE}`);
  return (await cluster).createDatabase();
}

/** A new empty database for one test: ':memory:' on SQLite, a fresh database on PostgreSQL. */
export async function testDatabase(): Promise<string> {
  return onPostgres() ? postgresDatabase() : ':memory:';
}

/** Like testDatabase, for tests that need a file (several connections or processes): `dir/name` on SQLite. */
export async function testDatabaseFile(dir: string, name = 'amr.db'): Promise<string> {
  return onPostgres() ? postgresDatabase() : join(dir, name);
}

/** A store a contract test runs on: its name, and new empty databases on it. */
export interface ContractStore {
  readonly name: 'sqlite' | 'postgres';
  /** A new empty database: ':memory:' on SQLite. */
  db(): Promise<string>;
  /** A new empty database another connection can open too: a file in `dir` on SQLite. */
  file(dir: string, name: string): Promise<string>;
}

/**
 * The stores a contract test runs on, whatever AMR_TEST_STORE says: SQLite always, and
 * PostgreSQL unless it is not installed here (then skipped, loudly; never in CI).
 */
export async function contractStores(): Promise<readonly ContractStore[]> {
  const sqlite: ContractStore = { name: 'sqlite', db: async () => ':memory:', file: async (dir, name) => join(dir, name) };
  const cluster = testCluster();
  if (cluster === null) {
    console.warn(SKIP_NOTICE);
    return [sqlite];
  }
  const fresh = async (): Promise<string> => (await cluster).createDatabase();
  return [sqlite, { name: 'postgres', db: fresh, file: fresh }];
}
