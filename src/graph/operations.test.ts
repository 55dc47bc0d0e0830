// The operations table holds together: every row's options can be validated (an entity for the
// options that name properties, a maxTop for $top), and a $count row comes before the keyed row
// that would otherwise swallow its segment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPERATIONS } from './operations.js';
import { optionReader } from './query-options.js';

test("every row's validator can be built on each of its versions", () => {
  for (const op of OPERATIONS) {
    for (const version of op.versions) {
      assert.doesNotThrow(
        () => optionReader(op, { version, includeUnknownEnumMembers: false, filterLimits: { maxLength: 4096, maxDepth: 32 } }),
        `${op.id}@${version}`,
      );
    }
  }
});

test('a row missing what its options need is refused', () => {
  const op = { ...OPERATIONS.find((o) => o.id === 'userEventsSummary.list')!, entity: undefined };
  assert.throws(() => optionReader(op, { version: 'beta', includeUnknownEnumMembers: false, filterLimits: { maxLength: 10, maxDepth: 2 } }), /need an entity/);
  const noTop = { ...OPERATIONS.find((o) => o.id === 'userEventsSummary.list')!, maxTop: undefined };
  assert.throws(() => optionReader(noTop, { version: 'beta', includeUnknownEnumMembers: false, filterLimits: { maxLength: 10, maxDepth: 2 } }), /maxTop/);
});

test('a $count row comes before the by-id row of the same set (dispatch takes the first match)', () => {
  const ids = OPERATIONS.map((o) => o.id);
  for (const [i, id] of ids.entries()) {
    if (!id.endsWith('.count')) continue;
    const get = ids.indexOf(id.replace(/\.count$/, '.get'));
    assert.ok(get === -1 || get > i, `${id} after its .get row`);
  }
});

test('only paged lists take $skiptoken, and every list that takes $count=true takes $top too', () => {
  for (const op of OPERATIONS) {
    if (op.options.includes('$skiptoken')) assert.ok(op.id.endsWith('.list') && op.options.includes('$top'), op.id);
    if (op.options.includes('$count')) assert.ok(op.options.includes('$top'), op.id);
  }
});
