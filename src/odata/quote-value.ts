// Quotes a caller's query-option value for an error message, shortened so messages stay readable.

const MAX_SHOWN = 60;

export function quoteValue(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_SHOWN ? `'${text}'` : `'${chars.slice(0, MAX_SHOWN).join('')}…'`;
}
