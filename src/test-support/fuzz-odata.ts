// Grammar-aware generators of $filter for the fuzz tests: expressions built from an entity's real
// properties, operators, functions and lambdas (then mutated), valid or nearly so. The other
// options ($orderby, $select, $top, $count, option names) are in fuzz-odata-options.ts.
import fc from 'fast-check';
import type { EntityCapabilities, PropertyCapability } from '../odata/capabilities.js';
import { mutated, nastyString } from './fuzz.js';

const COMPARE = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'EQ', 'Eq', 'has', 'add', 'like', '==', '=', '<>', 'in', 'eq eq'];
const JOIN = ['and', 'or', 'AND', 'Or', '&&', '||', 'and not', 'or or', ''];
const FUNCTIONS = [
  'startswith',
  'STARTSWITH',
  'endswith',
  'contains',
  'substringof',
  'tolower',
  'length',
  'indexof',
  'now',
  'cast',
  'isof',
  'x',
  'any',
  'microsoft.graph.startswith',
];
const LAMBDAS = ['any', 'all', 'ANY', 'count', 'any()', '$count', 'x'];
const WORDS = [
  'true',
  'false',
  'null',
  'TRUE',
  'Null',
  'not',
  'and',
  'or',
  'eq',
  'in',
  'id',
  '$it',
  '$this',
  '@alias',
  'x',
  'value',
  'INF',
  'NaN',
  '-INF',
  'SELECT',
  'sqlite_master',
];

const quoted = (s: string): string => `'${s.replace(/'/g, "''")}'`;

const DATES = [
  '2026-11-20T12:00:00Z',
  '2026-11-20T12:00:00.1234567Z',
  '2026-11-20T12:00:00+14:00',
  '2026-11-20T12:00:00-12:59',
  '2026-11-20',
  '2026-13-40T25:61:61Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.9999999Z',
  '2026-02-29T00:00:00Z',
  '2026-11-20T12:00:00.12345678901234567890Z',
  '2026-11-20T12:00Z',
  '2026-11-20T12:00:00',
  '2026-11-20t12:00:00z',
  '20261-11-20T00:00:00Z',
  '2026-11-20T12:00:00+99:99',
  '2026--11-20T00:00:00Z',
];

const INTEGERS = [
  '0',
  '-0',
  '1',
  '-1',
  '007',
  '9007199254740991',
  '9007199254740992',
  '-9007199254740993',
  '18446744073709551616',
  '1'.repeat(400),
  '1.5',
  '1e10',
  '1E+3',
  '0x10',
  '1_000',
  '-',
  '--1',
  '1-',
  '١٢٣',
  '1L',
  '2147483648',
];

/** A literal, typed for the property when there is one, often of another type. */
function literalArb(p: PropertyCapability | undefined): fc.Arbitrary<string> {
  const enumMembers = p?.enum?.members ?? ['member', 'guest', 'unknownFutureValue'];
  const enumName = p?.enum?.name ?? 'microsoft.graph.signInUserType';
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...enumMembers).map(quoted) },
    { weight: 2, arbitrary: fc.constantFrom('true', 'false', 'null', 'TRUE', 'False', 'NULL') },
    { weight: 2, arbitrary: nastyString(20).map(quoted) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(enumName, enumName.replace(/^microsoft\.graph\./, ''), 'microsoft.graph.featureType', 'graph.x', 'a.b.c'),
          fc.constantFrom(...enumMembers, 'nope', ''),
        )
        .map(([t, m]) => `${t}${quoted(m)}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...INTEGERS) },
    { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom(...DATES) },
    { weight: 1, arbitrary: fc.uuid().chain((u) => fc.constantFrom(u, u.toUpperCase(), `${u}0`, u.slice(1), `'${u}'`, `guid'${u}'`)) },
    { weight: 1, arbitrary: fc.constantFrom("'", "'abc", "abc'", "'a''", "''''", "'''", 'x', '()', '(', "'x'y'", `'${'x'.repeat(5000)}'`) },
    { weight: 1, arbitrary: fc.constantFrom(...WORDS) },
  );
}

/** A property name: usually one of the entity's, sometimes wrong in case, unknown, qualified or empty. */
export function propertyNameArb(entity: EntityCapabilities): fc.Arbitrary<string> {
  const names = entity.properties.map((p) => p.name);
  // A type without properties (reportRoot) has only names it does not declare.
  if (names.length === 0) names.push('id', 'authenticationMethods');
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...names) },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((n) => n.toUpperCase()) },
    { weight: 1, arbitrary: fc.constantFrom('nope', 'Id', 'microsoft.graph.isAdmin', '$it/id', 'id/id', 'a.b', '_', 'x1', '@odata.type', 'value', '') },
  );
}

const pick = (entity: EntityCapabilities, name: string): PropertyCapability | undefined => entity.properties.find((p) => p.name === name);

function leafArb(entity: EntityCapabilities): fc.Arbitrary<string> {
  const collections = entity.properties.filter((p) => p.type === 'stringCollection' || p.type === 'enumCollection').map((p) => p.name);
  const collectionArb = collections.length > 0 ? fc.oneof(fc.constantFrom(...collections), propertyNameArb(entity)) : propertyNameArb(entity);
  const compare = propertyNameArb(entity)
    .chain((name) => fc.tuple(fc.constant(name), fc.constantFrom(...COMPARE), literalArb(pick(entity, name))))
    .map(([n, op, v]) => `${n} ${op} ${v}`);
  const inList = propertyNameArb(entity)
    .chain((name) => fc.tuple(fc.constant(name), fc.array(literalArb(pick(entity, name)), { maxLength: 5 })))
    .map(([n, vs]) => `${n} in (${vs.join(',')})`);
  const call = fc
    .tuple(fc.constantFrom(...FUNCTIONS), propertyNameArb(entity), fc.array(literalArb(undefined), { maxLength: 2 }))
    .map(([f, n, args]) => `${f}(${[n, ...args].join(',')})`);
  const lambda = fc
    .tuple(
      collectionArb,
      fc.constantFrom(...LAMBDAS),
      fc.constantFrom('x', 'm', 'X', '1', ''),
      fc.constantFrom(...COMPARE, 'startswith'),
      collectionArb.chain((n) => literalArb(pick(entity, n))),
      fc.constantFrom('x', 'm', 'y', 'x/id'),
    )
    .map(([n, fn, v, op, lit, use]) => (op === 'startswith' ? `${n}/${fn}(${v}:startswith(${use},${lit}))` : `${n}/${fn}(${v}:${use} ${op} ${lit})`));
  const bare = fc.oneof(
    propertyNameArb(entity),
    fc.constantFrom(...WORDS),
    collectionArb.map((n) => `${n}/any()`),
  );
  return fc.oneof(
    { weight: 5, arbitrary: compare },
    { weight: 2, arbitrary: inList },
    { weight: 2, arbitrary: call },
    { weight: 2, arbitrary: lambda },
    { weight: 1, arbitrary: bare },
    { weight: 1, arbitrary: fc.tuple(call, fc.constantFrom('eq true', 'eq false', 'ne true', 'eq null', 'eq 1', '')).map(([c, t]) => `${c} ${t}`) },
  );
}

/** A $filter expression from the grammar: comparisons, in, functions, lambdas, not, and/or, parentheses. */
export function filterExprArb(entity: EntityCapabilities): fc.Arbitrary<string> {
  const { expr } = fc.letrec<{ expr: string; node: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tie('node'),
      fc.tuple(tie('node'), fc.constantFrom(...JOIN), tie('expr')).map(([a, j, b]) => `${a} ${j} ${b}`),
    ),
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leafArb(entity),
      tie('expr').map((e) => `(${e})`),
      tie('node').map((e) => `not ${e}`),
      tie('expr').map((e) => `not(${e})`),
      fc
        .tuple(fc.constantFrom(...entity.properties.filter((p) => p.type.endsWith('Collection')).map((p) => p.name), 'methodsRegistered'), tie('expr'))
        .map(([n, e]) => `${n}/any(x:${e})`),
    ),
  }));
  return expr;
}

/** Deep nesting and long inputs: past the depth and length limits, and just under them. */
export function deepFilterArb(entity: EntityCapabilities): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: 3000 }),
      fc.integer({ min: 0, max: 3000 }),
      leafArb(entity),
      fc.constantFrom('(', 'not ', 'not(', 'methodsRegistered/any(x:', '((', ' ('),
    )
    .map(([open, close, leaf, opener]) => `${opener.repeat(Math.min(open, 4000 / opener.length))}${leaf}${')'.repeat(close)}`)
    .chain((s) => fc.constantFrom(s, s.slice(0, 4096), s.slice(0, 4097), s.slice(0, 200)));
}

/** Any $filter: valid ones (as is and mutated), grammar-shaped ones of every kind, deep, long and random ones. */
export function filterArb(entity: EntityCapabilities, pools: ValuePools = {}): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: validFilterArb(entity, pools) },
    { weight: 2, arbitrary: mutated(validFilterArb(entity, pools), 2) },
    { weight: 3, arbitrary: filterExprArb(entity) },
    { weight: 3, arbitrary: mutated(filterExprArb(entity), 4) },
    { weight: 1, arbitrary: deepFilterArb(entity) },
    { weight: 1, arbitrary: nastyString(60) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(leafArb(entity), fc.integer({ min: 1, max: 400 }), fc.constantFrom(' and ', ' or ', ','))
        .map(([leaf, n, j]) => Array.from({ length: n }, () => leaf).join(j)),
    },
  );
}

/** Values seen in real rows, per property: valid filters compare with these (and with strangers). */
export type ValuePools = Readonly<Record<string, readonly string[]>>;

/** Pools from wire rows: every string value, and every element of string arrays. */
export function poolsOf(rows: readonly Readonly<Record<string, unknown>>[]): ValuePools {
  const pools: Record<string, Set<string>> = {};
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      const values = Array.isArray(v) ? (v as readonly unknown[]) : [v];
      for (const x of values) if (typeof x === 'string') (pools[k] ??= new Set()).add(x);
    }
  }
  return Object.fromEntries(Object.entries(pools).map(([k, set]) => [k, [...set]]));
}

const LIKE_AND_QUOTES = ['%', '_', '\\', "'", '%_', 'a%', '_@', '[a]', '*', '\u0000', 'ǅ', 'İ', 'ß', 'Σ', 'é', 'É', 'e\u0301'];

/** A string literal's content for a property: a seen value, changed in case or cut to a prefix, or a stranger. */
function stringValueArb(pool: readonly string[]): fc.Arbitrary<string> {
  const seen = pool.length > 0 ? fc.constantFrom(...pool) : fc.constant('x');
  return fc.oneof(
    { weight: 4, arbitrary: seen },
    { weight: 2, arbitrary: seen.map((v) => v.toUpperCase()) },
    { weight: 3, arbitrary: fc.tuple(seen, fc.nat({ max: 12 })).map(([v, n]) => v.slice(0, n)) },
    { weight: 2, arbitrary: fc.constantFrom(...LIKE_AND_QUOTES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  );
}

const VALID_DATES = [
  '2026-11-20T12:00:00Z',
  '2026-11-20T10:00:00.5Z',
  '2026-11-14T00:00:00+02:00',
  '2026-10-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-11-20T09:01:00Z',
];

/** A comparison that the entity accepts, with a literal of the right type. */
function validLeafArb(entity: EntityCapabilities, pools: ValuePools): fc.Arbitrary<string> {
  const leaves: fc.Arbitrary<string>[] = [];
  for (const p of entity.properties) {
    if (p.filter.length === 0) continue;
    const pool = pools[p.name] ?? [];
    const ops = p.filter.filter((o) => o !== 'in' && o !== 'startswith' && o !== 'any');
    let literal: fc.Arbitrary<string>;
    switch (p.type) {
      case 'boolean':
        literal = fc.constantFrom('true', 'false', 'null');
        break;
      case 'int64':
        literal = fc.oneof(fc.integer({ min: -3, max: 5 }).map(String), fc.constantFrom('9007199254740991', '-9007199254740991', 'null'));
        break;
      case 'dateTimeOffset':
        literal = pool.length > 0 ? fc.oneof(fc.constantFrom(...VALID_DATES), fc.constantFrom(...pool)) : fc.constantFrom(...VALID_DATES);
        break;
      case 'enum':
      case 'enumCollection':
        literal = fc.constantFrom(...(p.enum?.members ?? [])).map(quoted);
        break;
      default:
        literal = stringValueArb(pool).map(quoted);
    }
    if (ops.length > 0) {
      const nonNullOps = ops.filter((o) => o === 'eq' || o === 'ne');
      leaves.push(
        fc
          .tuple(fc.constantFrom(...ops), literal)
          .filter(([o, l]) => l !== 'null' || nonNullOps.includes(o as 'eq'))
          .map(([o, l]) => `${p.name} ${o} ${l}`),
      );
    }
    if (p.filter.includes('in'))
      leaves.push(
        fc
          .array(
            literal.filter((l) => l !== 'null'),
            { minLength: 1, maxLength: 4 },
          )
          .map((ls) => `${p.name} in (${ls.join(', ')})`),
      );
    if (p.filter.includes('startswith')) leaves.push(stringValueArb(pool).map((v) => `startswith(${p.name}, ${quoted(v)})`));
    if (p.type === 'boolean') leaves.push(fc.constant(p.name));
    if (p.filter.includes('any')) {
      const element = p.type === 'enumCollection' ? fc.constantFrom(...(p.enum?.members ?? [])) : stringValueArb(pool);
      const ops2 = p.elementFilter ?? ['eq', 'in'];
      const inner = fc.oneof(
        element.map((v) => `x eq ${quoted(v)}`),
        ...(ops2.includes('ne') ? [element.map((v) => `x ne ${quoted(v)}`)] : []),
        ...(ops2.includes('in') ? [fc.array(element, { minLength: 1, maxLength: 3 }).map((vs) => `x in (${vs.map(quoted).join(',')})`)] : []),
        ...(ops2.includes('startswith') ? [element.map((v) => `startswith(x, ${quoted(v)})`)] : []),
      );
      leaves.push(
        fc.oneof(
          fc.constant(`${p.name}/any()`),
          fc.array(inner, { minLength: 1, maxLength: 2 }).chain((xs) => fc.constantFrom(' and ', ' or ').map((j) => `${p.name}/any(x: ${xs.join(j)})`)),
        ),
      );
    }
  }
  // An entity none of whose properties filters (authenticationMethodsRoot) has no valid filter: its refusal is what is tested.
  return leaves.length > 0 ? fc.oneof(...leaves) : fc.constant('id eq null');
}

/** A $filter the entity must accept: typed comparisons, in, startswith, any(), not, and/or, parentheses. */
export function validFilterArb(entity: EntityCapabilities, pools: ValuePools): fc.Arbitrary<string> {
  const leaf = validLeafArb(entity, pools);
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
      leaf,
      tie('expr').map((e) => `not (${e})`),
      fc.tuple(tie('expr'), fc.constantFrom('and', 'or'), tie('expr')).map(([a, j, b]) => `(${a}) ${j} (${b})`),
    ),
  }));
  return expr;
}
