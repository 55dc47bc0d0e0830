// CSV for the exports: RFC 4180 quoting, and cells that a spreadsheet would run as a formula
// (=, +, -, @, tab, CR at the start) prefixed with ' so that opening an export runs nothing.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let text = Array.isArray(value) ? value.join(';') : value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: readonly unknown[]): string => `${values.map(csvCell).join(',')}\r\n`;
