// UTC day and hour buckets, and the d1/d7/d30 rolling windows over hourly buckets (entra-rules §3.4; decision 0046).

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

// ISO-8601 with a zone: `Z` or ±hh:mm; any number of fraction digits (Event Hub exports carry seven).
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Milliseconds since the epoch of an ISO-8601 instant with a zone; throws RangeError otherwise. */
export function instantOf(iso: string): number {
  const m = ISO.exec(iso);
  if (m === null) throw new RangeError(`not an ISO-8601 instant with a zone: ${JSON.stringify(iso)}`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = Number((frac ?? '').padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), ms);
  return local - zoneOffsetMs(zone ?? 'Z');
}

function zoneOffsetMs(zone: string): number {
  if (zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * HOUR_MS + Number(digits.slice(3, 5)) * 60_000);
}

/** amr's own canonical form (ingest/logs): UTC with milliseconds. Its buckets are prefixes. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The UTC calendar day of an instant: `YYYY-MM-DD`. */
export function dayOf(iso: string): string {
  // The hot path (every stored record): no date arithmetic for the canonical form.
  return CANONICAL.test(iso) ? iso.slice(0, 10) : new Date(instantOf(iso)).toISOString().slice(0, 10);
}

/** The UTC hour bucket of an instant: `YYYY-MM-DDTHH` (sorts as text in time order). */
export function hourOf(iso: string): string {
  return CANONICAL.test(iso) ? iso.slice(0, 13) : new Date(instantOf(iso)).toISOString().slice(0, 13);
}

/** `YYYY-MM-DD` → the day's first instant, `YYYY-MM-DDT00:00:00Z` (graph-api §5.4: whole days). */
export function dayStart(day: string): string {
  return `${day}T00:00:00Z`;
}

/** Period names: `d1`/`d7`/`d30` (aggregationPeriod) and legacy `D1`/`D7`/`D30` (case-insensitive). */
export function periodDays(period: string): 1 | 7 | 30 | null {
  const p = period.toLowerCase();
  return p === 'd1' ? 1 : p === 'd7' ? 7 : p === 'd30' ? 30 : null;
}

/** Inclusive range of hour buckets, as `hourOf` keys. */
export interface HourWindow {
  readonly fromHour: string;
  readonly toHour: string;
}

/**
 * The rolling window (now − N×24h, now] answered from hourly buckets: the buckets that start at or
 * after now − N×24h, up to the bucket holding now. Exact when now − N×24h falls on an hour; otherwise
 * it leaves out less than one hour at the old edge and never counts anything older (decision 0046).
 */
export function windowFor(days: number, now: string): HourWindow {
  const end = instantOf(now);
  const start = Math.ceil((end - days * DAY_MS) / HOUR_MS) * HOUR_MS;
  return { fromHour: new Date(start).toISOString().slice(0, 13), toHour: hourOf(now) };
}

export function inWindow(hour: string, window: HourWindow): boolean {
  return hour >= window.fromHour && hour <= window.toHour;
}

/** The `count` UTC days ending with the day of `now`, newest first (daily summaries; decision 0047). */
export function lastDays(count: number, now: string): string[] {
  const today = Date.UTC(...ymd(dayOf(now)));
  return Array.from({ length: count }, (_, i) => new Date(today - i * DAY_MS).toISOString().slice(0, 10));
}

function ymd(day: string): [number, number, number] {
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))];
}
