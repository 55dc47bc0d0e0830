// Code-point ordering: the order SQLite BINARY and PostgreSQL "C" give, which JS `<` does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareCodePoints } from './compare-values.js';

test('astral characters sort after the BMP private-use and specials area', () => {
  assert.ok('\u{1F600}' < '\uFFFD', 'JS compares UTF-16 units');
  assert.ok(compareCodePoints('\u{1F600}', '\uFFFD') > 0);
  assert.ok(compareCodePoints('\uE000', '\u{10000}') < 0);
  assert.ok(compareCodePoints('\uD7FF', '\u{10000}') < 0);
});

test('ordinary strings compare as usual, prefixes first', () => {
  const sorted = ['b', 'ab', 'a', '', 'é', 'Z', 'a\u{1F600}', 'a\uFFFF'].sort(compareCodePoints);
  assert.deepEqual(sorted, ['', 'Z', 'a', 'ab', 'a\uFFFF', 'a\u{1F600}', 'b', 'é']);
  assert.equal(compareCodePoints('same', 'same'), 0);
});

test('agrees with UTF-8 byte order', () => {
  const samples = ['a', '\u007F', '\u0080', '\u07FF', '\u0800', '\uD7FF', '\uE000', '\uFFFF', '\u{10000}', '\u{10FFFF}', 'ß', 'ss'];
  for (const x of samples) {
    for (const y of samples) {
      const bytes = Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8'));
      assert.equal(Math.sign(compareCodePoints(x, y)), bytes, `${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
    }
  }
});
