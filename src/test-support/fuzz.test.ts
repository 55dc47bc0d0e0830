// The fuzz tests' own invariants must catch what they claim to: leaks, broken envelopes, 5xx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertEnvelope, assertGraphAnswer, assertNoLeak, pctAll, type Answer } from './fuzz.js';

const ids = { 'request-id': 'r1', 'client-request-id': 'c1' };
const envelope = (message: string) => JSON.stringify({ error: { code: 'BadRequest', message, innerError: { date: '2026-11-20T12:00:00', ...ids } } });
const answer = (status: number, body: string): Answer => ({ status, headers: { 'content-type': 'application/json', ...ids }, body });

test('leaks are found unless the client sent them', () => {
  for (const leak of [
    'Error: x\n    at parse (/work/main/dist/odata/parse-filter.js:12:3)',
    'SQLITE_ERROR: near "x"',
    'SELECT id FROM users WHERE 1',
    'in /src/graph/x.ts',
    'node_modules/fastify',
  ]) {
    assert.throws(() => assertNoLeak(envelope(leak), [], 'test'), /shows/, leak);
  }
  assertNoLeak(envelope("Could not find a property named 'SELECT'"), ['$filter=SELECT eq 1'], 'echo');
  assertNoLeak(envelope('expected an integer from 1 to 1000'), [], 'lower-case prose');
});

test('envelopes are checked field by field, against the headers', () => {
  assertEnvelope(answer(400, envelope('x')), 'ok');
  assert.throws(() => assertEnvelope(answer(400, '{"error":"Bad Request","code":"FST_ERR_BAD_URL"}'), 'fastify'));
  assert.throws(() =>
    assertEnvelope({ ...answer(400, envelope('x')), headers: { 'content-type': 'application/json', 'request-id': 'other', 'client-request-id': 'c1' } }, 'ids'),
  );
  assert.throws(() => assertGraphAnswer(answer(500, envelope('x')), { sent: [], context: '500' }), /500/);
  assert.throws(
    () => assertGraphAnswer({ ...answer(200, '{}'), headers: { ...ids, 'client-request-id': 'a b' } }, { sent: [], context: 'crid' }),
    /client-request-id/,
  );
});

test('percent-encoding never throws, even on lone surrogates', () => {
  assert.equal(pctAll('a b\ud800'), 'a%20b%EF%BF%BD');
  assert.equal(pctAll("x eq 'é'", /[a-z]/), 'x%20eq%20%27%C3%A9%27');
});
