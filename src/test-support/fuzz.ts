// Shared pieces of the property-based tests (src/server/fuzz-*.test.ts, fast-check): the invariants
// every answer must hold (never a 5xx, Graph's error envelope, no leaked internals, printable ids),
// URL encoding that survives any string, string mutations, and the fixed seeds the suite runs on.
// Over 200 lines because the invariants and the encoders are read together by every fuzz file.
import assert from 'node:assert/strict';
import fc from 'fast-check';

/** Fixed seeds: CI runs the same cases every time; fast-check prints the seed and path of a failure. */
export const SEED = 20261120;

/**
 * For a deeper run by hand (never in CI): AMR_FUZZ_RUNS=20 multiplies every property's runs and
 * AMR_FUZZ_SEED=n moves every seed, e.g. `AMR_FUZZ_RUNS=20 AMR_FUZZ_SEED=7 node --import tsx --test src/server/fuzz-*.test.ts`.
 * Test code only: the server reads its environment in config.ts alone.
 */
const MULTIPLIER = Math.max(1, Number(process.env.AMR_FUZZ_RUNS ?? 1) || 1);
const SEED_SHIFT = Number(process.env.AMR_FUZZ_SEED ?? 0) || 0;

/** The options every property runs with: deterministic, and no wall-clock limits (ever). */
export function runs(numRuns: number, seedOffset = 0): fc.Parameters<unknown> {
  return { seed: SEED + SEED_SHIFT * 1000 + seedOffset, numRuns: numRuns * MULTIPLIER, includeErrorInReport: true };
}

/** One HTTP answer, whether from app.inject, fetch or a raw socket. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[] | number | undefined>>;
  readonly body: string;
}

/** What the client sent: an echo of it in a message is not a leak. */
export type Sent = readonly string[];

/** Things an answer must never show (issue 4 §6): stack frames, source paths, SQL. */
const LEAKS: readonly (readonly [string, RegExp])[] = [
  ['a stack frame', / {4}at |\n\s+at [\w.<>]+ \(/g],
  ['a source path', /\/src\/|\/dist\/|node_modules|\.ts:\d+|\.js:\d+/g],
  ['SQL', /\bSELECT\b|\bFROM\b|\bWHERE\b|\bINSERT INTO\b|\bUPDATE\b \w+ SET\b|SQLITE|sqlite/g],
];

const CLIENT_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;
const ERROR_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;

function header(a: Answer, name: string): string | undefined {
  const v = a.headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** Percent-decodes what can be decoded, leaving the rest: the forms a message may echo. */
export function decodedForms(text: string): string[] {
  const forms = new Set([text]);
  try {
    forms.add(decodeURIComponent(text));
  } catch {
    /* left as it is */
  }
  forms.add(text.replace(/\+/g, ' '));
  const q = text.indexOf('?');
  if (q >= 0) for (const [n, v] of new URLSearchParams(text.slice(q + 1))) forms.add(`${n}=${v}`);
  return [...forms];
}

function echoed(match: string, sent: Sent): boolean {
  const m = match.toLowerCase();
  return sent.some((s) => s.toLowerCase().includes(m.trim() === '' ? m : m.trim()));
}

/** The body shows no stack frame, source path or SQL that the client did not send itself. */
export function assertNoLeak(body: string, sent: Sent, context: string): void {
  const texts = [body];
  try {
    // JSON escapes would hide a leak inside a string (e.g. "\n    at"): look at the message as text too.
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') texts.push(parsed.error.message);
  } catch {
    /* not JSON */
  }
  for (const text of texts) {
    for (const [what, pattern] of LEAKS) {
      for (const m of text.matchAll(pattern)) {
        assert.ok(echoed(m[0], sent), `${context}: the answer shows ${what} (${JSON.stringify(m[0])}): ${body.slice(0, 2000)}`);
      }
    }
  }
}

export interface GraphErrorEnvelope {
  readonly error: { readonly code: string; readonly message: string; readonly innerError: Readonly<Record<string, string>> };
}

/** Graph's error envelope, with ids that agree with the headers. */
export function assertEnvelope(a: Answer, context: string): GraphErrorEnvelope {
  const type = header(a, 'content-type') ?? '';
  assert.match(type, /^application\/json/, `${context}: an error must be JSON, got ${type}: ${a.body.slice(0, 500)}`);
  let body: GraphErrorEnvelope;
  try {
    body = JSON.parse(a.body) as GraphErrorEnvelope;
  } catch {
    assert.fail(`${context}: the error body is not JSON: ${a.body.slice(0, 500)}`);
  }
  const e = body.error;
  assert.ok(e !== null && typeof e === 'object', `${context}: no error object: ${a.body.slice(0, 500)}`);
  assert.equal(typeof e.code, 'string', context);
  assert.ok(e.code.length > 0, context);
  assert.equal(typeof e.message, 'string', context);
  assert.ok(e.innerError !== null && typeof e.innerError === 'object', `${context}: no innerError`);
  assert.match(String(e.innerError.date), ERROR_DATE, `${context}: innerError.date`);
  assert.equal(typeof e.innerError['request-id'], 'string', `${context}: innerError.request-id`);
  assert.match(String(e.innerError['client-request-id']), CLIENT_REQUEST_ID, `${context}: innerError.client-request-id`);
  const requestId = header(a, 'request-id');
  if (requestId !== undefined) assert.equal(e.innerError['request-id'], requestId, `${context}: request-id header and body differ`);
  const clientRequestId = header(a, 'client-request-id');
  if (clientRequestId !== undefined) assert.equal(e.innerError['client-request-id'], clientRequestId, `${context}: client-request-id header and body differ`);
  return body;
}

export interface AnswerChecks {
  /** What was sent (URL, header values, body): echoes of it are not leaks. */
  readonly sent: Sent;
  /** Statuses this request may get besides 200 and 4xx (default: none). */
  readonly statuses?: readonly number[];
  /** Say what request this was in failure messages. */
  readonly context: string;
  /** A HEAD request: the answer has headers only. */
  readonly noBody?: boolean;
  /** Outside /v1.0 and /beta (operations routes, the dashboard): a 200 may be of any type. */
  readonly anyType?: boolean;
}

/**
 * The invariants of every answer: not a 5xx; 2xx JSON (or text/plain); 4xx in Graph's envelope;
 * request-id and a printable, bounded client-request-id; nothing internal in the body.
 */
export function assertGraphAnswer(a: Answer, checks: AnswerChecks): void {
  const { context } = checks;
  assert.ok(a.status < 500, `${context}: ${a.status} ${a.body.slice(0, 2000)}`);
  assert.ok(
    a.status === 200 || (a.status >= 400 && a.status < 500) || (checks.statuses ?? []).includes(a.status),
    `${context}: unexpected status ${a.status}: ${a.body.slice(0, 500)}`,
  );
  assert.ok(header(a, 'request-id'), `${context}: no request-id header`);
  assert.match(header(a, 'client-request-id') ?? '', CLIENT_REQUEST_ID, `${context}: client-request-id header`);
  if (checks.noBody === true) assert.equal(a.body, '', `${context}: a body in a HEAD answer`);
  else if (a.status >= 400) assertEnvelope(a, context);
  else if (a.status === 200 && a.body !== '' && checks.anyType !== true) {
    const type = header(a, 'content-type') ?? '';
    if (type.startsWith('application/json')) assert.doesNotThrow(() => JSON.parse(a.body) as unknown, `${context}: a 200 body is not JSON`);
    else if (type.startsWith('application/xml'))
      assert.match(a.body, /^<\?xml [^>]*\?>\n<edmx:Edmx /, `${context}: an XML 200 is the CSDL`); // $metadata (decision 0080)
    else assert.match(type, /^text\/plain/, `${context}: content-type ${type}`);
  }
  assertNoLeak(a.body, checks.sent, context);
}

// ---- URL encoding that never throws (encodeURIComponent throws on lone surrogates) ----

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes the UTF-8 bytes of s (lone surrogates become U+FFFD, as a browser would send). */
export function pctAll(s: string, keep: RegExp = UNRESERVED): string {
  let out = '';
  for (const ch of s) {
    if (ch.length === 1 && keep.test(ch)) {
      out += ch;
      continue;
    }
    for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Encodes only what would break the query's structure or the request line; keeps ' ( ) $ , : / * as they are. */
export function pctLight(s: string): string {
  let out = '';
  for (const ch of s) {
    const keepIt = ch.length === 1 && /[\x21-\x7e]/.test(ch) && !/[&#+%"<>`{}|\\^[\]]/.test(ch);
    out += keepIt ? ch : pctAll(ch, /$^/);
  }
  return out;
}

/** Broken percent-encodings a client may send: a lone %, bad hex, overlong or truncated UTF-8, NUL. */
export const BAD_PERCENT = ['%', '%2', '%G1', '%zz', '%C0%AF', '%C3', '%E2%82', '%FF%FE', '%00', '%ED%A0%80', '%F4%90%80%80', '%25', '%%', '%u0041'];

/** A value's encoding for a query string: full, light, or light with broken percent sequences spliced in. */
export function encodedArb(value: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(pctAll(value)) },
    { weight: 3, arbitrary: fc.constant(pctLight(value)) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...BAD_PERCENT)).map(([at, bad]) => {
        const enc = pctLight(value);
        const i = Math.floor(at * enc.length);
        return `${enc.slice(0, i)}${bad}${enc.slice(i)}`;
      }),
    },
  );
}

// ---- strings ----

/** Characters that stress parsers: quotes, brackets, separators, controls, lone surrogates, non-BMP, RTL. */
export const NASTY_CHARS = [
  "'",
  "''",
  '"',
  '(',
  ')',
  ',',
  '/',
  ':',
  ';',
  '=',
  '&',
  '#',
  '?',
  '%',
  '+',
  '*',
  '$',
  '@',
  '.',
  '-',
  ' ',
  '\t',
  '\n',
  '\r',
  '\\',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ufffd',
  '\uffff',
  '\ud800',
  '\udfff',
  '😀',
  'é',
  'Σ',
  '日本',
  '\u0130',
  '\u0131',
  'ß',
  'ﬀ',
];

export const nastyString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.array(fc.constantFrom(...NASTY_CHARS), { maxLength }).map((a) => a.join('')),
  );

type Mutation =
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete' | 'truncate' | 'duplicate' | 'swapcase' | 'repeat'; readonly at: number; readonly len: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.oneof(fc.constantFrom(...NASTY_CHARS), fc.string({ maxLength: 4 })) }),
  fc.record({
    kind: fc.constantFrom('delete' as const, 'truncate' as const, 'duplicate' as const, 'swapcase' as const, 'repeat' as const),
    at: position,
    len: fc.integer({ min: 1, max: 12 }),
  }),
);

function applyMutation(s: string, m: Mutation): string {
  const i = Math.floor(m.at * (s.length + 1));
  switch (m.kind) {
    case 'insert':
      return s.slice(0, i) + m.text + s.slice(i);
    case 'delete':
      return s.slice(0, i) + s.slice(i + m.len);
    case 'truncate':
      return s.slice(0, i);
    case 'duplicate':
      return s.slice(0, i + m.len) + s.slice(i, i + m.len) + s.slice(i + m.len);
    case 'swapcase': {
      const part = s.slice(i, i + m.len);
      const swapped = [...part].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
      return s.slice(0, i) + swapped + s.slice(i + m.len);
    }
    case 'repeat':
      return s.slice(0, i) + s.slice(i, i + m.len).repeat(m.len * 20) + s.slice(i + m.len);
  }
}

/** The string as generated, or with a few edits: inserted odd characters, cuts, repeats, case flips. */
export function mutated(arb: fc.Arbitrary<string>, maxMutations = 3): fc.Arbitrary<string> {
  return fc.tuple(arb, fc.array(mutationArb, { maxLength: maxMutations })).map(([s, ms]) => ms.reduce(applyMutation, s));
}

/** Counts answers by status (and optionally by error code), for a test's diagnostic line. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(a: Answer | number, detail?: string): void {
    const key = `${typeof a === 'number' ? a : a.status}${detail === undefined ? '' : ` ${detail}`}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Adds the status and, for errors, Graph's error code. */
  addGraph(a: Answer): void {
    let code: string | undefined;
    if (a.status >= 400) {
      try {
        code = (JSON.parse(a.body) as GraphErrorEnvelope).error.code;
      } catch {
        code = '?';
      }
    }
    this.add(a, code);
  }

  toString(): string {
    return [...this.counts]
      .sort((x, y) => y[1] - x[1])
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
  }
}
