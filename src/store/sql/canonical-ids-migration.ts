// Migration 5's statements (decision 0055): ids stored before ids were canonical get their GUIDs
// lower-cased, so the canonical keys of lookups, $filter and joins find them.
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { DB } from '../schema.js';

/**
 * True for a GUID (8-4-4-4-12 hex digits) that is not in lower case: the only rows to change.
 * Portable (SQLite and PostgreSQL: length, lower, substr, replace, ltrim with a character set).
 * `column` is a fixed name from this file, never input.
 */
function upperGuid(column: string): string {
  const c = column;
  return (
    `(length(${c}) = 36 AND ${c} <> lower(${c})` +
    ` AND substr(${c}, 9, 1) = '-' AND substr(${c}, 14, 1) = '-' AND substr(${c}, 19, 1) = '-' AND substr(${c}, 24, 1) = '-'` +
    ` AND length(replace(${c}, '-', '')) = 32 AND ltrim(lower(${c}), '0123456789abcdef-') = '')`
  );
}

/** Columns that are no part of a key: every GUID lower-cased. */
const PLAIN: readonly (readonly [table: keyof DB & string, column: string])[] = [
  ['group_members', 'group_id'],
  ['group_members', 'member_id'],
  ['role_assignments', 'principal_id'],
  ['role_assignments', 'role_definition_id'],
  ['signin_facts', 'user_id'],
  ['audit_records', 'correlation_id'],
  ['activity_events', 'user_id'],
  ['activity_events', 'session_id'],
  ['password_events', 'user_id'],
];

/**
 * Key columns (`id` within `scope`): a GUID is lower-cased unless that would give a row the key of
 * another — its lower-case twin is stored, or another spelling of it is. Such twins, which only a
 * snapshot read before decision 0055 can have left, stay as they are until the tenant's next
 * snapshot replaces them (the reader now refuses one id in two cases). The twins are found with
 * one grouped pass and one key lookup per changed row, never a scan per row.
 */
const KEYED: readonly (readonly [table: keyof DB & string, scope: readonly string[]])[] = [
  ['users', ['tenant_key']],
  ['groups', ['tenant_key']],
  ['registration_details', ['tenant_key', 'generation']],
  ['signin_facts', ['tenant_key']],
  ['audit_records', ['tenant_key']],
];

function keyedUpdate(table: string, scope: readonly string[]): string {
  const same = scope.map((k) => `o.${k} = ${table}.${k}`).join(' AND ');
  const cols = scope.join(', ');
  return (
    `UPDATE ${table} SET id = lower(id) WHERE ${upperGuid('id')}` +
    ` AND NOT EXISTS (SELECT 1 FROM ${table} o WHERE ${same} AND o.id = lower(${table}.id))` +
    ` AND (${cols}, lower(id)) NOT IN (SELECT ${cols}, lower(id) FROM ${table} WHERE ${upperGuid('id')} GROUP BY ${cols}, lower(id) HAVING count(*) > 1)`
  );
}

export function canonicalIdStatements(qb: Kysely<DB>): CompiledQuery[] {
  return [
    ...PLAIN.map(([table, column]) => sql.raw(`UPDATE ${table} SET ${column} = lower(${column}) WHERE ${upperGuid(column)}`).compile(qb)),
    ...KEYED.map(([table, scope]) => sql.raw(keyedUpdate(table, scope)).compile(qb)),
  ];
}
