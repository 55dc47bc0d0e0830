// The $filter property's generators (filter-sql.test.ts first had them): an entity with a column of
// every kind filterToSql maps, 300 generated rows of it (as Graph writes them and as a table holds
// them), and random $filter texts over it. The store contract suite runs the property on every
// engine: the SQL of a filter selects exactly the rows the in-memory evaluator accepts.
import fc from 'fast-check';
import { defineEntity, type EntityCapabilities, type Row } from '../odata/index.js';
import type { ColumnMap, ColumnSpec } from '../store/sql/filter-sql.js';

export const kindEnum = { name: 'ns.kind', members: ['alpha', 'beta', 'gamma', 'unknownFutureValue', 'delta'] };
export const TAGS = ['email', 'fido2', 'sms', 'push', 'passKeySynced', 'é-mail'] as const;

export const entity: EntityCapabilities = defineEntity({
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

export const columns: ColumnMap = new Map<string, ColumnSpec>([
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

const NAMES = [
  'Alice',
  'alice',
  'ALICE',
  'Al',
  'al',
  'Alíce',
  'Émile',
  'émile',
  'Straße',
  'STRASSE',
  'strasse',
  '😀 smile',
  '😀',
  '',
  'a',
  'ab',
  'abc',
  "O'Brien",
  'ΑΣ',
  'ΑΣΑ',
  'İstanbul',
  'istanbul',
  'z',
  '\uFFFF',
  'a\u{10FFFF}',
  '\u{10FFFF}',
  'Zoë',
  'zoe',
  '\uD7FF',
  '\uE000x',
  'a\u{10FFF5}',
  'a\u{10FFFE}b',
];
const CODES = ['A1', 'a1', 'A10', 'B', 'b', '', 'é', 'E', '😀', 'ü', 'u', "it's"];
export const T0 = Date.UTC(2026, 0, 1);
// Literals only: U+0000 is the least code point, and PostgreSQL can neither store it nor take it as a parameter (filter-sql.ts compareValue).
const CHARS = ['a', 'A', 'b', 'é', 'É', 'ß', 's', 'S', '😀', '\uFFFF', 'Σ', 'σ', 'ς', '\u{10FFFF}', "'", 'İ', 'i', 'z', ' ', '\u0000'];

export interface Generated {
  readonly id: string;
  readonly on: boolean;
  readonly off: boolean;
  readonly name: string;
  readonly code: string;
  readonly kind: string;
  readonly tags: readonly string[];
  readonly count: number;
  readonly ms: number;
}

const rowArb = fc.record({
  on: fc.boolean(),
  off: fc.boolean(),
  name: fc.constantFrom(...NAMES),
  code: fc.constantFrom(...CODES),
  kind: fc.constantFrom(...kindEnum.members),
  tags: fc.subarray([...TAGS]),
  count: fc.integer({ min: -5, max: 5 }),
  // Whole seconds often, so literals without fractions hit exactly.
  ms: fc.oneof(
    fc.integer({ min: 0, max: 20 }).map((s) => s * 1000),
    fc.integer({ min: 0, max: 20_000 }),
  ),
});

export const generated: readonly Generated[] = fc.sample(rowArb, { numRuns: 300, seed: 20260101 }).map((r, i) => ({ ...r, id: `r${i}` }));

/** Graph-shaped rows: times without a fraction when it is zero, as Graph often writes them. */
export const wireRows: readonly Row[] = generated.map((r) => {
  const iso = new Date(T0 + r.ms).toISOString();
  return { ...r, at: r.ms % 1000 === 0 ? `${iso.slice(0, 19)}Z` : iso };
});

export const quote = (s: string): string => `'${s.split("'").join("''")}'`;
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
  fc
    .tuple(pick(generated.map((r) => r.ms)), fc.integer({ min: 0, max: 9999 }))
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
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    elementLeaf,
    fc.tuple(tie('e'), ops(['and', 'or']), tie('e')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('e').map((a) => `not (${a})`),
  ),
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

export const filterExpr = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('f'), ops(['and', 'or']), tie('f')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('f').map((a) => `not (${a})`),
    tie('f').map((a) => `(${a})`),
  ),
})).f;

/** $orderby texts the entity takes (only `name` sorts), the empty one included. */
export const orderbyText = pick(['', 'name', 'name asc', 'name desc']);

/** The table the generated rows are stored in: one column per property (`order` is a reserved word). */
export interface ThingTable {
  id: string;
  on_flag: number;
  off_flag: number;
  name_key: string;
  code: string;
  kind: string;
  tags_mask: number;
  order: number;
  at: string;
}

/** Each generated row as the table holds it: flags as 0/1, the name folded, the tags as a mask, the time canonical. */
export function thingRows(): ThingTable[] {
  return generated.map((r) => ({
    id: r.id,
    on_flag: r.on ? 1 : 0,
    off_flag: r.off ? 1 : 0,
    name_key: r.name.toLowerCase(),
    code: r.code,
    kind: r.kind,
    tags_mask: r.tags.reduce((m, t) => m | (2 ** TAGS.indexOf(t as (typeof TAGS)[number])), 0),
    order: r.count,
    at: new Date(T0 + r.ms).toISOString(),
  }));
}
