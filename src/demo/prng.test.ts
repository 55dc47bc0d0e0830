// Tests for the seeded randomness and the id/permutation helpers built on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guidFromWords, IdSpace, IndexPermutation, ObjectIds } from './ids.js';
import { hashString, Rng, streamFor, WeightedTable } from './prng.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('hashString is stable and sensitive to every character', () => {
  assert.deepEqual(hashString('amr'), hashString('amr'));
  assert.notDeepEqual(hashString('amr'), hashString('amR'));
  assert.notDeepEqual(hashString(''), hashString(' '));
});

test('Rng replays the same sequence for the same seed and differs otherwise', () => {
  const take = (r: Rng): number[] => Array.from({ length: 8 }, () => r.u32());
  assert.deepEqual(take(new Rng(hashString('a'))), take(new Rng(hashString('a'))));
  assert.notDeepEqual(take(new Rng(hashString('a'))), take(new Rng(hashString('b'))));
  assert.notDeepEqual(take(streamFor(hashString('a'), 1, 7)), take(streamFor(hashString('a'), 1, 8)));
  assert.notDeepEqual(take(streamFor(hashString('a'), 1, 7)), take(streamFor(hashString('a'), 2, 7)));
});

test('Rng.next is roughly uniform', () => {
  const rng = new Rng(hashString('uniform'));
  const buckets = new Array<number>(10).fill(0);
  for (let i = 0; i < 100_000; i++) buckets[Math.floor(rng.next() * 10)]! += 1;
  for (const b of buckets) assert.ok(b > 9_500 && b < 10_500, `bucket ${b}`);
});

test('WeightedTable follows its weights and rejects empty tables', () => {
  const table = new WeightedTable([
    ['a', 1],
    ['b', 3],
  ] as const);
  assert.equal(table.pick(0), 'a');
  assert.equal(table.pick(0.2499), 'a');
  assert.equal(table.pick(0.25), 'b');
  assert.equal(table.pick(0.9999), 'b');
  assert.throws(() => new WeightedTable([['a', 0]]), RangeError);
});

test('IndexPermutation is a bijection of [0, size) for awkward sizes', () => {
  for (const size of [1, 2, 3, 1000, 7039, 65_537]) {
    const perm = new IndexPermutation(size, hashString(`p${size}`), 1);
    const seen = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const p = perm.permute(i);
      assert.ok(p >= 0 && p < size && seen[p] === 0, `size ${size}: ${i} → ${p}`);
      seen[p] = 1;
    }
  }
});

test('ObjectIds are GUID-shaped, stable and never collide across spaces', () => {
  const ids = new ObjectIds(hashString('ids'));
  const seen = new Set<string>();
  for (let i = 0; i < 50_000; i++) {
    for (const space of [IdSpace.User, IdSpace.Group]) {
      const id = ids.id(space, i);
      assert.match(id, GUID);
      assert.ok(!seen.has(id), `duplicate ${id}`);
      seen.add(id);
    }
  }
  assert.equal(new ObjectIds(hashString('ids')).id(IdSpace.User, 42), ids.id(IdSpace.User, 42));
  assert.notEqual(new ObjectIds(hashString('other')).id(IdSpace.User, 42), ids.id(IdSpace.User, 42));
});

test('guidFromWords forces the version and variant nibbles', () => {
  assert.equal(guidFromWords(0, 0, 0, 0), '00000000-0000-4000-8000-000000000000');
  assert.match(guidFromWords(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff), GUID);
});
