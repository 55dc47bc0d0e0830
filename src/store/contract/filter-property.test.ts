// Store contract (issue 13 §7), on SQLite and PostgreSQL alike: the SQL of a $filter selects exactly
// the rows the in-memory evaluator accepts, and a keyset-paged $orderby returns them in exactly
// the order compareRows gives (the same generators as filter-sql.test.ts had: filter-arbitraries.ts).
// On PostgreSQL this holds the parameter types ($n in `(mask & $1) <> 0`, IN lists, times as text),
// byte order under an en-US database collation, and the prefix successors past U+FFFF.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { compareCodePoints, compareRows, evaluateFilter, parseFilter, parseOrderBy, type Row } from '../../odata/index.js';
import { openEngine } from '../open-store.js';
import type { SqlEngine } from '../sql/executor.js';
import { filterToSql } from '../sql/filter-sql.js';
import { afterPosition, type SortKey } from '../sql/keyset.js';
import { textColumnsInByteOrder } from '../postgres/collation.js';
import { columns, entity, filterExpr, orderbyText, thingRows, wireRows, type ThingTable } from '../../test-support/filter-arbitraries.js';
import { contractStores } from '../../test-support/test-db.js';

/** The table of the generated rows, created with the schema builder (text columns in byte order on PostgreSQL, as amr's). */
async function createThings(engine: SqlEngine): Promise<void> {
  const qb = engine.qb.withTables<{ thing: ThingTable }>();
  await engine.writeTransaction(async (tx) => {
    await tx.run(
      qb.schema
        .createTable('thing')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('on_flag', 'integer', (c) => c.notNull())
        .addColumn('off_flag', 'integer', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('tags_mask', 'integer', (c) => c.notNull())
        .addColumn('order', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .compile(),
    );
    if (engine.dialect === 'postgres') await textColumnsInByteOrder(tx, engine.qb, ['thing']);
    for (const row of thingRows()) await tx.run(qb.insertInto('thing').values(row).compile());
  });
}

const byId = (a: Row, b: Row): number => compareCodePoints(String(a['id']), String(b['id']));

for (const store of await contractStores()) {
  describe(`store contract on ${store.name}: $filter and $orderby against the in-memory evaluator`, () => {
    let engine: SqlEngine;
    before(async () => {
      engine = await openEngine(await store.db());
      await createThings(engine);
    });
    after(() => engine.close());

    test("the filter selects exactly the evaluator's rows", async () => {
      const qb = engine.qb.withTables<{ thing: ThingTable }>();
      const stored = await engine.reader.all(sql<{ n: number }>`select count(*) as n from thing`.compile(qb));
      assert.equal(stored[0]?.n, 300);
      let nonTrivial = 0;
      await fc.assert(
        fc.asyncProperty(filterExpr, async (text) => {
          const node = parseFilter(text, entity, { includeUnknownEnumMembers: true, maxDepth: 64 });
          const expected = wireRows
            .filter((r) => evaluateFilter(node, r, entity))
            .map((r) => String(r['id']))
            .sort();
          const rows = await engine.reader.all(qb.selectFrom('thing').select('id').where(filterToSql(node, columns)).compile());
          const actual = rows.map((r) => r.id).sort();
          if (expected.length > 0 && expected.length < wireRows.length) nonTrivial += 1;
          assert.deepEqual(actual, expected, text);
        }),
        { numRuns: 600 },
      );
      // Guard against a generator that only produces all-or-nothing filters.
      assert.ok(nonTrivial > 200, `only ${nonTrivial} filters selected a proper subset`);
    });

    test("keyset pages of a filtered $orderby give the evaluator's rows in compareRows order, each once", async () => {
      const qb = engine.qb.withTables<{ thing: ThingTable }>();
      let paged = 0;
      await fc.assert(
        fc.asyncProperty(filterExpr, orderbyText, fc.integer({ min: 1, max: 120 }), async (text, orderby, top) => {
          const node = parseFilter(text, entity, { includeUnknownEnumMembers: true, maxDepth: 64 });
          const items = orderby === '' ? [] : parseOrderBy(orderby, entity);
          const order = compareRows(items, entity);
          const desc = items[0]?.direction === 'desc';
          // The id breaks ties in the last key's direction, as registration-queries.ts pages.
          const expected = wireRows
            .filter((r) => evaluateFilter(node, r, entity))
            .sort((a, b) => order(a, b) || (desc ? -byId(a, b) : byId(a, b)))
            .map((r) => String(r['id']));
          const keys: SortKey[] = [...items.map((i) => ({ column: 'name_key', desc: i.direction === 'desc' })), { column: 'id', desc }];
          const actual: string[] = [];
          let position: string[] | null = null;
          for (let page = 0; page <= wireRows.length; page++) {
            let query = qb.selectFrom('thing').select(['id', 'name_key']).where(filterToSql(node, columns));
            if (position) query = query.where(afterPosition(keys, position));
            for (const k of keys) query = query.orderBy(sql.ref(k.column), k.desc ? 'desc' : 'asc');
            const rows = await engine.reader.all(query.limit(top + 1).compile());
            actual.push(...rows.slice(0, top).map((r) => r.id));
            if (rows.length <= top) break;
            const last = rows[top - 1]!;
            position = keys.map((k) => (k.column === 'id' ? last.id : last.name_key));
            paged += 1;
          }
          assert.deepEqual(actual, expected, `${text} $orderby=${orderby} $top=${top}`);
        }),
        { numRuns: 300 },
      );
      assert.ok(paged > 100, `only ${paged} pages followed a first one`);
    });

    test('a keyset position holding U+0000 (a forged token; PostgreSQL cannot take it as a parameter) pages on in code-point order', async () => {
      const qb = engine.qb.withTables<{ thing: ThingTable }>();
      const tuple = (r: Row): [string, string] => [String(r['name']).toLowerCase(), String(r['id'])];
      const compare = (a: readonly [string, string], b: readonly [string, string]): number => compareCodePoints(a[0], b[0]) || compareCodePoints(a[1], b[1]);
      for (const [name, desc] of [
        ['al\u0000', false],
        ['al\u0000b', true],
        ['\u0000', false],
        ['émile\u0000', true],
      ] as const) {
        const position: [string, string] = [name, 'r5'];
        const keys: SortKey[] = [
          { column: 'name_key', desc },
          { column: 'id', desc },
        ];
        let query = qb.selectFrom('thing').select('id').where(afterPosition(keys, position));
        for (const k of keys) query = query.orderBy(sql.ref(k.column), k.desc ? 'desc' : 'asc');
        const actual = (await engine.reader.all(query.compile())).map((r) => r.id);
        const expected = [...wireRows]
          .filter((r) => (desc ? compare(tuple(r), position) < 0 : compare(tuple(r), position) > 0))
          .sort((a, b) => (desc ? -compare(tuple(a), tuple(b)) : compare(tuple(a), tuple(b))))
          .map((r) => String(r['id']));
        assert.ok(expected.length > 0 && expected.length < wireRows.length, name);
        assert.deepEqual(actual, expected, JSON.stringify(name));
      }
    });
  });
}
