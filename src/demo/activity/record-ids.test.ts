// Record ids: GUID-shaped, unique by construction across families, users (beyond 2^32) and sequences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashString } from '../prng.js';
import { IdFamily, RecordIds, UserIds } from './record-ids.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('no two (family, user, sequence) share an id', () => {
  const ids = new RecordIds(hashString('ids'));
  const seen = new Set<string>();
  const users = [0, 1, 2, 4294967295, 4294967296, 4294967297, 2 ** 40 - 1];
  for (const family of Object.values(IdFamily)) {
    for (const user of users) {
      for (let seq = 0; seq < 3000; seq++) {
        const id = ids.id(family, user, seq);
        assert.match(id, GUID);
        assert.ok(!seen.has(id), `collision at ${family}/${user}/${seq}`);
        seen.add(id);
      }
    }
  }
});

test('same seed, same ids; another seed, other ids; the sequence is bounded', () => {
  const a = new RecordIds(hashString('a'));
  assert.equal(a.id(IdFamily.SignIn, 7, 9), new RecordIds(hashString('a')).id(IdFamily.SignIn, 7, 9));
  assert.notEqual(a.id(IdFamily.SignIn, 7, 9), new RecordIds(hashString('b')).id(IdFamily.SignIn, 7, 9));
  assert.throws(() => a.id(IdFamily.Audit, 0, 2 ** 24), RangeError);
  assert.throws(() => a.id(IdFamily.Audit, 0, -1), RangeError);
});

test("a user's counters number each family from zero", () => {
  const ids = new RecordIds(hashString('u'));
  const u = new UserIds(ids, 42);
  assert.equal(u.take(IdFamily.Audit), ids.id(IdFamily.Audit, 42, 0));
  assert.equal(u.take(IdFamily.SignIn), ids.id(IdFamily.SignIn, 42, 0));
  assert.equal(u.take(IdFamily.Audit), ids.id(IdFamily.Audit, 42, 1));
});
