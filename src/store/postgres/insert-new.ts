// insertNew on PostgreSQL (new-rows.ts; decision 0012): a batch is stored with no question asked
// first. Without it the store looked up which ids were stored (`id in (…500…)`), and on a table
// filled since its last ANALYZE the planner scanned the tenant's rows for each look-up: a
// 60,000-record log import took 80 s instead of 10. Each table's rows go in as one array per
// column (`INSERT … SELECT FROM unnest($1::t1[], …)`): one statement whose text does not depend
// on the row count (prepared once), with no limit of 65,535 parameters.
import type { Column, NewRowCounters, NewRows, NewRowsStored } from '../sql/new-rows.js';

/** Runs one statement on the transaction's connection. */
export type RunQuery = (
  text: string,
  values: readonly unknown[],
) => Promise<{ readonly rows: readonly Record<string, unknown>[]; readonly rowCount: number | null }>;

/** What insertNew needs of a table: each column's type (for the array casts) and its primary key. */
export interface TableShape {
  readonly types: ReadonlyMap<string, string>;
  readonly key: readonly string[];
}

/** Rows per statement: bounds one message, not the parameters (there are as many as columns). */
const CHUNK = 10_000;

export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** Reads a table's shape from the catalog (amr's own tables: the current schema). */
export async function readTableShape(run: RunQuery, table: string): Promise<TableShape> {
  const columns = await run(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, coalesce(a.attnum = any(i.indkey), false) as key
     from pg_attribute a left join pg_index i on i.indrelid = a.attrelid and i.indisprimary
     where a.attrelid = to_regclass(quote_ident($1)) and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    [table],
  );
  if (columns.rows.length === 0) throw new Error(`PostgreSQL: the table ${table} does not exist`);
  // The engine reads booleans as 1 and 0 (postgres-engine.ts typeParsers).
  return {
    types: new Map(columns.rows.map((c) => [String(c['name']), String(c['type'])])),
    key: columns.rows.filter((c) => c['key'] === 1 || c['key'] === true).map((c) => String(c['name'])),
  };
}

/** A column's values for every row (one value, picks among a few, or one per row). */
function valuesOf(column: Column, rowCount: number): readonly unknown[] {
  if (Array.isArray(column)) return column as readonly unknown[];
  if ('value' in column) return new Array<unknown>(rowCount).fill(column.value);
  const { values, pick } = column as { readonly values: readonly unknown[]; readonly pick: Int32Array };
  const out = new Array<unknown>(rowCount);
  for (let i = 0; i < rowCount; i++) out[i] = values[pick.length === 0 ? 0 : pick[i]!];
  return out;
}

/** amr's booleans are integers 0/1 on every engine; pg would write true/false into an array. */
function cell(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value === undefined ? null : value;
}

/** `insert into t (cols) select * from unnest($1::type[], …)` and the chosen rows' values as one array per column. */
function unnestInsert(table: string, names: readonly string[], shape: TableShape, tail: string): string {
  const arrays = names.map((n, i) => {
    const type = shape.types.get(n);
    if (type === undefined) throw new Error(`PostgreSQL: ${table} has no column ${n}`);
    return `$${i + 1}::${type}[]`;
  });
  return `insert into ${quote(table)} (${names.map(quote).join(', ')}) select * from unnest(${arrays.join(', ')}) ${tail}`;
}

function pickRows(columns: readonly (readonly unknown[])[], rows: readonly number[]): unknown[][] {
  return columns.map((values) => rows.map((r) => cell(values[r])));
}

const keyText = (values: readonly unknown[]): string => JSON.stringify(values.map((v) => String(v)));

export class PostgresNewRows {
  constructor(
    private readonly run: RunQuery,
    private readonly shapeOf: (table: string) => Promise<TableShape>,
  ) {}

  /**
   * Stores the rows not stored yet; a key repeated within the batch counts once (its first row
   * is the one stored, as on SQLite). Only new rows add their cells to the counters and store
   * the rows that belong to them.
   */
  async insertNew(batch: NewRows): Promise<NewRowsStored> {
    const shape = await this.shapeOf(batch.table);
    const columns = batch.columns.map((c) => valuesOf(c, batch.rowCount));
    const keyAt = shape.key.map((k) => batch.names.indexOf(k));
    if (keyAt.length === 0 || keyAt.some((i) => i < 0))
      throw new Error(`insertNew: the rows of ${batch.table} must hold its primary key (${shape.key.join(', ')})`);
    // The first row of each key, and where each key is.
    const firstOf = new Map<string, number>();
    const chosen: number[] = [];
    for (let i = 0; i < batch.rowCount; i++) {
      const key = keyText(keyAt.map((c) => columns[c]![i]));
      if (firstOf.has(key)) continue;
      firstOf.set(key, i);
      chosen.push(i);
    }
    const isNew = new Uint8Array(batch.rowCount);
    let added = 0;
    const text = unnestInsert(batch.table, batch.names, shape, `on conflict do nothing returning ${shape.key.map(quote).join(', ')}`);
    for (let start = 0; start < chosen.length; start += CHUNK) {
      const stored = await this.run(text, pickRows(columns, chosen.slice(start, start + CHUNK)));
      for (const row of stored.rows) {
        const at = firstOf.get(keyText(shape.key.map((k) => row[k])));
        if (at === undefined || isNew[at] === 1) throw new Error(`insertNew: ${batch.table} returned a key it was not sent`);
        isNew[at] = 1;
        added++;
      }
    }
    const dependents: number[] = [];
    for (const d of batch.dependents ?? []) {
      const rows: number[] = [];
      for (let j = 0; j < d.owners.length; j++) if (isNew[d.owners[j]!] === 1) rows.push(j);
      dependents.push(
        await this.insertIgnoring(
          d.table,
          d.names,
          d.columns.map((c) => valuesOf(c, d.owners.length)),
          rows,
        ),
      );
    }
    for (const counters of batch.counters) await this.addCounts(counters, isNew);
    return { added, dependents, isNew };
  }

  /** Inserts the chosen rows, skipping stored keys; returns how many were stored. */
  private async insertIgnoring(table: string, names: readonly string[], columns: readonly (readonly unknown[])[], rows: readonly number[]): Promise<number> {
    if (rows.length === 0) return 0;
    const text = unnestInsert(table, names, await this.shapeOf(table), 'on conflict do nothing');
    let stored = 0;
    for (let start = 0; start < rows.length; start += CHUNK)
      stored += (await this.run(text, pickRows(columns, rows.slice(start, start + CHUNK)))).rowCount ?? 0;
    return stored;
  }

  /** Adds the new rows' cells to the counters: `count = count + n`, one row per counter with a count. */
  private async addCounts(c: NewRowCounters, isNew: Uint8Array): Promise<void> {
    const width = c.add.length;
    const cells = new Float64Array(c.keys.length * width);
    for (let i = 0; i < isNew.length; i++) {
      if (isNew[i] !== 1) continue;
      for (let j = c.offsets[i]!; j < c.offsets[i + 1]!; j++) cells[c.bumps[j]!]! += 1;
    }
    // ON CONFLICT DO UPDATE may not touch one row twice in a statement: one row per key.
    const merged = new Map<string, unknown[]>();
    for (let k = 0; k < c.keys.length; k++) {
      const counts = Array.from(cells.subarray(k * width, (k + 1) * width));
      if (counts.every((n) => n === 0)) continue;
      const id = keyText(c.keys[k]!);
      const seen = merged.get(id);
      if (seen === undefined) merged.set(id, [...c.keys[k]!, ...counts]);
      else
        counts.forEach((n, w) => {
          seen[c.key.length + w] = Number(seen[c.key.length + w]) + n;
        });
    }
    if (merged.size === 0) return;
    const rows = [...merged.values()];
    const names = [...c.key, ...c.add];
    const columns = names.map((_, i) => rows.map((r) => cell(r[i])));
    const sets = c.add.map((a) => `${quote(a)} = ${quote(c.table)}.${quote(a)} + excluded.${quote(a)}`).join(', ');
    await this.run(unnestInsert(c.table, names, await this.shapeOf(c.table), `on conflict (${c.key.map(quote).join(', ')}) do update set ${sets}`), columns);
  }
}
