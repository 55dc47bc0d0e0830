// Tests for canonicalId: GUIDs lower-cased, everything else untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalId, canonicalIdOrNull, canonicalIdsIn } from './object-id.js';

const LOWER = '0b5e4a1c-7d2f-4c1e-9a3b-5f6e7d8c9b0a';

test('a GUID in any case becomes lower case; a lower-case one is the same string', () => {
  assert.equal(canonicalId(LOWER.toUpperCase()), LOWER);
  assert.equal(canonicalId('0B5E4a1c-7d2F-4c1e-9a3b-5f6e7d8c9b0A'), LOWER);
  assert.equal(canonicalId(LOWER), LOWER);
  assert.equal(canonicalIdOrNull(LOWER.toUpperCase()), LOWER);
  assert.equal(canonicalIdOrNull(null), null);
});

test('anything that is not a GUID is kept as written (adapters may have case-sensitive ids)', () => {
  for (const id of [
    '',
    'u1',
    'Alice',
    '00uAbCdEfGhIjKlMnO',
    `{${LOWER.toUpperCase()}}`,
    LOWER.toUpperCase().replaceAll('-', ''),
    `${LOWER.toUpperCase().slice(0, 35)}G`,
    `${LOWER.toUpperCase().slice(0, 8)}_${LOWER.toUpperCase().slice(9)}`,
    'Directory_ABCDEF01-2345-6789-ABCD-EF0123456789_X',
    'record:ABC',
  ]) {
    assert.equal(canonicalId(id), id, id);
  }
});

test('canonicalIdsIn lower-cases the GUIDs inside a text and nothing else', () => {
  assert.equal(canonicalIdsIn(`/administrativeUnits/${LOWER.toUpperCase()}`), `/administrativeUnits/${LOWER}`);
  assert.equal(canonicalIdsIn('/'), '/');
});
