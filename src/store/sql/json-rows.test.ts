// Pages written straight to JSON (json-rows.ts) are exactly JSON.stringify of the rows as objects
// on the wire, for any stored row and any projection (decision 0007, serialised pages; decision
// 0083: no method is 'none').
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { METHODS_REGISTERED } from '../../reports/methods.js';
import type { RegistrationDetails } from '../../reports/model.js';
import { registrationDetailsToWire } from '../../graph/wire/registration-details.js';
import { DETAIL_COLUMNS, SYSTEM_PREFERRED_MODES, detailsFromArray, registrationJsonLayout } from './registration-columns.js';
import { compileLayout, jsonRowsOf } from './json-rows.js';

const PROPERTIES = Object.keys(detailsFromArray(Array.from({ length: DETAIL_COLUMNS.length }, () => 0))) as (keyof RegistrationDetails)[];

/** Text as a database may hold it: quotes, backslashes, control characters, non-ASCII, lone surrogates. */
const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('none', '', '"\\\n\u2028', '\uD800x', 'é'));
const flag = fc.constantFrom(0, 1);
/** An enum column as stored: 'none' for no method (registrationTail), never ''. */
const member = fc.oneof(
  fc.constant('none'),
  text.filter((t) => t !== ''),
);
/** The object as the by-id response sends it: the domain's '' for no method is 'none' (decision 0083). */
const wire = (d: RegistrationDetails) => registrationDetailsToWire(d, PROPERTIES);
const stored = fc
  .tuple(
    text,
    text,
    text,
    fc.constantFrom('member', 'guest'),
    flag,
    flag,
    flag,
    flag,
    flag,
    flag,
    flag,
    flag,
    flag,
    fc.integer({ min: 0, max: 2 ** SYSTEM_PREFERRED_MODES.length - 1 }),
    member,
    member,
    fc.integer({ min: 0, max: 2 ** METHODS_REGISTERED.length - 1 }),
    fc.oneof(text, fc.constant(null)),
    // The sort keys after the detail columns are not written.
    text,
  )
  .map((t): unknown[] => [...t]);
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
