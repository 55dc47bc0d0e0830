// Columns packed for the writer thread (one string and the lengths) give back every value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { forEachRow, packColumns, type InsertNewCall } from './insert-new.js';

const call = (columns: InsertNewCall['columns'], rowCount: number): InsertNewCall => ({
  sql: '',
  columns,
  rowCount,
  counters: [],
  dependents: [{ sql: '', columns, owners: new Int32Array(rowCount) }],
});

const rows = (c: InsertNewCall, dependent: boolean): unknown[][] => {
  const out: unknown[][] = [];
  forEachRow(dependent ? c.dependents[0]!.columns : c.columns, c.rowCount, (row) => out.push([...row]));
  return out;
};

test('packed columns of strings and nulls read back as sent; other columns are left as they are', () => {
  const value = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constant(null), fc.constant(''));
  fc.assert(
    fc.property(
      fc
        .integer({ min: 1, max: 30 })
        .chain((n) => fc.tuple(fc.constant(n), fc.array(value, { minLength: n, maxLength: n }), fc.array(fc.integer(), { minLength: n, maxLength: n }))),
      ([n, strings, numbers]) => {
        const mixed = strings.map((s, i) => (i === 0 ? 1 : s));
        const sent = call([strings, numbers, mixed, { value: 7 }], n);
        const packed = packColumns(sent);
        assert.ok(!Array.isArray(packed.columns[0]) && 'packed' in packed.columns[0]!);
        assert.ok(Array.isArray(packed.columns[1]));
        assert.equal(packed.columns[2], mixed);
        assert.deepStrictEqual(rows(packed, false), rows(sent, false));
        assert.deepStrictEqual(rows(packed, true), rows(sent, true));
      },
    ),
    { seed: 20261123, numRuns: 300 },
  );
});
