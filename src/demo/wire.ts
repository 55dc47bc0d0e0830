// JSON wire types for the snapshot objects the demo emits, and Graph's timestamp format.

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * Graph writes UTC timestamps without fractional seconds: 2024-05-01T12:34:56Z. Formatted by hand
 * (Hinnant's civil-from-days) because Date#toISOString was an eighth of the generator's time.
 * Years 0–9999 only, which every demo timestamp is.
 */
export function isoSeconds(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const days = Math.floor(seconds / 86_400);
  const rest = seconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hh = Math.floor(rest / 3600);
  const mm = Math.floor((rest % 3600) / 60);
  const two = (n: number): string => TWO_DIGITS[n] ?? String(n).padStart(2, '0');
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${two(month)}-${two(day)}T${two(hh)}:${two(mm)}:${two(rest % 60)}Z`;
}

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
