// The times an import believes (decision 0055): from 2000-01-01 to one day after the import time.
// A snapshot's capture time dates the registration history and every report row, and a log
// record's time places it in the rollups and decides its retention: a clock set to 1970 or a
// typo of 2099 would otherwise back-fill decades of history or keep a record forever.

/** Before Entra ID (and amr's sources) existed. */
export const EARLIEST_TIME = '2000-01-01T00:00:00.000Z';
const EARLIEST_MS = Date.parse(EARLIEST_TIME);
/** Clock skew between the exporting system and this server is allowed up to a day. */
const AHEAD_MS = 86_400_000;

export interface TimeWindow {
  /** Both ISO-8601 UTC with milliseconds, so canonical times compare as text. */
  readonly earliest: string;
  readonly latest: string;
}

export function timeWindow(now: Date): TimeWindow {
  return { earliest: EARLIEST_TIME, latest: new Date(now.getTime() + AHEAD_MS).toISOString() };
}

/** Whether milliseconds since the epoch fall inside the window that `now` gives. */
export function inTimeWindow(ms: number, now: Date): boolean {
  return ms >= EARLIEST_MS && ms <= now.getTime() + AHEAD_MS;
}

/** "from … to … (one day after the import time)", for refusals. */
export function windowText(w: TimeWindow): string {
  return `from ${w.earliest} to ${w.latest} (one day after the import time)`;
}
