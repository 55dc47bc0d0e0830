// filterToSql: exact SQL for representative trees, and a property test against the in-memory evaluator on SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import {
  DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteDialect,
  SqliteIntrospector, SqliteQueryCompiler, sql,
} from 'kysely';
import { defineEntity, evaluateFilter, parseFilter, type EntityCapabilities, type Row } from '../../odata/index.js';
import { filterToSql, prefixSuccessor, type ColumnMap, type ColumnSpec } from './filter-sql.js';

const kindEnum = { name: 'ns.kind', members: ['alpha', 'beta', 'gamma', 'unknownFutureValue', 'delta'] };
const TAGS = ['email', 'fido2', 'sms', 'push', 'passKeySynced', 'é-mail'] as const;

const entity: EntityCapabilities = defineEntity({
  typeName: 'ns.thing',
  properties: [
    { name: 'id', type: 'string', nullable: false, filter: [], orderby: false },
    { name: 'on', type: 'boolean', nullable: false, filter: ['eq', 'ne', 'in'], orderby: false },
    { name: 'off', type: 'boolean', nullable: false, filter: ['eq'], orderby: false },
    { name: 'name', type: 'string', nullable: false, filter: ['eq', 'ne', 'in', 'startswith', 'gt', 'ge', 'lt', 'le'], orderby: true, caseInsensitive: true },
    { name: 'code', type: 'string', nullable: false, filter: ['eq', 'ne', 'in', 'startswith', 'gt', 'lt'], orderby: false },
    { name: 'kind', type: 'enum', enum: kindEnum, nullable: false, filter: ['eq', 'ne', 'in'], orderby: false },
    { name: 'tags', type: 'stringCollection', nullable: false, filter: ['any'], elementFilter: ['eq', 'ne', 'in', 'startswith'], orderby: false },
    { name: 'count', type: 'int64', nullable: false, filter: ['eq', 'ne', 'in', 'gt', 'ge', 'lt', 'le'], orderby: false },
    { name: 'at', type: 'dateTimeOffset', nullable: false, filter: ['eq', 'ne', 'in', 'gt', 'ge', 'lt', 'le'], orderby: false },
  ],
});

const columns: ColumnMap = new Map<string, ColumnSpec>([
  ['on', { kind: 'boolean', column: 'on_flag' }],
  ['off', { kind: 'boolean', column: 'off_flag' }],
  ['name', { kind: 'text-ci', column: 'name_key' }],
  ['code', { kind: 'text', column: 'code' }],
  ['kind', { kind: 'enum', column: 'kind' }],
  ['tags', { kind: 'mask', column: 'tags_mask', bits: new Map(TAGS.map((t, i) => [t, 2 ** i])) }],
  // "order" is a reserved word: the column must come out quoted.
  ['count', { kind: 'integer', column: 'order' }],
  ['at', { kind: 'datetime', column: 'at' }],
]);

const compileOnly = (pg: boolean): Kysely<unknown> => new Kysely<unknown>({
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

// ---- property test: SQL on SQLite returns exactly the rows the evaluator accepts ----

const NAMES = [
  'Alice', 'alice', 'ALICE', 'Al', 'al', 'Alíce', 'Émile', 'émile', 'Straße', 'STRASSE', 'strasse', '😀 smile', '😀', '',
  'a', 'ab', 'abc', "O'Brien", 'ΑΣ', 'ΑΣΑ', 'İstanbul', 'istanbul', 'z', '\uFFFF', 'a\u{10FFFF}', '\u{10FFFF}', 'Zoë', 'zoe',
  '\uD7FF', '\uE000x', 'a\u{10FFF5}', 'a\u{10FFFE}b',
];
const CODES = ['A1', 'a1', 'A10', 'B', 'b', '', 'é', 'E', '😀', 'ü', 'u', "it's"];
const T0 = Date.UTC(2026, 0, 1);
const CHARS = ['a', 'A', 'b', 'é', 'É', 'ß', 's', 'S', '😀', '\uFFFF', 'Σ', 'σ', 'ς', '\u{10FFFF}', "'", 'İ', 'i', 'z', ' '];

interface Generated {
  readonly id: string; readonly on: boolean; readonly off: boolean; readonly name: string; readonly code: string;
  readonly kind: string; readonly tags: readonly string[]; readonly count: number; readonly ms: number;
}

const rowArb = fc.record({
  on: fc.boolean(), off: fc.boolean(), name: fc.constantFrom(...NAMES), code: fc.constantFrom(...CODES),
  kind: fc.constantFrom(...kindEnum.members), tags: fc.subarray([...TAGS]), count: fc.integer({ min: -5, max: 5 }),
  // Whole seconds often, so literals without fractions hit exactly.
  ms: fc.oneof(fc.integer({ min: 0, max: 20 }).map((s) => s * 1000), fc.integer({ min: 0, max: 20_000 })),
});

const generated: readonly Generated[] = fc.sample(rowArb, { numRuns: 300, seed: 20260101 }).map((r, i) => ({ ...r, id: `r${i}` }));

/** Graph-shaped rows: times without a fraction when it is zero, as Graph often writes them. */
const wireRows: readonly Row[] = generated.map((r) => {
  const iso = new Date(T0 + r.ms).toISOString();
  return { ...r, at: r.ms % 1000 === 0 ? `${iso.slice(0, 19)}Z` : iso };
});

const quote = (s: string): string => `'${s.split("'").join("''")}'`;
const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
const cpPrefixes = (xs: readonly string[]): string[] => xs.flatMap((x) => [...x].map((_, i) => [...x].slice(0, i + 1).join('')));
const randomText = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 4 });
const caseVariant = (xs: readonly string[]): fc.Arbitrary<string> =>
  fc.tuple(pick(xs), pick(['same', 'upper', 'lower'] as const)).map(([s, how]) => (how === 'upper' ? s.toUpperCase() : how === 'lower' ? s.toLowerCase() : s));
const nameLiteral = fc.oneof(caseVariant(NAMES), caseVariant(cpPrefixes(NAMES)), randomText).map(quote);
const codeLiteral = fc.oneof(pick(CODES), pick(cpPrefixes(CODES)), randomText).map(quote);

const timeLiteral = fc.oneof(
  pick(wireRows.map((r) => String(r.at))),
  fc.integer({ min: -1000, max: 21_000 }).map((ms) => new Date(T0 + ms).toISOString()),
  // Digits beyond the millisecond, next to stored times: never equal, and they round ge/lt.
  fc.tuple(pick(generated.map((r) => r.ms)), fc.integer({ min: 0, max: 9999 }))
    .map(([ms, extra]) => `${new Date(T0 + ms).toISOString().slice(0, 23)}${String(extra).padStart(4, '0')}Z`),
  fc.integer({ min: 0, max: 20 }).map((s) => `2026-01-01T01:00:${String(s).padStart(2, '0')}+01:00`),
);

const ops = (xs: readonly string[]): fc.Arbitrary<string> => pick(xs);
const list = (lit: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.array(lit, { minLength: 1, maxLength: 4 }).map((v) => `(${v.join(', ')})`);
const boolLit = pick(['true', 'false', 'TRUE']);

const elementLeaf = fc.oneof(
  fc.tuple(ops(['eq', 'ne']), pick([...TAGS, 'nope', 'EMAIL'])).map(([op, t]) => `x ${op} ${quote(t)}`),
  list(pick([...TAGS, 'nope']).map(quote)).map((l) => `x in ${l}`),
  pick(['', 'p', 'e', 'é', 'pass', 'x']).map((p) => `startswith(x,${quote(p)})`),
);
const elementExpr = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    elementLeaf,
    fc.tuple(tie('e'), ops(['and', 'or']), tie('e')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('e').map((a) => `not (${a})`)),
})).e;

const leaf = fc.oneof(
  pick(['on', 'off', 'on eq null', 'on ne null']),
  fc.tuple(pick(['on', 'off']), boolLit).map(([p, b]) => `${p} eq ${b}`),
  boolLit.map((b) => `on ne ${b}`),
  list(boolLit).map((l) => `on in ${l}`),
  fc.tuple(ops(['eq', 'ne', 'gt', 'ge', 'lt', 'le']), nameLiteral).map(([op, l]) => `name ${op} ${l}`),
  list(nameLiteral).map((l) => `name in ${l}`),
  nameLiteral.map((l) => `startswith(name,${l})`),
  fc.tuple(ops(['eq', 'ne', 'gt', 'lt']), codeLiteral).map(([op, l]) => `code ${op} ${l}`),
  list(codeLiteral).map((l) => `code in ${l}`),
  codeLiteral.map((l) => `startswith(code,${l})`),
  fc.tuple(ops(['eq', 'ne']), pick(kindEnum.members), fc.boolean()).map(([op, m, q]) => `kind ${op} ${q ? `ns.kind'${m}'` : quote(m)}`),
  list(pick(kindEnum.members).map(quote)).map((l) => `kind in ${l}`),
  fc.tuple(ops(['eq', 'ne', 'gt', 'ge', 'lt', 'le']), fc.integer({ min: -6, max: 6 })).map(([op, n]) => `count ${op} ${n}`),
  list(fc.integer({ min: -6, max: 6 }).map(String)).map((l) => `count in ${l}`),
  fc.tuple(ops(['eq', 'ne', 'gt', 'ge', 'lt', 'le']), timeLiteral).map(([op, t]) => `at ${op} ${t}`),
  list(timeLiteral).map((l) => `at in ${l}`),
  pick(['tags/any()', 'not tags/any()']),
  elementExpr.map((e) => `tags/any(x: ${e})`),
);

const filterExpr = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('f'), ops(['and', 'or']), tie('f')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('f').map((a) => `not (${a})`),
    tie('f').map((a) => `(${a})`)),
})).f;

interface ThingTable {
  id: string; on_flag: number; off_flag: number; name_key: string; code: string; kind: string; tags_mask: number; order: number; at: string;
}

function openDatabase(): Kysely<{ thing: ThingTable }> {
  const raw = new Database(':memory:');
  raw.exec(`CREATE TABLE thing (
    id TEXT PRIMARY KEY, on_flag INTEGER NOT NULL, off_flag INTEGER NOT NULL, name_key TEXT NOT NULL, code TEXT NOT NULL,
    kind TEXT NOT NULL, tags_mask INTEGER NOT NULL, "order" INTEGER NOT NULL, at TEXT NOT NULL)`);
  const insert = raw.prepare('INSERT INTO thing VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  raw.transaction(() => {
    for (const r of generated) {
      const mask = r.tags.reduce((m, t) => m | 2 ** TAGS.indexOf(t as (typeof TAGS)[number]), 0);
      insert.run(r.id, r.on ? 1 : 0, r.off ? 1 : 0, r.name.toLowerCase(), r.code, r.kind, mask, r.count, new Date(T0 + r.ms).toISOString());
    }
  })();
  return new Kysely<{ thing: ThingTable }>({ dialect: new SqliteDialect({ database: raw }) });
}

test('SQLite returns exactly the rows the in-memory evaluator accepts', async () => {
  const db = openDatabase();
  const stored = await sql<{ n: number }>`select count(*) as n from thing`.execute(db);
  assert.equal(stored.rows[0]?.n, 300);
  let nonTrivial = 0;
  await fc.assert(fc.asyncProperty(filterExpr, async (text) => {
    const node = parseFilter(text, entity, { includeUnknownEnumMembers: true, maxDepth: 64 });
    const expected = wireRows.filter((r) => evaluateFilter(node, r, entity)).map((r) => String(r.id)).sort();
    const rows = await db.selectFrom('thing').select('id').where(filterToSql(node, columns)).execute();
    const actual = rows.map((r) => r.id).sort();
    if (expected.length > 0 && expected.length < wireRows.length) nonTrivial += 1;
    assert.deepEqual(actual, expected, text);
  }), { numRuns: 600 });
  // Guard against a generator that only produces all-or-nothing filters.
  assert.ok(nonTrivial > 200, `only ${nonTrivial} filters selected a proper subset`);
  await db.destroy();
});
