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

/**
 * The stores a contract test runs on, whatever AMR_TEST_STORE says: SQLite always, and
 * PostgreSQL unless it is not installed here (then skipped, loudly; never in CI).
 */
export async function contractStores(): Promise<readonly { readonly name: 'sqlite' | 'postgres'; readonly db: () => Promise<string> }[]> {
  const cluster = testCluster();
  if (cluster === null) {
    console.warn(SKIP_NOTICE);
    return [{ name: 'sqlite', db: async () => ':memory:' }];
  }
  return [
    { name: 'sqlite', db: async () => ':memory:' },
    { name: 'postgres', db: async () => (await cluster).createDatabase() },
  ];
}
