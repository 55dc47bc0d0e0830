// Property-based tests (fast-check) of the Graph query options (issue 4 §6): random and mutated
// $filter, $orderby, $top, $select, $count, $skiptoken and unknown options on every operation of both
// versions. Every answer is a 200 or a 4xx in Graph's envelope, never a 5xx, never leaking internals;
// a page's next link always continues; a tampered $skiptoken is always refused.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { callerFingerprint, encodeSkipToken } from '../graph/skiptoken.js';
import { DEV_APP_ID } from './tokens.js';
import { TENANT, startTestServer, type TestServer } from '../test-support/fixture-tenant.js';
import { assertGraphAnswer, decodedForms, encodedArb, mutated, nastyString, pctAll, runs, Tally, type Answer } from '../test-support/fuzz.js';
import { filterArb, poolsOf, validFilterArb, type ValuePools } from '../test-support/fuzz-odata.js';
import { countArb, optionNameArb, orderByArb, selectArb, topArb } from '../test-support/fuzz-odata-options.js';
import { evaluateFilter, parseFilter, type EntityCapabilities } from '../odata/index.js';
import {
  credentialUserRegistrationDetailsEntity,
  registrationDetailsEntity,
  userCredentialUsageDetailsEntity,
  userEventsSummaryEntity,
} from '../graph/entities.js';
import { ALL_SCOPES, endpoints, getOk, harvestSkipTokens, seedActivity, stillServes, type Endpoint } from '../test-support/fuzz-graph.js';

const SECRET = 'test-secret'; // startTestServer's skipTokenSecret
const CALLER_OID = '0a0a0a0a-0000-4000-8000-00000000ca11';

let s: TestServer;
let token: string;
let realTokens: string[];
/** Values of the fixture's rows, so valid filters match some rows and not others. */
let pools: ValuePools;
let ENDPOINTS: Endpoint[];
let LISTS: Endpoint[];

before(async () => {
  s = await startTestServer();
  token = await s.token({ scopes: ALL_SCOPES, objectId: CALLER_OID });
  await seedActivity(s, token);
  ENDPOINTS = endpoints(); // after seedActivity: the keys of get operations are stored ones
  LISTS = ENDPOINTS.filter((e) => e.isList);
  realTokens = await harvestSkipTokens(s, token);
  const rows = await Promise.all(
    [
      '/beta/reports/authenticationMethods/userRegistrationDetails',
      '/beta/reports/authenticationMethods/userEventsSummary',
      '/beta/reports/credentialUserRegistrationDetails',
      '/beta/reports/authenticationMethods/userPasswordResetsAndChangesSummary',
    ].map(async (url) => ((await getOk(s, token, url)) as { value: Record<string, unknown>[] }).value),
  );
  pools = poolsOf(rows.flat());
});
// After each property the server still answers ordinary requests.
afterEach(() => stillServes(s, token));
after(() => s.close());

async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const r = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } });
  return { status: r.statusCode, headers: r.headers, body: r.body };
}

/** A value for an option, suited to it most of the time, and anything at all sometimes. */
function valueArb(name: string, e: Endpoint): fc.Arbitrary<string> {
  const n = name.toLowerCase().replace(/^\$/, '');
  const suited =
    n === 'filter'
      ? filterArb(e.entity, pools)
      : n === 'orderby'
        ? orderByArb(e.entity)
        : n === 'select'
          ? selectArb(e.entity)
          : n === 'top'
            ? topArb
            : n === 'count'
              ? countArb
              : n === 'skiptoken'
                ? skipTokenArb()
                : nastyString(20);
  return fc.oneof({ weight: 6, arbitrary: suited }, { weight: 1, arbitrary: nastyString(30) });
}

/** Real tokens as given, truncated, with one character changed, doubled, or random text. */
function skipTokenArb(): fc.Arbitrary<string> {
  const real = fc.constantFrom(...realTokens);
  return fc.oneof(
    { weight: 3, arbitrary: real },
    { weight: 2, arbitrary: fc.tuple(real, fc.double({ min: 0, max: 1, noNaN: true })).map(([t, f]) => t.slice(0, Math.floor(f * t.length))) },
    {
      weight: 3,
      arbitrary: fc.tuple(real, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...'AB_-.=+/!0aZ~%')).map(([t, f, c]) => {
        const i = Math.min(t.length - 1, Math.floor(f * t.length));
        return `${t.slice(0, i)}${t[i] === c ? 'Q' : c}${t.slice(i + 1)}`;
      }),
    },
    { weight: 1, arbitrary: fc.tuple(real, real).map(([a, b]) => `${a.split('.')[0]}.${b.split('.')[1] ?? ''}`) },
    { weight: 1, arbitrary: real.map((t) => `${t}${t}`) },
    { weight: 1, arbitrary: mutated(real, 3) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        nastyString(40),
        fc.base64String({ maxLength: 200 }),
        fc.constantFrom('', '.', 'a.', '.a', 'x'.repeat(9000), `${'A'.repeat(9000)}.AAAA`),
      ),
    },
  );
}

/** A query string from (name, value) pairs, each encoded its own way, sometimes with stray separators. */
function queryArb(e: Endpoint): fc.Arbitrary<string> {
  const pair = optionNameArb.chain((name) =>
    fc
      .tuple(fc.constant(name), valueArb(name, e))
      .chain(([n, v]) =>
        fc.tuple(encodedArb(n), encodedArb(v), fc.constantFrom('=', '=', '=', '', '==')).map(([en, ev, eq]) => `${en}${eq}${eq === '' ? '' : ev}`),
      ),
  );
  return fc.tuple(fc.array(pair, { maxLength: 5 }), fc.constantFrom('&', '&', '&&', '&;')).map(([pairs, sep]) => pairs.join(sep));
}

function sentOf(url: string, headers: Record<string, string> = {}): string[] {
  return [...decodedForms(url), ...Object.values(headers)];
}

/** 200 list pages: at most $top rows, @odata.count when asked for, and a next link that continues. */
async function checkListPage(url: string, a: Answer): Promise<void> {
  const page = JSON.parse(a.body) as { value?: unknown; '@odata.nextLink'?: string; '@odata.count'?: unknown };
  assert.ok(Array.isArray(page.value), `${url}: a list answer without value[]`);
  const top = /[?&]\$?top=(\d+)(&|$)/i.exec(url);
  if (top) assert.ok(page.value.length <= Number(top[1]), `${url}: ${page.value.length} rows for $top=${top[1]}`);
  const next = page['@odata.nextLink'];
  if (next !== undefined) {
    const path = next.replace(/^https?:\/\/[^/]+/, '');
    const r = await get(path);
    assert.equal(r.status, 200, `the next link of ${url} does not continue: ${path} → ${r.status} ${r.body.slice(0, 500)}`);
  }
}

describe('fuzz: query options on every operation', () => {
  test('random and mutated options: 200 or a 4xx envelope, never a 5xx or a leak; next links continue', async (t) => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS).chain((e) => fc.tuple(fc.constant(e), queryArb(e), fc.boolean())),
        async ([e, query, prefer]) => {
          const url = query === '' ? e.path : `${e.path}?${query}`;
          const headers: Record<string, string> = prefer ? { prefer: 'include-unknown-enum-members' } : {};
          const a = await get(url, headers);
          tally.add(a);
          assertGraphAnswer(a, { sent: sentOf(url, headers), context: `GET ${url}` });
          if (a.status === 200 && e.isList) await checkListPage(url, a);
        },
      ),
      runs(1500, 1),
    );
    t.diagnostic(tally.toString());
  });

  test('$filter alone, grammar-aware and mutated, on each filterable list', async (t) => {
    const tally = new Tally();
    const filterable = ENDPOINTS.filter((e) => e.op.options.includes('$filter'));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...filterable).chain((e) => fc.tuple(fc.constant(e), filterArb(e.entity, pools).chain(encodedArb))),
        async ([e, filter]) => {
          const url = `${e.path}?$filter=${filter}`;
          const a = await get(url);
          tally.add(a);
          assertGraphAnswer(a, { sent: sentOf(url), context: `GET ${url}` });
          if (a.status === 200 && e.isList) await checkListPage(url, a);
        },
      ),
      runs(1500, 2),
    );
    t.diagnostic(tally.toString());
  });

  test('a $skiptoken that is not one the server issued is refused; real ones from other queries never leak or fail', async (t) => {
    const tally = new Tally();
    const issued = new Set(realTokens.map((t) => canonicalToken(t)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...LISTS), skipTokenArb(), fc.boolean(), async (e, skiptoken, withTop) => {
        const url = `${e.path}?${withTop ? '$top=1&' : ''}$skiptoken=${pctAll(skiptoken)}`;
        const a = await get(url);
        tally.add(a);
        assertGraphAnswer(a, { sent: sentOf(url), context: `GET ${url}` });
        if (!issued.has(canonicalToken(skiptoken))) assert.equal(a.status, 400, `a forged $skiptoken was accepted: ${url} → ${a.body.slice(0, 300)}`);
      }),
      runs(800, 3),
    );
    t.diagnostic(tally.toString());
  });

  test("a $skiptoken signed with the server's secret but holding any payload never gives a 5xx", async (t) => {
    const tally = new Tally();
    // Defence in depth: a leaked or guessed secret must not turn into crashes or SQL errors.
    const anyJson = fc.jsonValue({ maxDepth: 2 });
    const field = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: anyJson });
    const option = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('1', 'true', 'id', 'userPrincipalName desc', "userPrincipalName eq 'x'", "feature eq 'reset'") },
      { weight: 3, arbitrary: fc.string() },
      { weight: 1, arbitrary: anyJson },
    );
    const key = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('', '0', '2026-11-20T10:00:00.000Z', '00000000-0000-0000-0000-000000000005', 'zoe@contoso.com', '\u0000', "'") },
      { weight: 3, arbitrary: fc.string() },
      { weight: 1, arbitrary: anyJson },
    );
    const state = (e: Endpoint) =>
      fc.record({
        t: field(fc.constant(TENANT)),
        g: field(fc.constantFrom(0, 1, 2)),
        o: field(fc.constant(`${e.op.id}@${e.version}`)),
        q: field(
          fc.dictionary(fc.constantFrom('filter', 'orderby', 'top', 'select', 'count', 'skip', 'skiptoken', 'foo', '__proto__', 'constructor'), option, {
            maxKeys: 3,
          }),
        ),
        k: field(fc.array(key, { maxLength: 5 })),
        c: field(fc.constant(callerFingerprint(SECRET, DEV_APP_ID, CALLER_OID))),
      });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...LISTS).chain((e) => fc.tuple(fc.constant(e), state(e))),
        async ([e, st]) => {
          const forged = encodeSkipToken(SECRET, st as never);
          const url = `${e.path}?$skiptoken=${forged}`;
          const a = await get(url);
          tally.addGraph(a);
          assertGraphAnswer(a, { sent: sentOf(url), context: `GET ${url} (payload ${JSON.stringify(st)})` });
        },
      ),
      runs(500, 4),
    );
    t.diagnostic(tally.toString());
  });

  test('the first pages of many queries, followed to the end, never break', async () => {
    // Paging continuity with every option that shapes a result, including ignored custom options.
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...LISTS),
        fc.subarray(
          [
            '$top=1',
            '$count=true',
            '$orderby=userPrincipalName desc',
            'foo=bar',
            'api-version=1',
            '$select=id',
            "$filter=userPrincipalName ne 'x'",
            'top=1',
            '$TOP=1',
          ],
          { minLength: 1 },
        ),
        async (e, options) => {
          const url = `${e.path}?${options
            .map((o) =>
              o
                .split('=')
                .map((p) => pctAll(p, /[A-Za-z0-9$-]/))
                .join('='),
            )
            .join('&')}`;
          const a = await get(url);
          assertGraphAnswer(a, { sent: sentOf(url), context: `GET ${url}` });
          let next = a.status === 200 ? (JSON.parse(a.body) as { '@odata.nextLink'?: string })['@odata.nextLink'] : undefined;
          for (let page = 0; next !== undefined && page < 20; page++) {
            const path = next.replace(/^https?:\/\/[^/]+/, '');
            const r = await get(path);
            assert.equal(r.status, 200, `page ${page + 2} of ${url}: ${path} → ${r.status} ${r.body.slice(0, 400)}`);
            next = (JSON.parse(r.body) as { '@odata.nextLink'?: string })['@odata.nextLink'];
          }
        },
      ),
      runs(300, 5),
    );
  });
});

/** A token's identity as the server checks it: the payload text and the decoded signature bytes. */
function canonicalToken(t: string): string {
  const dot = t.indexOf('.');
  if (dot <= 0) return `invalid:${t}`;
  return `${t.slice(0, dot)}.${Buffer.from(t.slice(dot + 1), 'base64url').toString('hex')}`;
}

describe("fuzz: valid $filters answer 200 and agree with the in-memory evaluator (the SQL stores' oracle)", () => {
  const PREFER = { prefer: 'include-unknown-enum-members' };
  type Row = Record<string, unknown> & { id: string };

  async function all(url: string): Promise<{ status: number; rows: Row[]; body: string }> {
    const rows: Row[] = [];
    let next: string | undefined = url;
    while (next !== undefined) {
      const a = await get(next, PREFER);
      if (a.status !== 200) return { status: a.status, rows, body: a.body };
      const page = JSON.parse(a.body) as { value: Row[]; '@odata.nextLink'?: string };
      rows.push(...page.value);
      next = page['@odata.nextLink']?.replace(/^https?:\/\/[^/]+/, '');
    }
    return { status: 200, rows, body: '' };
  }

  const CASES: readonly (readonly [string, EntityCapabilities])[] = [
    ['/v1.0/reports/authenticationMethods/userRegistrationDetails', registrationDetailsEntity['v1.0']],
    ['/beta/reports/authenticationMethods/userRegistrationDetails', registrationDetailsEntity.beta],
    ['/beta/reports/authenticationMethods/userEventsSummary', userEventsSummaryEntity],
    // The legacy reports rewrite their filters into the current ones (legacy-registration.ts, legacy-events.ts):
    // the evaluator on the legacy rows says what the rewrite must find.
    ['/beta/reports/credentialUserRegistrationDetails', credentialUserRegistrationDetailsEntity],
    ['/beta/reports/userCredentialUsageDetails', userCredentialUsageDetailsEntity],
  ];
  for (const [path, entity] of CASES) {
    test(path, async (t) => {
      const everything = await all(`${path}?$top=3`);
      assert.equal(everything.status, 200, everything.body);
      const tally = new Tally();
      await fc.assert(
        fc.asyncProperty(
          validFilterArb(entity, poolsOf(everything.rows)),
          fc.constantFrom('', '&$top=2', '&$orderby=userPrincipalName desc'),
          async (filter, more) => {
            const url = `${path}?$filter=${pctAll(filter)}${more}`;
            const got = await all(url);
            assert.equal(got.status, 200, `a valid $filter was refused: ${filter} → ${got.body.slice(0, 400)}`);
            const tree = parseFilter(filter, entity, { includeUnknownEnumMembers: true });
            const expected = everything.rows
              .filter((r) => evaluateFilter(tree, r, entity))
              .map((r) => r.id)
              .sort();
            tally.add(got.status, expected.length === 0 ? 'none' : expected.length === everything.rows.length ? 'all' : 'some');
            assert.deepEqual(got.rows.map((r) => r.id).sort(), expected, `$filter=${filter}`);
          },
        ),
        runs(400, 6),
      );
      t.diagnostic(tally.toString());
    });
  }
});
