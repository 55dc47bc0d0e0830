// Normalises Entra's date-times to ISO-8601 UTC with milliseconds, fast: it runs for every record and step.
import { parseDateTime } from '../date-time.js';

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** `2022-01-24T05:10:08` at the start of s, with a valid date and time (digits() is -1 for a non-digit). */
function validBase(s: string): boolean {
  if (s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d || (s.charCodeAt(10) | 0x20) !== 0x74 || s.charCodeAt(13) !== 0x3a || s.charCodeAt(16) !== 0x3a)
    return false;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0));
}

/**
 * The fast path for what Entra writes: `YYYY-MM-DDTHH:MM:SS[.fraction][Z|+00:00]` in UTC. The text is
 * re-used, the fraction cut (not rounded) to 3 digits so an event never moves into the next second.
 * Null when the text is anything else (another offset, no seconds, …): the general parser takes it.
 */
function utcFast(s: string): string | null {
  if (s.length < 19 || !validBase(s)) return null;
  // Already canonical (amr's own exports, Graph with milliseconds): the text itself, nothing built.
  if (
    s.length === 24 &&
    s.charCodeAt(10) === 0x54 &&
    s.charCodeAt(19) === 0x2e &&
    s.charCodeAt(23) === 0x5a &&
    isDigit(s, 20) &&
    isDigit(s, 21) &&
    isDigit(s, 22)
  )
    return s;
  let i = 19;
  let ms = '000';
  if (s.charCodeAt(i) === 0x2e) {
    let end = i + 1;
    while (end < s.length && s.charCodeAt(end) >= 0x30 && s.charCodeAt(end) <= 0x39) end++;
    if (end === i + 1) return null;
    ms = s.slice(i + 1, Math.min(end, i + 4)).padEnd(3, '0');
    i = end;
  }
  const zone = s.slice(i);
  if (zone !== 'Z' && zone !== 'z' && zone !== '' && zone !== '+00:00' && zone !== '+0000' && zone !== '-00:00') return null;
  return `${s.slice(0, 10)}T${s.slice(11, 19)}.${ms}Z`;
}

// The last two answers: a sign-in's steps usually carry its own time, written the same way or (Log
// Analytics: CreatedDateTime vs AuthenticationDetails) one other way.
let in1 = '';
let out1: string | null = null;
let in2 = '';
let out2: string | null = null;

/**
 * ISO-8601 UTC with milliseconds, as activity-model.ts asks: `2022-01-24T05:10:08.6816663+00:00` →
 * `2022-01-24T05:10:08.681Z`; no offset reads as UTC, as Graph writes UTC. Null when not a date-time.
 */
export function isoTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (value === in1) return out1;
  if (value === in2) return out2;
  const s = value.trim();
  let out = utcFast(s);
  if (out === null) {
    const ms = parseDateTime(s);
    out = ms === null ? null : new Date(ms).toISOString();
  }
  in2 = in1;
  out2 = out1;
  in1 = value;
  out1 = out;
  return out;
}
