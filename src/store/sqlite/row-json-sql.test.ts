// SQLite's row JSON (row-json-sql.ts) is byte for byte the JavaScript writer's, and so
// JSON.stringify of the row as an object on the wire, for any stored values and any projection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { sql } from 'kysely';
import { METHODS_REGISTERED } from '../../reports/methods.js';
import type { RegistrationDetails } from '../../reports/model.js';
import { registrationDetailsToWire } from '../../graph/wire/registration-details.js';
import { DETAIL_COLUMNS, SYSTEM_PREFERRED_MODES, detailsFromArray, registrationJsonLayout } from '../sql/registration-columns.js';
import { compileLayout } from '../sql/json-rows.js';
import { rowJsonSql } from './row-json-sql.js';
import { compileOnlySqlite } from './sqlite-engine.js';

const PROPERTIES = Object.keys(detailsFromArray(Array.from({ length: DETAIL_COLUMNS.length }, () => 0))) as (keyof RegistrationDetails)[];
const text = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('none', '', '"\\\n\u2028\u0000\u001f\u007f', "it's", 'é😀'),
);
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
  )
  .map((t): unknown[] => [...t]);

test('SQLite writes each row as the JavaScript writer does, which is JSON.stringify of the row as an object on the wire', () => {
  const db = new Database(':memory:');
  db.exec(`create table r (${DETAIL_COLUMNS.map((c) => `${c}`).join(', ')})`);
  const insert = db.prepare(`insert into r values (${DETAIL_COLUMNS.map(() => '?').join(', ')})`);
  const qb = compileOnlySqlite();
  try {
    fc.assert(
      fc.property(stored, fc.array(fc.constantFrom(...PROPERTIES), { maxLength: 24 }), (values, properties) => {
        db.exec('delete from r');
        insert.run(...(values as (string | number | null)[]));
        // Read back first: what SQLite stores (a lone surrogate becomes U+FFFD) is what either writer sees.
        const row = db
          .prepare(`select ${DETAIL_COLUMNS.join(', ')} from r`)
          .raw(true)
          .get() as unknown[];
        const layout = registrationJsonLayout(properties);
        const written = Buffer.from(
          db
            .prepare(sql`select ${rowJsonSql(layout, DETAIL_COLUMNS)} from r`.compile(qb).sql)
            .pluck()
            .get() as Uint8Array,
        ).toString('utf8');
        assert.equal(written, compileLayout(layout)(row));
        assert.equal(written, JSON.stringify(wire(detailsFromArray(row)), properties));
      }),
      { numRuns: 1000 },
    );
  } finally {
    db.close();
  }
});
