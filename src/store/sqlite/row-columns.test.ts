// Rows sent to the writer thread as columns (row-columns.ts) read back as the very values sent:
// numbers (-0 and NaN included), strings, nulls, booleans and mixed columns, one value or many.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import fc from 'fast-check';
import { forEachRow } from './insert-new.js';
import { rowsAsColumns } from './row-columns.js';

const value = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, Number.NaN, 1),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ minLength: 70, maxLength: 200 }),
  fc.constantFrom('same', ''),
  fc.constant(null),
  fc.boolean(),
);

test('columns read back row by row as the values sent, through the structured clone', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }).chain((width) =>
        fc.tuple(
          fc.constant(width),
          // Per column, either any values or one value repeated (the columns that cross once).
          fc.array(fc.oneof(fc.array(value, { minLength: 1, maxLength: 1 }), fc.array(value, { minLength: 1, maxLength: 4 })), {
            minLength: width,
            maxLength: width,
          }),
          fc.integer({ min: 1, max: 40 }),
          fc.infiniteStream(fc.nat()),
        ),
      ),
      ([width, pools, count, picks]) => {
        const rows = Array.from({ length: count }, () => pools.map((pool) => pool[picks.next().value % pool.length]));
        const sent = v8.deserialize(v8.serialize(rowsAsColumns(rows, width))) as ReturnType<typeof rowsAsColumns>;
        const back: unknown[][] = [];
        forEachRow(sent, count, (row) => back.push([...row]));
        assert.equal(back.length, rows.length);
        back.forEach((row, i) => row.forEach((v, c) => assert.ok(Object.is(v, rows[i]![c]), `row ${i} column ${c}: ${String(v)} ≠ ${String(rows[i]![c])}`)));
      },
    ),
    { seed: 20261206, numRuns: 500 },
  );
});
