// Durations as people write them on a command line: 30m, 6h, 1d, 1h30m, 90s.

const UNIT_MS: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };
const FORM = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Milliseconds, or null when the text is not one or more of <n>d, <n>h, <n>m, <n>s in that order. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  const m = FORM.exec(t);
  if (t === '' || m === null) return null;
  let ms = 0;
  (['d', 'h', 'm', 's'] as const).forEach((unit, i) => {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part) * UNIT_MS[unit]!;
  });
  return Number.isSafeInteger(ms) ? ms : null;
}

/** 90000 → "1m30s", 21600000 → "6h", 0 → "0s". */
export function formatDuration(ms: number): string {
  let left = Math.max(0, Math.round(ms / 1000)) * 1000;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const n = Math.floor(left / UNIT_MS[unit]!);
    if (n > 0) {
      out += `${n}${unit}`;
      left -= n * UNIT_MS[unit]!;
    }
  }
  return out === '' ? '0s' : out;
}

/** A coarse age for tables: "45s", "12m", "5h", "3d". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}
