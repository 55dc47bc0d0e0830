// Arbitrary userRegistrationDetails rows as a store holds them (DETAIL_COLUMNS order), for the tests
// that hold the JSON page writers (JavaScript and SQLite) equal to JSON.stringify of the wire object.
import fc from 'fast-check';
import { METHODS_REGISTERED } from '../reports/methods.js';
import type { RegistrationDetails } from '../reports/model.js';
import { registrationDetailsToWire } from '../graph/wire/registration-details.js';
import { DETAIL_COLUMNS, SYSTEM_PREFERRED_MODES, detailsFromArray } from '../store/sql/registration-columns.js';

/** Every property of the row, in the order the object has them. */
export const PROPERTIES = Object.keys(detailsFromArray(Array.from({ length: DETAIL_COLUMNS.length }, () => 0))) as (keyof RegistrationDetails)[];

/** Text as a database may hold it: quotes, backslashes, control characters, non-ASCII, lone surrogates. */
export const storedText = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('none', '', '"\\\n\u2028', '"\\\n\u2028\u0000\u001f\u007f', '\uD800x', "it's", 'é', 'é😀'),
);

const flag = fc.constantFrom(0, 1);
/** An enum column as stored: 'none' for no method (registrationTail), never ''. */
const member = fc.oneof(
  fc.constant('none'),
  storedText.filter((t) => t !== ''),
);

/** A row in DETAIL_COLUMNS order. */
export const storedRow: fc.Arbitrary<unknown[]> = fc
  .tuple(
    storedText,
    storedText,
    storedText,
    fc.constantFrom('member', 'guest'),
    flag,
    flag,
    flag,
    flag,
    flag,
    flag,
    flag,
    flag,
    flag,
    fc.integer({ min: 0, max: 2 ** SYSTEM_PREFERRED_MODES.length - 1 }),
    member,
    member,
    fc.integer({ min: 0, max: 2 ** METHODS_REGISTERED.length - 1 }),
    fc.oneof(storedText, fc.constant(null)),
  )
  .map((t): unknown[] => [...t]);

/** The object as the by-id response sends it: the domain's '' for no method is 'none' (decision 0083). */
export const wire = (d: RegistrationDetails) => registrationDetailsToWire(d, PROPERTIES);
