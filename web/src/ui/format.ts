// Numbers and dates in the browser's own locale; report days are UTC calendar days (entra-rules §3.4).
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export const formatCount = (n: number): string => integer.format(n);
export const formatShare = (part: number, whole: number): string => (whole === 0 ? '–' : percent.format(part / whole));
export const formatDay = (iso: string): string => day.format(new Date(iso));
export const formatDateTime = (iso: string): string => (iso === '' ? '' : dateTime.format(new Date(iso)));
export const formatTime = (ms: number): string => time.format(new Date(ms));
