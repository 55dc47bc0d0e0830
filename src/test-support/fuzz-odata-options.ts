// Generators of the OData query options other than $filter for the fuzz tests: $orderby, $select,
// $top, $count and option names, each valid or nearly so (fuzz-odata.ts has the $filter grammar).
import fc from 'fast-check';
import type { EntityCapabilities } from '../odata/capabilities.js';
import { mutated, nastyString } from './fuzz.js';
import { propertyNameArb } from './fuzz-odata.js';

export function orderByArb(entity: EntityCapabilities): fc.Arbitrary<string> {
  const item = fc
    .tuple(propertyNameArb(entity), fc.constantFrom('', ' asc', ' desc', ' ASC', ' Desc', ' up', ' asc desc', '\tdesc', '  asc', ' asc,'))
    .map(([n, d]) => `${n}${d}`);
  return mutated(
    fc.array(item, { minLength: 0, maxLength: 4 }).chain((items) => fc.constantFrom(',', ', ', ',,', ' , ').map((sep) => items.join(sep))),
    2,
  );
}

export function selectArb(entity: EntityCapabilities): fc.Arbitrary<string> {
  const item = fc.oneof(propertyNameArb(entity), fc.constantFrom('*', '**', 'a/b', '@odata.type', 'id,', ' id ', 'microsoft.graph.*'));
  return mutated(
    fc.array(item, { maxLength: 6 }).map((items) => items.join(',')),
    2,
  );
}

export const topArb: fc.Arbitrary<string> = fc.oneof(
  fc.nat({ max: 2000 }).map(String),
  fc.constantFrom(
    '-1',
    '0',
    '1',
    '1000',
    '1001',
    '1e3',
    '0x10',
    ' 5',
    '5 ',
    '+5',
    '١٢',
    '99999999999999999999',
    '',
    'null',
    '1.0',
    '0001',
    '9'.repeat(16),
    'Infinity',
    'NaN',
    '1,2',
  ),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
);

export const countArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('true', 'false', 'TRUE', 'False', '1', '0', 'yes', '', ' true', 'true ', 'null', 'tru'),
  nastyString(8),
);

/** System option names: real ones in every spelling, refused ones, unknown ones and custom (ignored) ones. */
export const optionNameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('$filter', '$orderby', '$top', '$select', '$count', '$skiptoken') },
  { weight: 2, arbitrary: fc.constantFrom('filter', 'top', 'orderby', 'skiptoken', '$FILTER', '$Top', '$OrderBy', '$SKIPTOKEN', 'Filter') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '$skip',
      '$expand',
      '$search',
      '$apply',
      '$compute',
      '$format',
      '$levels',
      '$index',
      '$deltatoken',
      '$schemaversion',
      '$id',
      '$value',
      '$',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '$frobnicate',
      'api-version',
      'foo',
      '',
      ' $top',
      '$top ',
      '$$top',
      '$filter[]',
      '__proto__',
      'constructor',
      'toString',
      '$__proto__',
      '$constructor',
    ),
  },
  { weight: 1, arbitrary: nastyString(10) },
);
