// The $skiptoken codec: a signed token whose payload has the wrong shape is refused like a forged one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphError } from './errors.js';
import { decodeSkipToken, encodeSkipToken, type SkipTokenState } from './skiptoken.js';

const SECRET = 'secret';
const GOOD: SkipTokenState = { t: 'tenant', g: 1, o: 'op@v1.0', q: { top: '1' }, k: ['a'], c: 'caller' };

test('a token round-trips', () => {
  assert.deepEqual(decodeSkipToken(SECRET, encodeSkipToken(SECRET, GOOD)), GOOD);
});

// Found by src/server/fuzz-query.test.ts: a signed payload without `q` (or with a number in it, or
// an object among the keyset values) reached the paging code and answered 500.
test('every field is checked even though the token is signed: a wrong shape is a 400', () => {
  const wrong: readonly Record<string, unknown>[] = [
    { ...GOOD, q: undefined },
    { ...GOOD, q: null },
    { ...GOOD, q: ['top'] },
    { ...GOOD, q: { top: 1 } },
    { ...GOOD, q: { filter: { a: 1 } } },
    { ...GOOD, k: [1] },
    { ...GOOD, k: [{}] },
    { ...GOOD, k: [null] },
    { ...GOOD, k: 'a' },
    { ...GOOD, g: 1.5 },
    { ...GOOD, g: -1 },
    { ...GOOD, g: '1' },
    { ...GOOD, o: 3 },
    { ...GOOD, t: null },
    { ...GOOD, c: undefined },
  ];
  for (const state of wrong) {
    const token = encodeSkipToken(SECRET, state as unknown as SkipTokenState);
    assert.throws(
      () => decodeSkipToken(SECRET, token),
      (e: unknown) => e instanceof GraphError && e.status === 400,
      JSON.stringify(state),
    );
  }
  for (const payload of [null, 1, 'x', []]) {
    const token = encodeSkipToken(SECRET, payload as unknown as SkipTokenState);
    assert.throws(
      () => decodeSkipToken(SECRET, token),
      (e: unknown) => e instanceof GraphError && e.status === 400,
      JSON.stringify(payload),
    );
  }
});
