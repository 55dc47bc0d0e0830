// Tests for the hand-written timestamp formatter against Date#toISOString.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashString, Rng } from './prng.js';
import { isoSeconds } from './wire.js';

test('isoSeconds matches toISOString without milliseconds, across eras and leap days', () => {
  const fixed = [0, -1, 951_782_400_000, 951_868_799_999, 4_107_542_400_000, -62_135_596_800_000, 1_709_164_800_123, 253_402_300_799_000];
  const rng = new Rng(hashString('iso'));
  const random = Array.from({ length: 20_000 }, () => Math.floor((rng.next() - 0.3) * 8e12)); // 1734–2223
  for (const ms of [...fixed, ...random]) {
    const expected = `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
    assert.equal(isoSeconds(ms), expected, String(ms));
  }
});
