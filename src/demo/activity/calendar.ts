// Local working days and hours for the demo's offices: which UTC instants a person in a given
// country is at work, so sign-ins follow a weekday, office-hours shape.
import type { Rng } from '../prng.js';
import { DAY_MS, MINUTE_MS } from '../wire.js';

/**
 * Standard-time UTC offsets (minutes) of the offices in org-data OFFICES, from the IANA tz database
 * (US = Seattle, AU = Sydney, IN = +05:30). Daylight saving time is ignored: an hour's drift for part
 * of the year does not change the shape of a month.
 */
const UTC_OFFSET_MINUTES: Readonly<Record<string, number>> = {
  US: -480,
  CA: -300,
  MX: -360,
  AR: -180,
  GB: 0,
  IE: 0,
  IS: 0,
  ES: 60,
  DE: 60,
  AT: 60,
  CH: 60,
  FR: 60,
  BE: 60,
  DK: 60,
  SE: 60,
  NO: 60,
  PL: 60,
  CZ: 60,
  NL: 60,
  FI: 120,
  EG: 120,
  TR: 180,
  AE: 240,
  IN: 330,
  VN: 420,
  SG: 480,
  CN: 480,
  HK: 480,
  JP: 540,
  KR: 540,
  AU: 600,
};

export function utcOffsetMinutes(usageLocation: string): number {
  return UTC_OFFSET_MINUTES[usageLocation] ?? 0;
}

/** Days since 1970-01-01 of the local calendar day holding `ms`. */
export function localDay(ms: number, offsetMinutes: number): number {
  return Math.floor((ms + offsetMinutes * MINUTE_MS) / DAY_MS);
}

/** Monday to Friday (1970-01-01 was a Thursday). Weekend rules of AE and EG are ignored: a judgment. */
export function isWorkday(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
  return weekday >= 1 && weekday <= 5;
}

/** The UTC instant of `minuteOfDay` local time on local day `day`. */
export function atLocal(day: number, minuteOfDay: number, offsetMinutes: number): number {
  return day * DAY_MS + Math.round(minuteOfDay * MINUTE_MS) - offsetMinutes * MINUTE_MS;
}

/** When a working day starts, in local minutes: 07:00–10:00, peaking near 08:30 (a judgment). */
export function startOfWork(rng: Rng): number {
  return 420 + 90 * (rng.next() + rng.next());
}

/** A time during working hours, local minutes: 08:00–18:00. */
export function duringWork(rng: Rng): number {
  return 480 + 600 * rng.next();
}

/** Rounds up to a whole second: Graph writes whole seconds here, and rounding up never leaves (start, now]. */
export function wholeSecond(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}

/** An instant in (fromMs, toMs], moved into working hours of its local day three times in four. */
export function workingInstant(rng: Rng, fromMs: number, toMs: number, offsetMinutes: number): number {
  const t = wholeSecond(fromMs + 1 + Math.floor(rng.next() * Math.max(0, toMs - fromMs - 1)));
  if (!rng.chance(0.75)) return Math.min(t, toMs);
  const moved = wholeSecond(atLocal(localDay(t, offsetMinutes), duringWork(rng), offsetMinutes));
  return moved > fromMs && moved <= toMs ? moved : Math.min(t, toMs);
}
