// Tests the date-time normalisation every record and step goes through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoTime } from './log-time.js';

describe('isoTime', () => {
  const cases: readonly (readonly [unknown, string | null])[] = [
    // Event Hub / Graph beta: 7 fraction digits and +00:00 (log-samples/*.eventhub.elastic-test.jsonl).
    ['2022-01-24T05:10:08.6816663+00:00', '2022-01-24T05:10:08.681Z'],
    // Digits past the millisecond are cut, not rounded: .9999 stays in its second (and day).
    ['2025-12-31T23:59:59.9999999Z', '2025-12-31T23:59:59.999Z'],
    ['2021-06-30T16:34:32Z', '2021-06-30T16:34:32.000Z'],
    ['2021-06-30T16:34:32.5Z', '2021-06-30T16:34:32.500Z'],
    ['2021-06-30T16:34:32', '2021-06-30T16:34:32.000Z'],
    ['2021-06-30t16:34:32z', '2021-06-30T16:34:32.000Z'],
    [' 2021-06-30T16:34:32Z ', '2021-06-30T16:34:32.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    // Other offsets go through the general parser.
    ['2022-01-24T07:10:08.5+02:00', '2022-01-24T05:10:08.500Z'],
    ['2022-01-24T00:10:08-05:00', '2022-01-24T05:10:08.000Z'],
    ['2022-01-24T05:10Z', '2022-01-24T05:10:00.000Z'],
    ['2023-02-29T00:00:00Z', null],
    ['2022-13-01T00:00:00Z', null],
    ['2022-01-24T24:00:00Z', null],
    ['2022-01-24T05:10:08.Z', null],
    ['2022-01-24 05:10:08Z', null],
    ['24/01/2022 05:10', null],
    ['', null],
    [1643001008000, null],
    [null, null],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(isoTime(input), expected);
      assert.equal(isoTime(input), expected, 'the same answer from the cache');
      isoTime('2000-01-01T00:00:00Z');
      assert.equal(isoTime(input), expected, 'the same answer from the second cache entry');
    });
  }
});

it('a canonical time is kept as it is; a lower-case t or z is still written upper-case', () => {
  assert.equal(isoTime('2026-11-20T05:10:08.681Z'), '2026-11-20T05:10:08.681Z');
  assert.equal(isoTime('2026-11-20t05:10:08.681Z'), '2026-11-20T05:10:08.681Z');
  assert.equal(isoTime('2026-11-20T05:10:08.681z'), '2026-11-20T05:10:08.681Z');
  assert.equal(isoTime('2026-11-20T05:10:08.68xZ'), null);
});
