// Rows in PostgreSQL's COPY text format (one line per row, tab-separated, \N for null), so bulk
// loads go through COPY FROM STDIN instead of INSERT statements (issue 13, decision 0074).

/** PostgreSQL text cannot hold U+0000: such a value is refused by name, never altered. */
export class NulInTextError extends Error {
  override readonly name = 'NulInTextError';
}

const SPECIAL = /[\\\t\n\r\u0000]/;

function field(value: unknown, table: string, column: string): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? `\\\\x${value.toString('hex')}` : String(value);
  if (!SPECIAL.test(text)) return text;
  if (text.includes('\u0000')) throw new NulInTextError(`${table}.${column}: a value holds the character U+0000, which PostgreSQL text cannot store`);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** The COPY text of these rows (each line ends in \n). */
export function copyText(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) out += '\t';
      out += field(row[i], table, columns[i]!);
    }
    out += '\n';
  }
  return out;
}
