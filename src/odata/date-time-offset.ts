// Edm.DateTimeOffset literals: strict parsing and one canonical UTC text form that sorts chronologically.

/** Canonical form: 'YYYY-MM-DDTHH:MM:SS.fffffffZ', UTC, 7 fractional digits (.NET tick precision). */
export type DateTimeParse = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

const FRACTION_DIGITS = 7;

/**
 * Parses the OData ABNF dateTimeOffsetValue subset
 *   YYYY-MM-DD "T" hh:mm[:ss[.f{1,7}]] ("Z" / ("+"|"-") hh:mm)
 * with a 4-digit year. Graph stores 100 ns ticks (graph-api §2.3 shows 7 digits), so more
 * fractional digits are refused rather than silently rounded. `lenient` (for stored rows only)
 * truncates longer fractions instead.
 */
export function parseDateTimeOffset(text: string, lenient = false): DateTimeParse {
  const r = new Reader(text);
  const year = r.digits(4);
  if (year === undefined || !r.take('-')) return fail('expected the form 2026-01-01T00:00:00Z');
  const month = r.digits(2);
  const day = month === undefined || !r.take('-') ? undefined : r.digits(2);
  if (month === undefined || day === undefined) return fail('expected the form 2026-01-01T00:00:00Z');
  if (r.done()) return fail(`a date alone is an Edm.Date, not a dateTimeOffset; write ${text}T00:00:00Z`);
  if (!r.takeEither('T', 't')) return fail('expected T between the date and the time');
  const hour = r.digits(2);
  const minute = hour === undefined || !r.take(':') ? undefined : r.digits(2);
  if (hour === undefined || minute === undefined) return fail('expected the time as hh:mm or hh:mm:ss');
  let second = 0;
  let fraction = '';
  if (r.take(':')) {
    const s = r.digits(2);
    if (s === undefined) return fail('expected seconds as two digits');
    second = s;
    if (r.take('.')) {
      fraction = r.digitRun();
      if (fraction.length === 0) return fail('expected digits after the decimal point');
      if (fraction.length > FRACTION_DIGITS && !lenient) return fail('at most 7 fractional second digits are allowed');
    }
  }
  const offset = readOffset(r);
  if (offset === undefined || !r.done()) return fail('expected Z or an offset such as +01:00 after the time');
  return build({ year, month, day, hour, minute, second, offsetMinutes: offset }, fraction);
}

/** Canonical text of a stored value (ISO string or Date), or undefined when it isn't one. */
export function canonicalDateTime(value: unknown): string | undefined {
  const text = value instanceof Date ? value.toISOString() : value;
  if (typeof text !== 'string') return undefined;
  const parsed = parseDateTimeOffset(text, true);
  return parsed.ok ? parsed.value : undefined;
}

/** Splits a canonical value into millisecond text 'YYYY-MM-DDTHH:MM:SS.sssZ' and whether digits 4–7 are non-zero. */
export function toMillisecondText(canonical: string): { readonly text: string; readonly subMillisecond: boolean } {
  const dot = canonical.indexOf('.');
  return {
    text: `${canonical.slice(0, dot + 4)}Z`,
    subMillisecond: canonical.slice(dot + 4, dot + 1 + FRACTION_DIGITS) !== '0000',
  };
}

interface Parts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly offsetMinutes: number;
}

function build(p: Parts, fraction: string): DateTimeParse {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 59) {
    return fail('a field is out of range');
  }
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  if (d.getUTCDate() !== p.day) return fail(`day ${p.day} does not exist in that month`);
  const ms = d.getTime() + ((p.hour * 60 + p.minute - p.offsetMinutes) * 60 + p.second) * 1000;
  const iso = new Date(ms).toISOString();
  if (iso.length !== 24) return fail('the instant is outside years 0000–9999 in UTC');
  const digits = (fraction + '0000000').slice(0, FRACTION_DIGITS);
  return { ok: true, value: `${iso.slice(0, 19)}.${digits}Z` };
}

function readOffset(r: Reader): number | undefined {
  if (r.takeEither('Z', 'z')) return 0;
  const sign = r.take('+') ? 1 : r.take('-') ? -1 : 0;
  if (sign === 0) return undefined;
  const h = r.digits(2);
  const m = h === undefined || !r.take(':') ? undefined : r.digits(2);
  if (h === undefined || m === undefined || h > 23 || m > 59) return undefined;
  return sign * (h * 60 + m);
}

function fail(reason: string): DateTimeParse {
  return { ok: false, reason };
}

/** A cursor over ASCII text; every method advances only on success, so no backtracking. */
class Reader {
  private i = 0;
  constructor(private readonly s: string) {}
  done(): boolean {
    return this.i === this.s.length;
  }
  take(c: string): boolean {
    if (this.s[this.i] !== c) return false;
    this.i += 1;
    return true;
  }
  takeEither(a: string, b: string): boolean {
    return this.take(a) || this.take(b);
  }
  digits(n: number): number | undefined {
    const part = this.s.slice(this.i, this.i + n);
    if (part.length !== n || !isDigits(part)) return undefined;
    this.i += n;
    return Number(part);
  }
  digitRun(): string {
    const start = this.i;
    while (this.i < this.s.length && isDigits(this.s[this.i] ?? '')) this.i += 1;
    return this.s.slice(start, this.i);
  }
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}
