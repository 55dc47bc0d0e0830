// Property-based tests (fast-check) over raw sockets (issue 4 §6), where app.inject would bypass
// the behaviour: malformed request lines, targets with raw bytes, odd HTTP versions, header names
// and values with control and non-ASCII bytes, duplicate and conflicting framing headers, URLs and
// headers around the size limits, pipelined requests. Every answer is below 500, carries a
// request-id and, when it is an error, Graph's envelope; the server goes on serving.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../test-support/fixture-tenant.js';
import { BAD_PERCENT, Tally, assertEnvelope, assertNoLeak, runs, type Answer } from '../test-support/fuzz.js';
import { ALL_SCOPES, stillServes } from '../test-support/fuzz-graph.js';

let s: TestServer;
let token: string;
let base: string;
let port: number;

before(async () => {
  s = await startTestServer();
  token = await s.token({ scopes: ALL_SCOPES });
  base = await s.app.listen({ host: '127.0.0.1', port: 0 });
  port = Number(new URL(base).port);
});
// After each property the server still answers ordinary requests.
afterEach(() => stillServes(s, token));
after(() => s.close());

/** A request as bytes, and whether the client half-closes after it (a request that may be incomplete). */
interface RawRequest {
  readonly bytes: Buffer;
  readonly end: boolean;
  readonly target: string;
  /** An HTTP/1.1 request without a Host header (a 400 in the envelope). */
  readonly noHost: boolean;
  /** CONNECT: with no 'connect' listener Node closes the connection without an answer (no tunnel, no crash). */
  readonly connect: boolean;
  readonly head: boolean;
  readonly pipelined: boolean;
}

/** How many final answers the bytes hold in full (interim 1xx skipped; bodies by Content-Length or chunked). */
function completeAnswers(raw: Buffer, headRequest: boolean): number {
  const text = raw.toString('latin1');
  let at = 0;
  let done = 0;
  for (;;) {
    const end = text.indexOf('\r\n\r\n', at);
    if (end < 0) return done;
    const head = text.slice(at, end);
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
    at = end + 4;
    if (status >= 100 && status < 200) continue;
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (headRequest && done === 0 && status !== 0) {
      /* no body */
    } else if (length) {
      if (text.length < at + Number(length[1])) return done;
      at += Number(length[1]);
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const last = text.indexOf('0\r\n\r\n', at);
      if (last < 0) return done;
      at = last + 5;
    }
    done += 1;
  }
}

/**
 * Sends the bytes and reads until the server closes the connection or every answer expected is in
 * (a kept-alive connection is then closed by the client). No timers: a server that never answers a
 * complete request fails the test by its timeout, and that is the bug it reports.
 */
function exchange(r: RawRequest): Promise<Buffer> {
  return new Promise((resolve) => {
    let raw = Buffer.alloc(0);
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(r.bytes);
      if (r.end) socket.end();
    });
    socket.on('data', (d: Buffer) => {
      raw = Buffer.concat([raw, d]);
      // The pipelined /healthz is a GET; the request under test may be a HEAD (no body in its answer).
      if (!r.end && completeAnswers(raw, r.head && !r.pipelined) >= (r.pipelined ? 2 : 1)) socket.destroy();
    });
    socket.on('error', () => {
      /* a reset after the answer: what was read is what counts */
    });
    socket.on('close', () => resolve(raw));
  });
}

/** The first response in the bytes: status, lower-cased headers, and the body by Content-Length. */
function firstResponse(raw: Buffer): (Answer & { readonly headers: Readonly<Record<string, string>> }) | null {
  // Interim answers (100 Continue) come first; the answer is the first final one.
  const text = raw.toString('latin1').replace(/^(HTTP\/1\.[01] 1\d\d [^\r]*\r\n(?:[^\r]+\r\n)*\r\n)+/, '');
  raw = Buffer.from(text, 'latin1');
  const head = text.indexOf('\r\n\r\n');
  if (head < 0) return null;
  const [statusLine, ...lines] = text.slice(0, head).split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3}) /.exec(statusLine ?? '');
  assert.ok(m, `not an HTTP/1.x answer: ${JSON.stringify(text.slice(0, 200))}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = raw
    .subarray(Buffer.byteLength(text.slice(0, head + 4), 'latin1'))
    .subarray(0, length)
    .toString('utf8');
  return { status: Number(m[1]), headers, body };
}

const statuses = (raw: Buffer): number[] => [...raw.toString('latin1').matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));

// ---- generators ----

const GRAPH = '/v1.0/reports/authenticationMethods/userRegistrationDetails';

const methodArb = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH') },
  { weight: 1, arbitrary: fc.constantFrom('get', 'CONNECT', 'TRACE', 'PROPFIND', 'G ET', 'GET\0', '', 'BREW', 'M-SEARCH', 'ÄÖ') },
);

/** Raw target bytes (latin1 string): real paths with raw spaces, quotes, UTF-8, controls, broken escapes, absolute and asterisk forms, lengths around the limits. */
const targetArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      `${GRAPH}?$top=1`,
      `${GRAPH}?$filter=isAdmin eq true`,
      `${GRAPH}?$filter=userPrincipalName eq 'a'`,
      '/beta/reports/authenticationMethods/usersRegisteredByFeature()',
      `${GRAPH}/00000000-0000-0000-0000-00000000000a`,
      '/healthz',
      '/readyz',
      '/metrics',
      '/admin/tenants',
      '/',
      '*',
      'http://evil.example/v1.0/reports',
      `//${GRAPH}`,
      `${GRAPH}#frag`,
      `${GRAPH}?a=1&&&=&$top`,
    ),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(GRAPH, '/beta', '/v1.0/reports'),
        fc.array(
          fc.oneof(
            fc.constantFrom(' ', '"', "'", '<', '>', '{', '}', '|', '\\', '^', '`', '\t', '\x7f', '\x00', '\r', 'é', '😀', '%', ...BAD_PERCENT),
            fc.string({ maxLength: 5 }),
          ),
          { maxLength: 4 },
        ),
      )
      .map(([p, bits]) => Buffer.from(`${p}?$filter=${bits.join('')}`, 'utf8').toString('latin1')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom(16384 - GRAPH.length - 20, 16384 - GRAPH.length - 9, 16384 - GRAPH.length - 8, 16400, 33_000, 70_000),
        fc.constantFrom('a', '%41', '('),
      )
      .map(([n, c]) => `${GRAPH}?$filter=${c.repeat(Math.max(0, Math.floor(n / c.length)))}`),
  },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 60 }) },
);

const versionArb = fc.oneof(
  { weight: 9, arbitrary: fc.constant('HTTP/1.1') },
  { weight: 1, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.2', 'HTTP/9.9', 'http/1.1', '', 'HTTP/1.1 x', 'HTTP/1', 'HTTP/1.1\0') },
);

/** One header line (latin1): names with odd characters, values with control and non-ASCII bytes, folded lines. */
const headerLineArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'Accept',
          'Prefer',
          'client-request-id',
          'Content-Type',
          'X-Custom',
          'Cookie',
          'Authorization',
          'Host',
          'Expect',
          'Upgrade',
          'Range',
          'If-Match',
        ),
        fc.oneof(
          { weight: 3, arbitrary: fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }) },
          { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 40 }) },
        ),
      )
      .map(([n, v]) => `${n}: ${v.replace(/[\r\n]/g, '')}`),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 40 }).map((v) => v.replace(/[\r\n]/g, '')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ' folded continuation',
      '\tfolded',
      'X-Bad Name: 1',
      'X-Empty:',
      ': no name',
      'X-A:\x00',
      'Host: a',
      'Host: a, b',
      'Expect: 100-continue',
      'Upgrade: websocket\r\nConnection: upgrade',
      'Transfer-Encoding: gzip',
      'Transfer-Encoding: chunked, chunked',
      'Content-Length: abc',
      'Content-Length: -1',
      'Content-Length: 1, 2',
      'Content-Length: 99999999999999999999',
      `X-Long: ${'v'.repeat(40_000)}`,
    ),
  },
);

type Framing = 'none' | 'length' | 'chunked' | 'conflict';

function frame(framing: Framing, body: string): { headers: string[]; body: string; complete: boolean } {
  switch (framing) {
    case 'none':
      return { headers: [], body: '', complete: true };
    case 'length':
      return { headers: [`Content-Length: ${Buffer.byteLength(body, 'latin1')}`], body, complete: true };
    case 'chunked':
      return {
        headers: ['Transfer-Encoding: chunked'],
        body: `${body.length === 0 ? '' : `${Buffer.byteLength(body, 'latin1').toString(16)}\r\n${body}\r\n`}0\r\n\r\n`,
        complete: true,
      };
    case 'conflict':
      return {
        headers: ['Transfer-Encoding: chunked', `Content-Length: ${body.length + 3}`],
        body: `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
        complete: false,
      };
  }
}

const requestArb: fc.Arbitrary<RawRequest> = fc
  .record({
    method: methodArb,
    target: targetArb,
    version: versionArb,
    auth: fc.constantFrom('good', 'good', 'good', 'none', 'twice'),
    host: fc.constantFrom('normal', 'normal', 'normal', 'missing', 'twice', 'odd'),
    extra: fc.array(headerLineArb, { maxLength: 3 }),
    framing: fc.constantFrom<Framing>('none', 'none', 'none', 'length', 'chunked', 'conflict'),
    body: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('x'.repeat(5000), '{"a":1}')),
    eol: fc.constantFrom('\r\n', '\r\n', '\r\n', '\r\n', '\n'),
    pipelined: fc.boolean(),
    cut: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }),
  })
  .map((r) => {
    const { headers: framingHeaders, body, complete } = frame(r.framing, r.body);
    const lines = [
      `${r.method} ${r.target} ${r.version}`.replace(/ $/, ''),
      ...(r.host === 'missing' ? [] : r.host === 'twice' ? ['Host: a', 'Host: b'] : [`Host: ${r.host === 'odd' ? 'evil.example:99999' : '127.0.0.1'}`]),
      ...(r.auth === 'none' ? [] : r.auth === 'twice' ? [`Authorization: Bearer ${token}`, 'Authorization: Bearer x'] : [`Authorization: Bearer ${token}`]),
      ...r.extra,
      ...framingHeaders,
      'Connection: close',
    ];
    let text = `${lines.join(r.eol)}${r.eol}${r.eol}${body}`;
    if (r.pipelined) text = `GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n${text}`;
    let end = !complete;
    if (r.cut !== null) {
      text = text.slice(0, Math.floor(r.cut * text.length));
      end = true;
    }
    // Whatever the server cannot parse it answers and closes; only a request that might still be
    // waiting for bytes is half-closed, so that every exchange ends.
    const noHost = r.host === 'missing' && r.version === 'HTTP/1.1' && !r.extra.some((l) => /^host:/i.test(l));
    return {
      bytes: Buffer.from(text, 'latin1'),
      end,
      target: r.target,
      noHost,
      connect: r.method === 'CONNECT',
      head: r.method === 'HEAD',
      pipelined: r.pipelined,
      [fc.toStringMethod]: () => JSON.stringify(text.replace(/Bearer [\w.-]+/g, 'Bearer <token>').slice(0, 1500)),
    };
  });

describe('fuzz: raw HTTP requests', () => {
  test("malformed request lines, headers and framing: every answer below 500, with a request-id and Graph's envelope", { timeout: 300_000 }, async (t) => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        const raw = await exchange(r);
        const all = statuses(raw);
        tally.add(all[all.length - 1] ?? 0);
        const context = `${fc.stringify(r)} → ${JSON.stringify(raw.toString('latin1').slice(0, 400))}`;
        for (const st of all) assert.ok(st < 500, `${context}: ${st}`);
        const first = firstResponse(raw);
        if (first === null) {
          // Nothing, or nothing whole: only when the request was cut or never complete.
          assert.ok(r.end || r.connect, `${context}: no answer to a complete request`);
          return;
        }
        assertNoLeak(first.body, [raw.toString('latin1'), r.bytes.toString('latin1'), r.bytes.toString('utf8')], context);
        assert.ok(first.headers['request-id'], `${context}: no request-id`);
        assert.match(first.headers['client-request-id'] ?? '', /^[\x21-\x7e]{1,128}$/, `${context}: client-request-id`);
        if (first.status >= 400 && first.body !== '' && /json/.test(first.headers['content-type'] ?? '')) assertEnvelope(first, context);
      }),
      runs(1500, 41),
    );
    t.diagnostic(tally.toString());
    const ok = await fetch(`${base}${GRAPH}?$top=1`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
  });

  test('many connections at once, some left half-sent, and the server still answers', { timeout: 300_000 }, async () => {
    // Half-sent requests are closed by the client at the end; meanwhile full ones are answered.
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb, { minLength: 5, maxLength: 20 }), async (batch) => {
        const answers = await Promise.all(batch.map(exchange));
        for (const raw of answers) for (const st of statuses(raw)) assert.ok(st < 500, `${st}`);
        const ok = await fetch(`${base}${GRAPH}?$top=1`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(ok.status, 200);
      }),
      runs(20, 42),
    );
  });

  // Node would answer these itself, outside the envelope (requireHostHeader, checkExpectation): app.ts answers them.
  for (const [name, head] of [
    ['without Host', ''],
    ['with Expect: x', 'Host: a\r\nExpect: x\r\n'],
  ] as const) {
    test(`an HTTP/1.1 request ${name} is answered in Graph's envelope`, async () => {
      const bytes = Buffer.from(`GET ${GRAPH} HTTP/1.1\r\n${head}Authorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);
      const raw = await exchange({ bytes, end: false, target: GRAPH, noHost: head === '', connect: false, head: false, pipelined: false });
      const first = firstResponse(raw);
      assert.ok(first);
      assert.ok(first.headers['request-id'], `no request-id: ${raw.toString('latin1')}`);
      assertEnvelope(first, name);
    });
  }
});
