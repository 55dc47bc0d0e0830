// Property-based tests (fast-check) of tokens and headers (issue 4 §6): random Authorization values,
// JWTs signed with the dev key but holding any header and claims (wrong types for tid, scp, roles,
// wids, exp…), unsigned, alg none, HMAC and foreign-key tokens, huge tokens, and random Prefer,
// client-request-id, Accept and Content-Type headers. Never a 5xx; a token the server did not sign
// is always a 401; a 200 only for a token whose claims grant the call; client-request-id is echoed
// only when printable and bounded.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { CompactSign, SignJWT, decodeJwt, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import fc from 'fast-check';
import { REPORT_READER_ROLES, type PermissionRule } from '../graph/permissions.js';
import { NOW, OTHER_TENANT, TENANT, fixtureSnapshot, startTestServer, type TestServer } from '../test-support/fixture-tenant.js';
import { Tally, assertGraphAnswer, nastyString, runs, type Answer, type GraphErrorEnvelope } from '../test-support/fuzz.js';
import { ALL_SCOPES, endpoints, seedActivity, stillServes, type Endpoint } from '../test-support/fuzz-graph.js';
import { buildApp } from './app.js';
import { GRAPH_AUDIENCES, loadConfig } from './config.js';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from '../test-support/test-db.js';
import { ensureSigningKey } from './tokens.js';
import { REPORTS_READER, issuerFor } from './tokens.js';

let s: TestServer;
let token: string;
let ENDPOINTS: Endpoint[];
const NOW_S = Math.floor(NOW.getTime() / 1000);
const UNKNOWN_TENANT = 'deadbeef-0000-4000-8000-000000000000';

before(async () => {
  s = await startTestServer();
  token = await s.token({ scopes: ALL_SCOPES });
  await seedActivity(s, token);
  // One endpoint per permission rule and version is enough here: the rules are what tokens meet.
  const seen = new Set<string>();
  ENDPOINTS = endpoints()
    .filter((e) => !e.op.path.some((p) => p.kind === 'key'))
    .filter((e) => {
      const k = `${e.op.permission.id}@${e.version}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
});
// After each property the server still answers ordinary requests.
afterEach(() => stillServes(s, token));
after(() => s.close());

async function get(url: string, headers: Record<string, string>): Promise<Answer> {
  const r = await s.app.inject({ method: 'GET', url, headers });
  return { status: r.statusCode, headers: r.headers, body: r.body };
}

const codeOf = (a: Answer): string => (JSON.parse(a.body) as GraphErrorEnvelope).error.code;

/** Every failure of a request that is not a 200 is one of Graph's answers to a token. */
function checkRefusal(a: Answer, context: string): void {
  if (a.status === 401) {
    assert.equal(codeOf(a), 'InvalidAuthenticationToken', context);
    assert.equal(a.headers['www-authenticate'], 'Bearer', `${context}: a 401 without WWW-Authenticate`);
  } else if (a.status === 403) {
    assert.ok(
      [
        'Authentication_MSGraphPermissionMissing',
        'Authentication_RequestFromUnsupportedUserRole',
        'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      ].includes(codeOf(a)),
      `${context}: ${a.body}`,
    );
  } else if (a.status === 404) {
    assert.equal(codeOf(a), 'Request_ResourceNotFound', context);
  } else {
    assert.equal(a.status, 200, `${context}: ${a.status} ${a.body.slice(0, 300)}`);
  }
}

// ---- Authorization header syntax ----

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

/**
 * The same signed token: header and payload as text (they are what is signed) and the signature's
 * bytes (base64url's last character has unused bits, so two spellings decode alike).
 */
function sameToken(candidate: string, real: string): boolean {
  const a = candidate.split('.');
  const b = real.split('.');
  return a.length === 3 && a[0] === b[0] && a[1] === b[1] && Buffer.from(a[2]!, 'base64url').equals(Buffer.from(b[2]!, 'base64url'));
}

describe('fuzz: Authorization headers', () => {
  test('random values: 401 unless the header carries the real token', async (t) => {
    const tally = new Tally();
    const [h, p, sig] = token.split('.') as [string, string, string];
    const part = fc.oneof(
      fc.base64String({ maxLength: 60 }).map((x) => x.replace(/=/g, '')),
      nastyString(10),
      fc.constantFrom(h, p, sig, '', 'e30', 'bnVsbA'),
    );
    const credential = fc.oneof(
      { weight: 2, arbitrary: fc.array(part, { maxLength: 5 }).map((ps) => ps.join('.')) },
      {
        weight: 2,
        arbitrary: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...'A_-.=+/ 0aZ~%é')).map(([f, c]) => {
          const i = Math.min(token.length - 1, Math.floor(f * token.length));
          return `${token.slice(0, i)}${token[i] === c ? 'Q' : c}${token.slice(i + 1)}`;
        }),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          token,
          `${token}.`,
          `${token}.x`,
          `.${token}`,
          `${token} ${token}`,
          token.toLowerCase(),
          `${h}.${p}`,
          `${h}..${sig}`,
          `${p}.${h}.${sig}`,
        ),
      },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n) => `${h}.${'A'.repeat(n)}.${sig}`) },
      { weight: 1, arbitrary: nastyString(60) },
    );
    const scheme = fc.constantFrom(
      'Bearer ',
      'Bearer ',
      'Bearer ',
      'bearer ',
      'BEARER\t',
      'Bearer  ',
      'Bearer',
      'Basic ',
      'Token ',
      '',
      ' Bearer ',
      'Bearer: ',
    );
    const header = fc.oneof(
      { weight: 9, arbitrary: fc.tuple(scheme, credential, fc.constantFrom('', '', ' ', '\t', ',')).map(([sc, c, tail]) => `${sc}${c}${tail}`) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), header, async (e, auth) => {
        const headers: Record<string, string> = auth === null ? {} : { authorization: latin1(auth) };
        const a = await get(e.path, headers);
        tally.addGraph(a);
        const context = `GET ${e.path} Authorization: ${JSON.stringify(auth?.slice(0, 300))}`;
        assertGraphAnswer(a, { sent: [e.path, ...Object.values(headers)], context });
        const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
        if (m === null || !sameToken(m[1]!, token)) assert.equal(a.status, 401, `${context}: a token the server did not sign was let in`);
        else checkRefusal(a, context);
      }),
      runs(800, 31),
    );
    t.diagnostic(tally.toString());
  });
});

/** A header value as it arrives over HTTP: bytes, read as latin1 (the fuzz strings may hold any UTF-16). */
function latin1(v: string): string {
  return Buffer.from(v, 'utf8')
    .toString('latin1')
    .replace(/[\r\n\0]/g, ' ');
}

// ---- JWTs signed with the dev key, any claims ----

type Claims = Record<string, unknown>;

const anyJson = fc.jsonValue({ maxDepth: 2 });

/** Plausible and wrong values for each claim the server reads. */
const CLAIM_VALUES: Readonly<Record<string, fc.Arbitrary<unknown>>> = {
  tid: fc.constantFrom(TENANT, TENANT.toUpperCase(), OTHER_TENANT, UNKNOWN_TENANT, 'common', '', ` ${TENANT}`, `${TENANT}x`, 123, [TENANT], null, {
    id: TENANT,
  }),
  aud: fc.constantFrom(
    ...GRAPH_AUDIENCES,
    [...GRAPH_AUDIENCES],
    'api://other',
    [],
    ['api://other', GRAPH_AUDIENCES[0]],
    'https://graph.microsoft.com/',
    7,
    null,
  ),
  iss: fc.constantFrom(
    issuerFor(TENANT),
    issuerFor(TENANT.toUpperCase()),
    issuerFor(OTHER_TENANT),
    `https://login.microsoftonline.com/${TENANT}/v2.0`,
    '',
    1,
    null,
    [issuerFor(TENANT)],
  ),
  exp: fc.constantFrom(NOW_S + 3600, NOW_S + 10, NOW_S - 10, NOW_S - 299, NOW_S - 301, NOW_S - 100_000, 1e15, -1, 0, 1.5, `${NOW_S + 3600}`, null, [
    NOW_S + 3600,
  ]),
  nbf: fc.constantFrom(NOW_S, NOW_S + 10, NOW_S + 299, NOW_S + 301, NOW_S + 100_000, -1, 'now', null),
  iat: fc.constantFrom(NOW_S, NOW_S + 100_000, 'x', null, -5),
  scp: fc.constantFrom(
    'AuditLog.Read.All',
    'Reports.Read.All',
    'UserAuthenticationMethod.Read.All',
    'AuditLog.Read.All Reports.Read.All',
    'auditlog.read.all',
    ' AuditLog.Read.All ',
    'User.Read',
    '',
    ['AuditLog.Read.All'],
    ['AuditLog.Read.All', 1],
    42,
    null,
    {},
    'AuditLog.Read.All\tReports.Read.All',
  ),
  roles: fc.constantFrom(
    ['AuditLog.Read.All'],
    ['Reports.Read.All'],
    ['UserAuthenticationMethod.Read.All'],
    'AuditLog.Read.All',
    ['User.Read.All'],
    [],
    [1, null],
    {},
    'x y',
    null,
  ),
  wids: fc.constantFrom(
    [REPORTS_READER],
    [REPORTS_READER.toUpperCase()],
    REPORTS_READER,
    [],
    ['fe930be7-5e62-47db-91af-98c3a49a38b1'],
    [1],
    {},
    null,
    `${REPORTS_READER} x`,
    [` ${REPORTS_READER}`],
  ),
  idtyp: fc.constantFrom('app', 'user', 'APP', 'device', '', 1, null),
  oid: fc.constantFrom('0a0a0a0a-0000-4000-8000-000000000001', '', 5, null, [1]),
  sub: fc.constantFrom('subject', 7, null),
  appid: fc.constantFrom('a3c1e0d5-6f2b-4c8e-9d47-a4b1c2d3e4f5', '', 5, null),
  azp: fc.constantFrom('azp-app', 1, null),
  ver: fc.constantFrom('1.0', '2.0', 2, null),
};

type ClaimEdit = { readonly name: string; readonly action: 'set' | 'delete' | 'random'; readonly value: unknown; readonly random: unknown };

const claimEditsOf = (values: Readonly<Record<string, fc.Arbitrary<unknown>>>): fc.Arbitrary<ClaimEdit> =>
  fc.constantFrom(...Object.keys(values)).chain((name) =>
    fc.record({
      name: fc.constant(name),
      action: fc.constantFrom<ClaimEdit['action']>('set', 'set', 'set', 'delete', 'random'),
      value: values[name]!,
      random: anyJson,
    }),
  );

const claimEditArb = claimEditsOf(CLAIM_VALUES);

function applyClaims(base: Claims, edits: readonly ClaimEdit[]): Claims {
  const out = { ...base };
  for (const e of edits) {
    if (e.action === 'delete') delete out[e.name];
    else out[e.name] = e.action === 'set' ? e.value : e.random;
  }
  return out;
}

const words = (v: unknown): string[] =>
  typeof v === 'string'
    ? v.split(' ').filter((w) => w !== '')
    : Array.isArray(v)
      ? (v as readonly unknown[]).filter((w): w is string => typeof w === 'string')
      : [];

/**
 * Why a 200 is not allowed for these claims, or null when it may be: the signature is good, so the
 * claims alone decide (graph-api §2.5, §2.11; decision 0052). An independent reading of the rules.
 */
function whyNot200(c: Claims, rule: PermissionRule, issuers: (tid: string) => readonly string[] = (tid) => [issuerFor(TENANT), issuerFor(tid)]): string | null {
  if (typeof c.tid !== 'string' || c.tid.toLowerCase() !== TENANT) return 'tid is not the held tenant';
  const aud = Array.isArray(c.aud) ? (c.aud as readonly unknown[]) : [c.aud];
  if (!aud.some((x) => typeof x === 'string' && GRAPH_AUDIENCES.includes(x))) return 'no Graph audience';
  if (!issuers(c.tid).includes(c.iss as string)) return 'wrong issuer';
  if (c.exp !== undefined && !(typeof c.exp === 'number' && c.exp > NOW_S - 300)) return 'expired or malformed exp';
  if (c.nbf !== undefined && !(typeof c.nbf === 'number' && c.nbf <= NOW_S + 300)) return 'not yet valid or malformed nbf';
  if (c.iat !== undefined && typeof c.iat !== 'number') return 'malformed iat';
  const idtyp = typeof c.idtyp === 'string' ? c.idtyp.toLowerCase() : null;
  const app = idtyp === 'app' || (idtyp !== 'user' && c.scp === undefined);
  if (app) {
    if (!words(c.roles).some((r) => rule.application.includes(r))) return 'an app token without a granting role';
    return null;
  }
  if (!words(c.scp).some((x) => rule.delegated.includes(x))) return 'a delegated token without a granting scope';
  if (!words(c.wids).some((w) => Object.hasOwn(REPORT_READER_ROLES, w.toLowerCase()))) return 'a user without a reader role';
  return null;
}

describe("fuzz: JWTs signed with the server's key, holding any claims", () => {
  test('never a 5xx; a 200 only when the claims grant the call', async (t) => {
    const tally = new Tally();
    const userBase = decodeJwt(await s.token({ scopes: ALL_SCOPES })) as Claims;
    const appBase = decodeJwt(await s.token({ app: true, roles: ['AuditLog.Read.All', 'Reports.Read.All'] })) as Claims;
    const header = fc.record({
      kid: fc.constantFrom(s.key.kid, 'other', '', 5, undefined),
      typ: fc.constantFrom('JWT', 'at+jwt', 'jwt', 7, undefined),
      extra: fc.constantFrom<Record<string, unknown>>(
        {},
        {},
        { nonce: 'abc' },
        { x5t: 'x' },
        { jku: 'http://127.0.0.1:1/keys' },
        { zip: 'DEF' },
        { b64: true },
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), fc.boolean(), fc.array(claimEditArb, { maxLength: 4 }), header, async (e, app, edits, hd) => {
        const claims = applyClaims(app ? appBase : userBase, edits);
        const protectedHeader: Record<string, unknown> = { alg: 'ES256', ...hd.extra };
        if (hd.kid !== undefined) protectedHeader.kid = hd.kid;
        if (hd.typ !== undefined) protectedHeader.typ = hd.typ;
        const jwt = await new CompactSign(Buffer.from(JSON.stringify(claims))).setProtectedHeader(protectedHeader as { alg: string }).sign(s.key.privateKey);
        const a = await get(e.path, { authorization: `Bearer ${jwt}` });
        const context = `GET ${e.path} header ${JSON.stringify(protectedHeader)} claims ${JSON.stringify(claims)}`;
        tally.addGraph(a);
        assertGraphAnswer(a, { sent: [e.path, JSON.stringify(claims)], context });
        checkRefusal(a, context);
        if (a.status === 200) {
          const why = whyNot200(claims, e.op.permission);
          assert.equal(why, null, `${context}: answered 200 although ${why}`);
        }
      }),
      runs(800, 32),
    );
    t.diagnostic(tally.toString());
  });

  test('a payload that is not a claims object (or not JSON) is a 401', async () => {
    const payloads = fc.oneof(
      anyJson.map((v) => JSON.stringify(v)),
      nastyString(40),
      fc.constantFrom('', '{', '[]', 'null', '"x"', '{"tid":', '\u0000'),
    );
    await fc.assert(
      fc.asyncProperty(payloads, async (payload) => {
        let object = false;
        try {
          const v: unknown = JSON.parse(payload);
          object = typeof v === 'object' && v !== null && !Array.isArray(v);
        } catch {
          /* not JSON */
        }
        fc.pre(!object);
        const jwt = await new CompactSign(Buffer.from(payload)).setProtectedHeader({ alg: 'ES256', kid: s.key.kid }).sign(s.key.privateKey);
        const a = await get(ENDPOINTS[0]!.path, { authorization: `Bearer ${jwt}` });
        assertGraphAnswer(a, { sent: [payload], context: `payload ${JSON.stringify(payload)}` });
        assert.equal(a.status, 401, `payload ${JSON.stringify(payload)}: ${a.status}`);
      }),
      runs(200, 33),
    );
  });
});

describe('fuzz: tokens the server did not sign are always 401', () => {
  test('alg none, HMAC with public values, foreign keys, embedded keys, swapped parts', async (t) => {
    const tally = new Tally();
    const valid = decodeJwt(token) as JWTPayload;
    const foreignEc = await generateKeyPair('ES256');
    const foreignRsa = await generateKeyPair('RS256');
    const publicJwk = await exportJWK(s.key.publicKey);
    const [realHeader, realPayload, realSig] = token.split('.') as [string, string, string];
    const forgeries: readonly ((c: Claims) => Promise<string>)[] = [
      async (c) => `${b64(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64(JSON.stringify(c))}.`,
      async (c) => `${b64(JSON.stringify({ alg: 'none', kid: s.key.kid }))}.${b64(JSON.stringify(c))}.${realSig}`,
      async (c) => `${b64(JSON.stringify({ alg: 'NONE' }))}.${b64(JSON.stringify(c))}`,
      async (c) => new SignJWT(c).setProtectedHeader({ alg: 'HS256', kid: s.key.kid }).sign(Buffer.from(JSON.stringify(publicJwk))),
      async (c) => new SignJWT(c).setProtectedHeader({ alg: 'HS256' }).sign(Buffer.from(s.key.kid)),
      async (c) => new SignJWT(c).setProtectedHeader({ alg: 'ES256', kid: s.key.kid }).sign(foreignEc.privateKey),
      async (c) => new SignJWT(c).setProtectedHeader({ alg: 'RS256', kid: s.key.kid }).sign(foreignRsa.privateKey),
      async (c) => new SignJWT(c).setProtectedHeader({ alg: 'ES256', jwk: await exportJWK(foreignEc.publicKey) }).sign(foreignEc.privateKey),
      async (c) => `${realHeader}.${b64(JSON.stringify(c))}.${realSig}`,
      async () => `${realPayload}.${realHeader}.${realSig}`,
      async (c) => `${b64(JSON.stringify({ alg: 'ES256', kid: s.key.kid, crit: ['exp'] }))}.${b64(JSON.stringify(c))}.${realSig}`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: forgeries.length - 1 }), fc.array(claimEditArb, { maxLength: 3 }), fc.constantFrom(...ENDPOINTS), async (i, edits, e) => {
        const forged = await forgeries[i]!(applyClaims({ ...valid }, edits));
        fc.pre(!sameToken(forged, token)); // no edit, and the real header: that is the real token
        const a = await get(e.path, { authorization: `Bearer ${forged}` });
        tally.add(a, `forgery ${i}`);
        assertGraphAnswer(a, { sent: [forged], context: `forgery ${i}: ${forged}` });
        assert.equal(a.status, 401, `forgery ${i} was not refused: ${a.status} ${a.body.slice(0, 300)}`);
        assert.equal(codeOf(a), 'InvalidAuthenticationToken');
      }),
      runs(300, 34),
    );
    t.diagnostic(tally.toString());
  });
});

// ---- other headers ----

/** Header text as it can arrive: visible ASCII, spaces and tabs, and obs-text (bytes 0x80–0xFF read as latin1). */
const fieldValueArb = (maxLength: number) =>
  fc.oneof(
    fc.string({
      unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(0x09), fc.integer({ min: 0x80, max: 0xff })).map((c) => String.fromCharCode(c)),
      maxLength,
    }),
    fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 100, maxLength: 200 }),
  );

describe('fuzz: Prefer, client-request-id, Accept, Content-Type and other headers', () => {
  test('never a 5xx; client-request-id echoed only when printable and at most 128 characters; Preference-Applied only when asked', async (t) => {
    const tally = new Tally();
    const prefer = fc.oneof(
      fc.constantFrom(
        'include-unknown-enum-members',
        'INCLUDE-UNKNOWN-ENUM-MEMBERS',
        'odata.maxpagesize=1, include-unknown-enum-members',
        'include-unknown-enum-members;x=1',
        'return=minimal',
        'odata.track-changes',
        ' include-unknown-enum-members ',
        'include-unknown-enum-members,',
        '',
      ),
      fieldValueArb(60),
    );
    const clientRequestId = fc.oneof(fc.uuid(), fieldValueArb(140), fc.constantFrom('', ' ', 'a'.repeat(128), 'a'.repeat(129), 'x y', '"quoted"', '<script>'));
    const extra = fc.dictionary(
      fc.constantFrom(
        'accept',
        'content-type',
        'accept-language',
        'accept-encoding',
        'x-ms-client-request-id',
        'odata-version',
        'odata-maxversion',
        'if-none-match',
        'consistencylevel',
        'x-http-method-override',
        'x-forwarded-proto',
        'x-forwarded-host',
        'forwarded',
        'host',
        'cookie',
        'x-amr-admin-key',
      ),
      fc.oneof(
        fieldValueArb(60),
        fc.constantFrom(
          'application/xml',
          'application/json;odata.metadata=full',
          'text/html',
          '*/*',
          'eventual',
          'DELETE',
          '4.01',
          'https',
          'evil.example',
          'gzip, br',
        ),
      ),
    );
    const query = fc.constantFrom('', '', '', '?$top=0', '?$bogus=1', '?$filter=(');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), query, fc.option(prefer), fc.option(clientRequestId), extra, async (e, q, pref, crid, more) => {
        const headers: Record<string, string> = { ...more, authorization: `Bearer ${token}` };
        if (pref !== null) headers.prefer = pref;
        if (crid !== null) headers['client-request-id'] = crid;
        const a = await get(`${e.path}${q}`, headers);
        tally.add(a);
        const context = `GET ${e.path} ${JSON.stringify(headers)}`;
        assertGraphAnswer(a, { sent: Object.values(headers), context });
        const echoed = String(a.headers['client-request-id']);
        if (crid !== null && /^[\x21-\x7e]{1,128}$/.test(crid)) assert.equal(echoed, crid, context);
        else
          assert.equal(echoed, a.headers['request-id'], `${context}: a client-request-id that is not printable or too long must be replaced by the request-id`);
        const asked = pref !== null && pref.split(',').some((p) => p.trim().toLowerCase() === 'include-unknown-enum-members');
        if (a.status === 200) assert.equal(a.headers['preference-applied'] !== undefined, asked, `${context}: Preference-Applied`);
      }),
      runs(800, 35),
    );
    t.diagnostic(tally.toString());
  });
});

// ---- AMR_AUTH_MODE=oidc: a local issuer, tokens with any header and claims ----

describe('fuzz: oidc mode, tokens of a trusted issuer holding any claims', () => {
  let issuerServer: Server;
  let issuerBase = '';
  const fetches = { discovery: 0, jwks: 0 };

  test('never a 5xx while the issuer is up; a 200 only when the claims grant the call; untrusted issuers are never fetched', async (t) => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomUUID();
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    issuerServer = createServer((req, res) => {
      if (req.url?.endsWith('/.well-known/openid-configuration')) {
        fetches.discovery++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jwks_uri: `${issuerBase}/keys` }));
      } else if (req.url === '/keys') {
        fetches.jwks++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
    issuerBase = `http://127.0.0.1:${(issuerServer.address() as { port: number }).port}`;
    const v1 = (tid: string) => `${issuerBase}/sts/${tid}/`;
    const v2 = (tid: string) => `${issuerBase}/${tid}/v2.0`;
    const store = await openStore({ db: await testDatabase(), now: () => NOW });
    await importSnapshot(store, Readable.from([fixtureSnapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
    const config = loadConfig({ AMR_AUTH_MODE: 'oidc', AMR_OIDC_ISSUERS: `${issuerBase}/{tenantid}/v2.0,${issuerBase}/sts/{tenantid}/` });
    const app = await buildApp({ config, store, signingKey: await ensureSigningKey(store), skipTokenSecret: 's', logger: false, now: () => NOW });
    const tally = new Tally();
    try {
      const values = {
        ...CLAIM_VALUES,
        iss: fc.constantFrom(
          v1(TENANT),
          v2(TENANT),
          v1(TENANT.toUpperCase()),
          v1(OTHER_TENANT),
          v2(UNKNOWN_TENANT),
          'http://127.0.0.1:1/evil/',
          `${issuerBase}/evil/`,
          '',
          3,
        ),
      };
      const base: Claims = {
        aud: GRAPH_AUDIENCES[1],
        iss: v1(TENANT),
        tid: TENANT,
        oid: randomUUID(),
        appid: 'app',
        ver: '1.0',
        scp: 'AuditLog.Read.All Reports.Read.All',
        wids: [REPORTS_READER],
        iat: NOW_S,
        nbf: NOW_S,
        exp: NOW_S + 3600,
      };
      const header = fc.record({
        kid: fc.constantFrom(kid, kid, kid, 'rotated', undefined),
        nonce: fc.option(nastyString(20)),
        typ: fc.constantFrom('JWT', undefined),
      });
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ENDPOINTS), fc.array(claimEditsOf(values), { maxLength: 4 }), header, async (e, edits, hd) => {
          const claims = applyClaims(base, edits);
          const protectedHeader: Record<string, unknown> = { alg: 'RS256' };
          for (const [k, v] of Object.entries(hd)) if (v !== undefined && v !== null) protectedHeader[k] = v;
          const jwt = await new CompactSign(Buffer.from(JSON.stringify(claims))).setProtectedHeader(protectedHeader as { alg: string }).sign(privateKey);
          const before = fetches.discovery;
          const r = await app.inject({ method: 'GET', url: e.path, headers: { authorization: `Bearer ${jwt}` } });
          const a: Answer = { status: r.statusCode, headers: r.headers, body: r.body };
          tally.addGraph(a);
          const context = `oidc GET ${e.path} header ${JSON.stringify(protectedHeader)} claims ${JSON.stringify(claims)}`;
          assertGraphAnswer(a, { sent: [e.path, JSON.stringify(claims)], context });
          checkRefusal(a, context);
          if (a.status === 200) {
            const why = whyNot200(claims, e.op.permission, (tid) => [v1(tid.toLowerCase()), v2(tid.toLowerCase())]);
            assert.equal(why, null, `${context}: answered 200 although ${why}`);
          }
          const trusted = typeof claims.tid === 'string' && [v1(claims.tid.toLowerCase()), v2(claims.tid.toLowerCase())].includes(claims.iss as string);
          if (!trusted) assert.equal(fetches.discovery, before, `${context}: fetched keys for an issuer it does not trust`);
        }),
        runs(400, 36),
      );
      t.diagnostic(`${tally.toString()}; discovery fetches ${fetches.discovery}, key set fetches ${fetches.jwks}`);
    } finally {
      await app.close();
      await store.close();
      issuerServer.close();
    }
  });
});
