// The parse limits (decision 0054) at their boundaries, on every reader path: a record of exactly
// the limit is read, one byte, value or level more is refused with its place, the limit and how to
// raise it; however the input is chunked; and a 100,000-deep value is a refusal, never a stack overflow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from './parse-limits.js';
import { jsonDoc, ndjson, read, readError, user, HEADER } from './snapshot/test-support.js';
import * as logs from './logs/test-support.js';
import { graphSignIn } from './logs/sample-logs.js';
import { chunkBoundaryRefusalSuite } from '../test-support/chunk-boundary-suite.js';

/** JSON values in a parsed value: objects, arrays and scalars, member names not counted. */
function valuesIn(v: unknown): number {
  if (Array.isArray(v)) return 1 + (v as unknown[]).reduce((n: number, x) => n + valuesIn(x), 0);
  if (v !== null && typeof v === 'object') return 1 + Object.values(v as Record<string, unknown>).reduce((n: number, x) => n + valuesIn(x), 0);
  return 1;
}

/** Containers open at once, the value itself counted. */
function depthOf(v: unknown): number {
  const inner: unknown[] | null = Array.isArray(v)
    ? (v as unknown[])
    : v !== null && typeof v === 'object'
      ? Object.values(v as Record<string, unknown>)
      : null;
  return inner === null ? 0 : 1 + inner.reduce((m: number, x) => Math.max(m, depthOf(x)), 0);
}

const nest = (levels: number): unknown => {
  let v: unknown = 0;
  for (let i = 1; i < levels; i++) v = [v];
  return v;
};

/** A user whose compact JSON is exactly `bytes` long. */
function userOfBytes(bytes: number): Record<string, unknown> {
  const base = user('sized', { note: '' });
  const pad = bytes - JSON.stringify(base).length;
  assert.ok(pad >= 0);
  return user('sized', { note: 'x'.repeat(pad) });
}

const custom = (over: Partial<ParseLimits>): ParseLimits => ({ ...DEFAULT_PARSE_LIMITS, ...over });

describe('parse limits: snapshots', () => {
  const big = user('big', { tags: [{ a: [1, 2, { b: null }] }, [], {}, 'x', true], deep: { a: { b: [[{ c: 1 }]] } } });
  const values = valuesIn(big);
  const depth = depthOf(big);

  for (const encoding of ['json', 'ndjson'] as const) {
    const doc = (u: unknown) => (encoding === 'json' ? jsonDoc([user('a'), u]) : ndjson([{ user: user('a') }, { user: u }]));
    const place = encoding === 'json' ? 'users[1]' : 'line 3';
    // NDJSON meters the whole line: {"user":…} adds one value and one level.
    const extra = encoding === 'json' ? 0 : 1;

    it(`${encoding}: a user of exactly maxRecordBytes is read; one byte more is refused (limit 'bytes')`, async () => {
      const size = 400;
      const wrap = encoding === 'json' ? 0 : '{"user":}'.length;
      const { summary } = await read(doc(userOfBytes(size - wrap)), { limits: { maxRecordBytes: size } });
      assert.equal(summary.users, 2);
      const err = await readError(doc(userOfBytes(size - wrap + 1)), { limits: { maxRecordBytes: size } });
      assert.equal(err.where, place);
      assert.equal(err.limit, 'bytes');
      assert.match(err.message, /is (larger|longer) than 400 bytes, the limit on one record .*--max-record-bytes N.*AMR_MAX_RECORD_BYTES/);
    });

    it(`${encoding}: a user of exactly maxRecordElements values is read; one more is refused (limit 'elements')`, async () => {
      const { summary } = await read(doc(big), { limits: { maxRecordElements: values + extra } });
      assert.equal(summary.users, 2);
      const err = await readError(doc(big), { limits: { maxRecordElements: values + extra - 1 } });
      assert.deepEqual([err.where, err.limit], [place, 'elements']);
      assert.match(err.message, new RegExp(`holds more than ${values + extra - 1} JSON values .*--max-record-elements N`));
    });

    it(`${encoding}: a user nested exactly maxDepth deep is read; one level more is refused (limit 'depth')`, async () => {
      const { summary } = await read(doc(big), { limits: { maxDepth: depth + extra } });
      assert.equal(summary.users, 2);
      const err = await readError(doc(big), { limits: { maxDepth: depth + extra - 1 } });
      assert.deepEqual([err.where, err.limit], [place, 'depth']);
      assert.match(err.message, new RegExp(`more than ${depth + extra - 1} levels deep \\(at byte \\d+\\).*--max-depth N`));
    });

    it(`${encoding}: a field nested 100,000 deep is refused by the depth limit, not a stack overflow`, async () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const text = doc(user('deep', { deep: 'DEEP' })).replace('"DEEP"', deep);
      const err = await readError(text);
      assert.deepEqual([err.where, err.limit], [place, 'depth']);
      assert.match(err.message, /more than 64 levels deep/);
    });

    it(`${encoding}: a user of 400,000 tiny objects is refused by the value limit, not parsed`, async () => {
      const text = doc(user('many', { list: 'LIST' })).replace('"LIST"', `[${'{},'.repeat(400_000)}{}]`);
      const err = await readError(gzipSync(text), { limits: { maxRecordBytes: 4 * 1024 * 1024 } });
      assert.deepEqual([err.where, err.limit], [place, 'elements']);
    });
  }

  it('the header members have their own, larger limits: policies of 2 MiB are read, a user of 2 MiB is not', async () => {
    const policies = { authenticationMethodsPolicy: { id: 'authenticationMethodsPolicy', note: 'p'.repeat(2 * 1024 * 1024) } };
    const { summary } = await read(jsonDoc([user('a')], { policies }));
    assert.equal(summary.users, 1);
    const nd = await read(ndjson([{ user: user('a') }], { ...HEADER, policies }));
    assert.equal(nd.summary.users, 1);
    const err = await readError(jsonDoc([user('a', { note: 'p'.repeat(2 * 1024 * 1024) })]));
    assert.deepEqual([err.where, err.limit], ['users[0]', 'bytes']);
    const header = await readError(jsonDoc([user('a')], { policies: { note: 'p'.repeat(9 * 1024 * 1024) } }));
    assert.deepEqual([header.where, header.limit], ['policies', 'bytes']);
  });

  it('limits must be positive integers', async () => {
    await assert.rejects(read(jsonDoc([]), { limits: { maxDepth: 0 } }), RangeError);
  });

  const refusedDoc = Buffer.from(jsonDoc([user('a'), big, user('c')]));
  chunkBoundaryRefusalSuite('snapshot JSON over its value limit', refusedDoc, {
    errorOf: async (bytes) => {
      const e = await readError(bytes, { limits: custom({ maxRecordElements: values - 1 }) });
      return [e.where, e.message];
    },
    seeds: 10,
    maxChunk: 40,
    splitStep: () => 3,
  });
  const refusedNd = Buffer.from(ndjson([{ user: user('a') }, { user: big }]));
  chunkBoundaryRefusalSuite('snapshot NDJSON over its depth limit', refusedNd, {
    errorOf: async (bytes) => {
      const e = await readError(bytes, { limits: custom({ maxDepth: depth }) });
      return [e.where, e.message];
    },
    seeds: 10,
    maxChunk: 40,
    splitStep: () => 3,
  });
});

describe('parse limits: logs', () => {
  const first = graphSignIn(1);
  // Larger, with more values and deeper than the first in every measure.
  const second = { ...graphSignIn(2), extra: [[[[1, 2, 3, 4, 5, 'padding padding padding']]]] };
  const values = valuesIn(second);
  const depth = depthOf(second);

  it('NDJSON: a line of exactly its limits (16× the bytes, 2× the values, 2 more levels) is read; one more stops the file after the records before it', async () => {
    // Padded so that the line's bytes are a multiple of 16 and its values even.
    let line = JSON.stringify({ ...second, pad: '' });
    line = JSON.stringify({ ...second, pad: 'x'.repeat((16 - (Buffer.byteLength(line) % 16)) % 16), ...(valuesIn(second) % 2 === 0 ? { odd: 1 } : {}) });
    const lineValues = valuesIn(JSON.parse(line) as unknown);
    assert.equal(Buffer.byteLength(line) % 16, 0);
    assert.equal(lineValues % 2, 0);
    const text = `${JSON.stringify(first)}\n${line}\n`;
    const exact = { maxRecordBytes: Buffer.byteLength(line) / 16, maxRecordElements: lineValues / 2, maxDepth: depth - 2 };
    assert.equal((await logs.read(text, { limits: exact })).summary.signIns, 2);
    for (const [kind, over] of [
      ['bytes', { maxRecordBytes: exact.maxRecordBytes - 1 }],
      ['elements', { maxRecordElements: exact.maxRecordElements - 1 }],
      ['depth', { maxDepth: depth - 3 }],
    ] as const) {
      const { error, sink } = await logs.readError(text, { limits: { ...exact, ...over }, batchSize: 1 });
      assert.deepEqual([error.where, error.limit], ['line 2', kind], kind);
      assert.match(error.message, /the limit on one (line|record).*raise the limit \(amr import --max-/);
      assert.equal(sink.signInList.length, 1, `${kind}: the record before the fault reached the sink`);
    }
  });

  it('NDJSON: a Graph page of 1,000 sign-ins on one line is read with the default limits', async () => {
    const page = JSON.stringify({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
      value: Array.from({ length: 1000 }, (_, i) => graphSignIn(i)),
    });
    assert.ok(Buffer.byteLength(page) > 2 * 1024 * 1024);
    assert.equal((await logs.read(`${page}\n`)).summary.signIns, 1000);
  });

  it('a JSON document: each element of value/records is a record; a one-object document is measured member by member', async () => {
    const page = JSON.stringify({ value: [first, second] }, null, 1);
    const exact = { maxRecordElements: values, maxDepth: depth };
    assert.equal((await logs.read(page, { limits: exact })).summary.signIns, 2);
    const { error } = await logs.readError(page, { limits: { maxRecordElements: values - 1 } });
    assert.deepEqual([error.where, error.limit], ['value[1]', 'elements']);
    const deeper = await logs.readError(page, { limits: { maxDepth: depth - 1 } });
    assert.deepEqual([deeper.error.where, deeper.error.limit], ['value[1]', 'depth']);
    const one = JSON.stringify(second);
    assert.equal((await logs.read(one, { limits: exact, hint: 'json' })).summary.signIns, 1);
    const many = await logs.readError(one, { limits: { maxRecordElements: values - 1 }, hint: 'json' });
    assert.deepEqual([many.error.where, many.error.limit], ['document', 'elements']);
    const large = await logs.readError(one, { limits: { maxRecordBytes: Buffer.byteLength(one) - 10 }, hint: 'json' });
    assert.deepEqual([large.error.where, large.error.limit], ['document', 'bytes']);
  });

  it('a line of a million tiny objects (the 61 KB gzip attack) stops at the value limit before any parse', async () => {
    const text = `${JSON.stringify(first)}\n[${'{},'.repeat(1_000_000)}{}]\n`;
    const { error, sink } = await logs.readError(gzipSync(text), { batchSize: 1 });
    assert.deepEqual([error.where, error.limit], ['line 2', 'elements']);
    assert.match(error.message, /holds more than 400000 JSON values/);
    assert.equal(sink.signInList.length, 1);
    const bytes = await logs.readError(gzipSync(`${JSON.stringify(first)}\n"${'x'.repeat(17 * 1024 * 1024)}"\n`));
    assert.deepEqual([bytes.error.where, bytes.error.limit], ['line 2', 'bytes']);
    assert.match(bytes.error.message, /is longer than 16 MiB, the limit on one line/);
  });

  it('a column holding JSON nested deeper than 64 levels refuses its record only', async () => {
    const row = {
      Type: 'SigninLogs',
      TimeGenerated: '2026-01-02T03:04:05Z',
      Id: 'r1',
      CreatedDateTime: '2026-01-02T03:04:05Z',
      AADTenantId: 'dd5bff5f-1a20-4f27-864d-c3b9d8f78e1f',
      ResultType: '0',
      UserId: 'u',
      Status: JSON.stringify(nest(70)),
    };
    const { sink } = await logs.read(`${JSON.stringify(row)}\n${JSON.stringify(first)}\n`);
    assert.equal(sink.refusedList.length, 1);
    assert.match(sink.refusedList[0]?.reason ?? '', /Status is a JSON string nesting objects and arrays more than 64 levels deep/);
    assert.equal(sink.signInList.length, 1);
  });

  const refused = Buffer.from(`${JSON.stringify(first)}\n${JSON.stringify(second)}\n`);
  chunkBoundaryRefusalSuite('log NDJSON over its value limit', refused, {
    errorOf: async (bytes) => {
      const { error } = await logs.readError(bytes, { limits: { maxRecordElements: Math.floor((values - 1) / 2) } });
      return [error.where, error.message];
    },
    seeds: 10,
    maxChunk: 40,
    splitStep: () => 5,
  });
  const doc = Buffer.from(JSON.stringify({ records: [first, second] }, null, 1));
  chunkBoundaryRefusalSuite('log document over its depth limit', doc, {
    errorOf: async (bytes) => {
      const { error } = await logs.readError(bytes, { limits: { maxDepth: depth - 1 } });
      return [error.where, error.message];
    },
    seeds: 10,
    maxChunk: 40,
    splitStep: () => 5,
  });
});
