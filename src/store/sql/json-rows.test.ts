// Pages written straight to JSON (json-rows.ts) are exactly JSON.stringify of the rows as objects
// on the wire, for any stored row and any projection (decision 0007, serialised pages; decision
// 0083: no method is 'none').
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { detailsFromArray, registrationJsonLayout } from './registration-columns.js';
import { PROPERTIES, storedRow, storedText, wire } from '../../test-support/stored-rows.js';
import { compileLayout, jsonRowsOf } from './json-rows.js';

/** A stored row, then a sort key after the detail columns (not written). */
const stored = fc.tuple(storedRow, storedText).map(([row, key]) => [...row, key]);
const projection = fc.array(fc.constantFrom(...PROPERTIES), { maxLength: 24 });

test('a row written by its layout is JSON.stringify of the row as an object on the wire, for any projection', () => {
  fc.assert(
    fc.property(stored, projection, (row, properties) => {
      const expected = JSON.stringify(wire(detailsFromArray(row)), properties);
      assert.equal(compileLayout(registrationJsonLayout(properties))(row), expected);
    }),
    { numRuns: 2000 },
  );
});

test('a page: at most `limit` rows, comma-separated, the last one written and whether more follow', () => {
  fc.assert(
    fc.property(fc.array(stored, { maxLength: 12 }), fc.integer({ min: 0, max: 12 }), projection, (rows, limit, properties) => {
      const page = jsonRowsOf(rows, registrationJsonLayout(properties), limit);
      const kept = rows.slice(0, limit);
      assert.equal(
        `[${Buffer.from(page.json).toString('utf8')}]`,
        JSON.stringify(
          kept.map((r) => wire(detailsFromArray(r))),
          properties,
        ),
      );
      assert.equal(page.rows, kept.length);
      assert.deepEqual(page.last, kept.at(-1) ?? null);
      assert.equal(page.more, rows.length > limit);
    }),
    { numRuns: 500 },
  );
});
