// amr's order is byte order (SQLite's, and the order $orderby and keyset paging compare in, decision
// 0047). PostgreSQL orders text by the database's collation unless told otherwise: en_US would sort
// 'Zoe' before 'adam' differently from SQLite and from the evaluator. Every text column of amr's
// tables is therefore COLLATE "C" (byte order for UTF-8), whatever the database's default.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { TABLES, type DB } from '../schema.js';
import type { SqlExecutor } from '../sql/executor.js';

/**
 * Makes every text column of amr's tables (and no other table of the schema) COLLATE "C"; cheap on
 * empty tables (migrations). `tables`: other tables that must compare like amr's (tests).
 */
export async function textColumnsInByteOrder(tx: SqlExecutor, qb: Kysely<DB>, tables: readonly string[] = TABLES): Promise<void> {
  const columns = await tx.all<{ table_name: string; column_name: string }>(
    sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and data_type = 'text' and coalesce(collation_name, '') <> 'C'
      and table_name in (${sql.join(tables.map((t) => sql.lit(t)))})
    order by table_name, ordinal_position`.compile(qb),
  );
  const byTable = new Map<string, string[]>();
  for (const c of columns) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name]);
  for (const [table, names] of byTable) {
    const alters = names.map((n) => sql`alter column ${sql.ref(n)} type text collate "C"`);
    await tx.run(sql`alter table ${sql.table(table)} ${sql.join(alters)}`.compile(qb));
  }
}
