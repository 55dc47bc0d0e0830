// SQLite's row JSON (row-json-sql.ts) is byte for byte the JavaScript writer's, and so
// JSON.stringify of the row as an object on the wire, for any stored values and any projection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { sql } from 'kysely';
import { DETAIL_COLUMNS, detailsFromArray, registrationJsonLayout } from '../sql/registration-columns.js';
import { PROPERTIES, storedRow, wire } from '../../test-support/stored-rows.js';
import { compileLayout } from '../sql/json-rows.js';
import { rowJsonSql } from './row-json-sql.js';
import { compileOnlySqlite } from './sqlite-engine.js';

const stored = storedRow;

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
