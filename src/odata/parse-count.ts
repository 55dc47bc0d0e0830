// $count: whether to add @odata.count to a collection response.

import { ODataError } from './odata-error.js';
import { quoteValue } from './quote-value.js';

export function parseCount(text: string): boolean {
  // ABNF quoted strings are case-insensitive (RFC 5234 §2.3), so TRUE and False count too.
  const word = text.toLowerCase();
  if (word === 'true') return true;
  if (word === 'false') return false;
  throw new ODataError(`Invalid $count value ${quoteValue(text)}: expected true or false.`, '$count');
}
