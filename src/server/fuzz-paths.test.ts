// Property-based tests (fast-check) of Graph paths (issue 4 §6): random segments, function calls with
// random and mutated parameter lists, quoting, namespace prefixes, keys with odd characters,
// percent-encoded slashes, very long paths and every HTTP method. Every answer is a 200 or a 4xx in
// Graph's envelope, never a 5xx, and never shows internals.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OPERATIONS } from '../graph/operations.js';
import { startTestServer, type TestServer } from '../test-support/fixture-tenant.js';
import { BAD_PERCENT, Tally, assertGraphAnswer, decodedForms, mutated, nastyString, pctAll, runs, type Answer } from '../test-support/fuzz.js';
import { ALL_SCOPES, endpoints, seedActivity, stillServes } from '../test-support/fuzz-graph.js';

let s: TestServer;
let token: string;
let samplePaths: string[];

before(async () => {
  s = await startTestServer();
  token = await s.token({ scopes: ALL_SCOPES });
  await seedActivity(s, token);
  samplePaths = endpoints().map((e) => e.path);
});
// After each property the server still answers ordinary requests.
afterEach(() => stillServes(s, token));
after(() => s.close());

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

async function call(method: Method, url: string): Promise<Answer> {
  const r = await s.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
  return { status: r.statusCode, headers: r.headers, body: r.body };
}

const NAMES = [...new Set(OPERATIONS.flatMap((op) => op.path.flatMap((p) => (p.kind === 'key' ? [] : [p.name]))))];
const PARAMS = ['includedUserTypes', 'includedUserRoles', 'period'];
const MEMBERS = ['all', 'member', 'guest', 'admin', 'privilegedAdmin', 'user', 'd1', 'd7', 'd30', 'D30', 'unknownFutureValue', 'none', ''];

const nameArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...NAMES).map((n) => n.toUpperCase()) },
  { weight: 1, arbitrary: fc.constantFrom(...NAMES).map((n) => `microsoft.graph.${n}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('$count', '$value', '$ref', '$metadata', '$batch', '$entity', 'microsoft.graph.', 'graph.x', '..', '.', '', 'me', 'users'),
  },
);

/** A function parameter value: quoted members, qualified enums, numbers, Booleans, aliases, bare words, broken quotes. */
const paramValueArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...MEMBERS).map((m) => `'${m}'`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'microsoft.graph.includedUserTypes',
          'microsoft.graph.includedUserRoles',
          'microsoft.graph.aggregationPeriod',
          'includedUserTypes',
          'x.y',
          '',
        ),
        fc.constantFrom(...MEMBERS),
      )
      .map(([t, m]) => `${t}'${m}'`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '1',
      '-1',
      '1.5',
      '1e9',
      'true',
      'false',
      'null',
      '@p',
      '@',
      'all',
      "'",
      "'a''",
      "''''",
      "'a'b'",
      '(',
      ')',
      "('all')",
      '[1]',
      '{}',
      '',
    ),
  },
  { weight: 1, arbitrary: nastyString(12).map((v) => `'${v.replace(/'/g, "''")}'`) },
  { weight: 1, arbitrary: nastyString(12) },
);

const argListArb = fc
  .array(
    fc
      .tuple(
        fc.oneof(fc.constantFrom(...PARAMS), fc.constantFrom('', ' period', 'Period', '1x', 'a b', '@p', 'includedUserTypes ')),
        fc.constantFrom('=', '=', ' = ', '==', ''),
        paramValueArb,
      )
      .map(([n, eq, v]) => `${n}${eq}${v}`),
    { maxLength: 4 },
  )
  .chain((args) => fc.constantFrom(',', ', ', ',,', ' ,').map((sep) => args.join(sep)));

const functionArb = fc
  .tuple(nameArb, argListArb, fc.constantFrom('()', '()', '()', '(', ')', '))', '(()', ''))
  .map(([n, args, [open, close]]) => `${n}${open ?? ''}${args}${close ?? ''}`);

/** A key: a listed user's id, an odd string, quoted in parentheses or as its own segment. */
const keyArb = fc
  .oneof(
    fc.constantFrom('00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-00000000000A', 'r1', "O'Brien", '%', '%2F', '..', '\\', 'null'),
    nastyString(30),
    fc.string({ minLength: 1000, maxLength: 3000 }),
  )
  .chain((k) => fc.constantFrom(k, `'${k.replace(/'/g, "''")}'`, `('${k.replace(/'/g, "''")}')`, `(${k})`, `('${k}')`));

const segmentArb = fc.oneof(
  { weight: 6, arbitrary: nameArb },
  { weight: 4, arbitrary: functionArb },
  { weight: 2, arbitrary: fc.tuple(nameArb, keyArb).map(([n, k]) => (k.startsWith('(') ? `${n}${k}` : `${n}/${k}`)) },
  { weight: 1, arbitrary: fc.constantFrom('%2F', '%2f', 'a%2Fb', '%2e%2e', '%2E', '%00', '%', ';', ';a=b', '*', '~', '#', '?') },
  { weight: 1, arbitrary: nastyString(10) },
);

/** Each segment percent-encoded fully, lightly (OData punctuation kept), or with broken escapes. */
const encodeSegment = (seg: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(pctAll(seg, /[A-Za-z0-9\-._~'()=,:@$!*+]/)),
    fc.constant(pctAll(seg)),
    fc.constantFrom(...BAD_PERCENT).map((bad) => `${pctAll(seg, /[A-Za-z0-9\-._~'()=,:@$]/)}${bad}`),
  );

const versionArb = fc.constantFrom('/v1.0', '/beta', '/v1.0', '/beta', '/V1.0', '/Beta', '/v1.0/', '/beta//', '/v2.0', '', '/v1.0.', '/v1');

const pathArb = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.tuple(versionArb, fc.array(segmentArb.chain(encodeSegment), { maxLength: 7 })).map(([v, segs]) => `${v}/${segs.join('/')}`) },
    // A real path, then changed: a segment repeated, cut, a character swapped, odd text inserted.
    { weight: 3, arbitrary: mutated(fc.constantFrom(...samplePaths), 3).map((p) => pctAll(p, /[A-Za-z0-9\-._~'()=,:@$/!*+%]/)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(versionArb, fc.integer({ min: 100, max: 6000 }), fc.constantFrom('a/', '../', 'reports/', '%2F', '('))
        .map(([v, n, seg]) => `${v}/${seg.repeat(n)}`),
    },
  );

/** The path the server sees: app.inject parses the URL as a client would (WHATWG URL: '..' resolved, '//' a host). */
function injectedPath(url: string): string {
  return new URL(url.startsWith('//') ? `http://localhost${url}` : url, 'http://localhost').pathname;
}

/** Whether the request reaches the Graph routes. */
function isGraphPath(url: string): boolean {
  return /^\/(v1\.0|beta)(\/|$)/.test(injectedPath(url));
}

/** A path fastify's router cannot decode (a lone %, bad hex, invalid UTF-8). */
function brokenPercentEncoding(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

describe('fuzz: paths and function parameters', () => {
  test('random paths, function calls and keys: 200 or a 4xx envelope, never a 5xx or a leak', async (t) => {
    const tally = new Tally();
    const method = fc.constantFrom<Method>('GET', 'GET', 'GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');
    await fc.assert(
      fc.asyncProperty(method, pathArb(), fc.constantFrom('', '?$top=1', '?$filter=isAdmin eq true', '?%24count=true'), async (m, path, query) => {
        const url = `${path.startsWith('/') ? '' : '/'}${path}${query}`;
        const a = await call(m, url);
        tally.addGraph(a);
        // An undecodable path is a 400 in the envelope too (app.ts frameworkErrors).
        if (brokenPercentEncoding(injectedPath(url))) assert.equal(a.status, 400, `${m} ${url}: ${a.status} ${a.body.slice(0, 300)}`);
        // A HEAD answer has no body; its status and headers hold the same rules.
        assertGraphAnswer(a, { sent: decodedForms(url), context: `${m} ${url}`, noBody: m === 'HEAD', anyType: !isGraphPath(url) });
      }),
      runs(2000, 11),
    );
    t.diagnostic(tally.toString());
  });

  test('function calls on the real functions: every spelling of every parameter list', async (t) => {
    const tally = new Tally();
    const fns = OPERATIONS.flatMap((op) =>
      op.versions.flatMap((v) =>
        op.path.flatMap((p, i) =>
          p.kind === 'function'
            ? [
                `/${v}/${op.path
                  .slice(0, i)
                  .map((q) => (q.kind === 'name' ? q.name : ''))
                  .join('/')}/${p.name}`,
              ]
            : [],
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fns), fc.constantFrom('', 'microsoft.graph.'), argListArb, fc.boolean(), async (fn, ns, args, encode) => {
        const slash = fn.lastIndexOf('/');
        const raw = `${fn.slice(0, slash + 1)}${ns}${fn.slice(slash + 1)}(${args})`;
        const url = encode ? pctAll(raw, /[A-Za-z0-9\-._~/()=,']/) : pctAll(raw, /[A-Za-z0-9\-._~/()=,':@$!*+]/);
        const a = await call('GET', url);
        tally.add(a);
        assertGraphAnswer(a, { sent: decodedForms(url), context: `GET ${url}` });
      }),
      runs(1000, 12),
    );
    t.diagnostic(tally.toString());
  });

  // fastify answers an undecodable URL before any hook; app.ts's frameworkErrors puts it in Graph's envelope.
  test("a path with broken percent-encoding is answered in Graph's envelope", async () => {
    const bad = fc
      .tuple(versionArb, fc.array(nameArb, { maxLength: 3 }), fc.constantFrom(...BAD_PERCENT.filter((b) => brokenPercentEncoding(b))))
      .map(([v, segs, b]) => `${v}/${segs.map((x) => pctAll(x)).join('/')}${b}`);
    await fc.assert(
      fc.asyncProperty(bad, async (url) => {
        assertGraphAnswer(await call('GET', url), { sent: decodedForms(url), context: `GET ${url}` });
      }),
      runs(50, 13),
    );
  });
});
