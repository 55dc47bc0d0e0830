// filterToSql: exact SQL for representative trees on both dialects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { parseFilter } from '../../odata/index.js';
import { filterToSql, prefixSuccessor } from './filter-sql.js';
import { columns, entity } from '../../test-support/filter-arbitraries.js';

const compileOnly = (pg: boolean): Kysely<unknown> =>
  new Kysely<unknown>({
    dialect: {
      createAdapter: () => (pg ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (pg ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
      createQueryCompiler: () => (pg ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    },
  });
const sqlite = compileOnly(false);
const postgres = compileOnly(true);

const compiled = (filter: string, db = sqlite): { sql: string; parameters: readonly unknown[] } => {
  const { sql: text, parameters } = filterToSql(parseFilter(filter, entity, { includeUnknownEnumMembers: true }), columns).compile(db);
  return { sql: text, parameters };
};

const exact: readonly (readonly [string, string, readonly unknown[]])[] = [
  ["name eq 'Ab' and not (on)", '(("name_key" = ?) AND (NOT ("on_flag" = 1)))', ['ab']],
  ['on ne false or off', '(("on_flag" <> 0) OR ("off_flag" = 1))', []],
  ['on in (true, false)', '("on_flag" IN (1, 0))', []],
  ['on eq null', '(1 = 0)', []],
  ['on ne null', '(1 = 1)', []],
  ["code eq 'Ab'", '("code" = ?)', ['Ab']],
  ["kind in ('alpha', ns.kind'delta')", '("kind" IN (?, ?))', ['alpha', 'delta']],
  ['count ge -3', '("order" >= ?)', [-3]],
  ["startswith(name,'AB')", '(("name_key" >= ?) AND ("name_key" < ?))', ['ab', 'ac']],
  ["startswith(code,'')", '(1 = 1)', []],
  ['tags/any()', '("tags_mask" <> 0)', []],
  ["tags/any(x: x eq 'sms' or x in ('email', 'nope'))", '(("tags_mask" & ?) <> 0)', [5]],
  ["tags/any(x: x eq 'nope')", '(1 = 0)', []],
  ["tags/any(x: x ne 'email')", '(("tags_mask" & ?) <> 0)', [62]],
  ["tags/any(x: not (x eq 'email') and startswith(x,'p'))", '(("tags_mask" & ?) <> 0)', [24]],
  ['at eq 2026-01-01T01:00:00+01:00', '("at" = ?)', ['2026-01-01T00:00:00.000Z']],
  ['at eq 2026-01-01T00:00:00.0001Z', '(1 = 0)', []],
  ['at ne 2026-01-01T00:00:00.0001Z', '(1 = 1)', []],
  ['at ge 2026-01-01T00:00:00.0001Z', '("at" > ?)', ['2026-01-01T00:00:00.000Z']],
  ['at lt 2026-01-01T00:00:00.0001Z', '("at" <= ?)', ['2026-01-01T00:00:00.000Z']],
  ['at in (2026-01-01T00:00:00.5Z, 2026-01-01T00:00:00.5001Z)', '("at" IN (?))', ['2026-01-01T00:00:00.500Z']],
  ['at in (2026-01-01T00:00:00.5001Z)', '(1 = 0)', []],
];

for (const [filter, text, parameters] of exact) {
  test(`SQL for ${JSON.stringify(filter)}`, () => {
    assert.deepEqual(compiled(filter), { sql: text, parameters });
  });
}

test('PostgreSQL gets the same SQL with numbered placeholders', () => {
  assert.deepEqual(compiled("startswith(name,'x') and count in (1, 2) and on", postgres), {
    sql: '(((("name_key" >= $1) AND ("name_key" < $2)) AND ("order" IN ($3, $4))) AND ("on_flag" = 1))',
    parameters: ['x', 'y', 1, 2],
  });
});

test('prefix successors, including the edge cases', () => {
  assert.equal(prefixSuccessor('ab'), 'ac');
  assert.equal(prefixSuccessor('a\uD7FF'), 'a\uE000');
  assert.equal(prefixSuccessor('a\uFFFF'), 'a\u{10000}');
  assert.equal(prefixSuccessor('a\u{1F600}'), 'a\u{1F601}');
  assert.equal(prefixSuccessor('a\u{10FFF5}'), 'a\u{10FFF6}');
  assert.equal(prefixSuccessor('a\u{10FFFF}'), 'b');
  assert.equal(prefixSuccessor('\u{10FFFF}\u{10FFFF}'), undefined);
  assert.equal(prefixSuccessor(''), undefined);
});

test('a column map missing a property is a wiring bug, not a 400', () => {
  const node = parseFilter('on', entity, { includeUnknownEnumMembers: false });
  assert.throws(() => filterToSql(node, new Map()), { message: "no column is mapped for the filterable property 'on'" });
});

// The property that the SQL of a $filter selects exactly the rows the in-memory evaluator accepts
// runs on every engine in the store contract suite (store/contract/filter-property.test.ts), with
// this entity and its generators (test-support/filter-arbitraries.ts).
