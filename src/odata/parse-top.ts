// $top: a whole number from 1 to the resource's page-size limit.

import { ODataError } from './odata-error.js';
import { quoteValue } from './quote-value.js';

export function parseTop(text: string, max: number): number {
  // ABNF top = 1*DIGIT: no sign, no spaces. A length guard keeps Number() exact.
  let digits = text.length > 0 && text.length <= 15;
  for (let i = 0; digits && i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    digits = c >= 48 && c <= 57;
  }
  const value = digits ? Number(text) : NaN;
  if (!(value >= 1 && value <= max)) {
    throw new ODataError(`Invalid $top value ${quoteValue(text)}: expected an integer from 1 to ${max}.`, '$top');
  }
  return value;
}
