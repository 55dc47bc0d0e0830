// Lenient typed reads of raw log field values, and Refusal: the reason a single record is not imported.
// Helpers take values, not (object, key): callers read `f['userId']` with a literal name, which V8
// turns into a fast named-property load, where a helper's variable key would be a slow keyed load.
import { isObject, type RawObject } from '../field-checks.js';
import { describe } from '../place.js';
import type { Envelope } from './envelope.js';
import { isoTime } from './log-time.js';
import { loneSurrogateEscape, loneSurrogateReason } from '../lone-surrogates.js';
import { DEFAULT_PARSE_LIMITS } from '../parse-limits.js';

export { isObject, isoTime, type RawObject };

/** Thrown by the normalisers for one record; the router turns it into a RefusedRecord and reads on. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
}

/** A string; numbers and booleans as their text (exports of dynamic columns vary); else null. */
export function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** A non-empty string, or null: exports write '' where Graph writes null. */
export function nonEmpty(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
}

/** true/false, or their text in any case (Log Analytics CSV-to-JSON conversions write "True"); else null. */
export function flag(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return null;
  const lower = v.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : null;
}

const INTEGER = /^\s*-?\d{1,15}\s*$/;

/** An integer, or a string holding one (Log Analytics `ResultType` is the code as a string: "0", "50126"). */
export function integer(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : null;
  if (v === '0') return 0; // success, the common case, without the pattern
  if (typeof v !== 'string' || !INTEGER.test(v)) return null;
  return Number(v);
}

/**
 * A nested object or array as written, or parsed from its JSON text: entra-rules §4.4, Log Analytics
 * writes dynamic columns (AuthenticationDetails, Status, InitiatedBy, TargetResources, …) as JSON
 * strings. Absent, null and '' read as undefined; a string that does not parse refuses the record,
 * naming the field `field` as the envelope spells it.
 */
export function nested(v: unknown, field: string, env: Envelope): unknown {
  if (typeof v !== 'string') return v === null ? undefined : v;
  let i = 0;
  while (i < v.length && (v.charCodeAt(i) === 0x20 || v.charCodeAt(i) === 0x09 || v.charCodeAt(i) === 0x0a || v.charCodeAt(i) === 0x0d)) i++;
  if (i === v.length) return undefined;
  const first = v.charCodeAt(i);
  if (first !== 0x7b && first !== 0x5b) return v;
  let value: unknown;
  try {
    value = JSON.parse(v) as unknown;
  } catch (err) {
    throw new Refusal(`${env.label(field)} is a string that is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  // Well formed (it parsed), a text opens at most half its length in containers: short ones need no scan.
  if (v.length > 2 * NESTED_MAX_DEPTH && nestsDeeper(v, NESTED_MAX_DEPTH)) {
    throw new Refusal(
      `${env.label(field)} is a JSON string nesting objects and arrays more than ${NESTED_MAX_DEPTH} levels deep: no export writes such a column`,
    );
  }
  const lone = loneSurrogateEscape(v);
  if (lone >= 0) throw new Refusal(`${env.label(field)}: ${loneSurrogateReason(v, lone, null)}`);
  return value;
}

/**
 * A column's JSON string is part of a record whose text was bounded (decision 0054), so its size is
 * too; its depth is not, and what it holds is stored and serialised again, recursively.
 */
const NESTED_MAX_DEPTH = DEFAULT_PARSE_LIMITS.maxDepth;

/** Whether JSON text (already parsed, so well formed) opens more than `max` containers at once. */
function nestsDeeper(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** A nested object (see nested), or null when absent or of another type. */
export function nestedObject(v: unknown, field: string, env: Envelope): RawObject | null {
  const n = nested(v, field, env);
  return isObject(n) ? n : null;
}

/** A nested array (see nested), or [] when absent or of another type. */
export function nestedArray(v: unknown, field: string, env: Envelope): readonly unknown[] {
  const n = nested(v, field, env);
  return Array.isArray(n) ? n : [];
}

/**
 * The record's time from field `field` of `f`, else from the envelope's second source (Event Hub
 * `time`); absent or invalid refuses the record. Labels are built only for the refusal.
 */
export function requiredTime(f: RawObject, field: string, env: Envelope): string {
  const value = f[field];
  const present = value !== undefined && value !== null && value !== '';
  const own = present || env.fallbackTime === null;
  const v = own ? value : env.fallbackTime[1];
  const iso = isoTime(v);
  if (iso !== null) return iso;
  if (v === undefined || v === null || v === '') {
    const also = env.fallbackTime === null ? '' : ` or ${env.fallbackTime[0]}`;
    throw new Refusal(`no time: expected a date-time "${env.label(field)}"${also}`);
  }
  throw new Refusal(`${own ? env.label(field) : env.fallbackTime[0]} is not an ISO-8601 date-time: found ${describe(v)}`);
}

/** The record's id: a non-empty string (numbers are taken as their text). */
export function requiredId(f: RawObject, env: Envelope): string {
  const value = f['id'];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new Refusal(
    value === undefined || value === null || value === ''
      ? `no id: expected a non-empty string "${env.label('id')}"`
      : `${env.label('id')} must be a string, found ${describe(value)}`,
  );
}
