// Table tests of dateTimeOffset parsing and canonical text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalDateTime, parseDateTimeOffset, toMillisecondText } from './date-time-offset.js';

const good: readonly (readonly [string, string])[] = [
  ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.0000000Z'],
  ['2026-01-01T00:00Z', '2026-01-01T00:00:00.0000000Z'],
  ['2026-01-01t00:00:00z', '2026-01-01T00:00:00.0000000Z'],
  ['2023-03-13T19:15:41.6195833Z', '2023-03-13T19:15:41.6195833Z'],
  ['2023-03-13T19:15:41.6Z', '2023-03-13T19:15:41.6000000Z'],
  ['2026-01-01T00:30:00+01:00', '2025-12-31T23:30:00.0000000Z'],
  ['2026-01-01T23:30:00-00:45', '2026-01-02T00:15:00.0000000Z'],
  ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.0000000Z'],
  ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.0000000Z'],
  ['0099-06-01T00:00:00Z', '0099-06-01T00:00:00.0000000Z'],
  ['9999-12-31T23:59:59.9999999Z', '9999-12-31T23:59:59.9999999Z'],
];

for (const [text, canonical] of good) {
  test(`parses ${text}`, () => {
    assert.deepEqual(parseDateTimeOffset(text), { ok: true, value: canonical });
  });
}

const bad: readonly (readonly [string, string])[] = [
  ['2026-01-01', 'a date alone is an Edm.Date, not a dateTimeOffset; write 2026-01-01T00:00:00Z'],
  ['2026-1-01T00:00:00Z', 'expected the form 2026-01-01T00:00:00Z'],
  ['2026-01-01 00:00:00Z', 'expected T between the date and the time'],
  ['2026-01-01T0:00:00Z', 'expected the time as hh:mm or hh:mm:ss'],
  ['2026-01-01T00:00:0Z', 'expected seconds as two digits'],
  ['2026-01-01T00:00:00.Z', 'expected digits after the decimal point'],
  ['2026-01-01T00:00:00.12345678Z', 'at most 7 fractional second digits are allowed'],
  ['2026-01-01T00:00:00', 'expected Z or an offset such as +01:00 after the time'],
  ['2026-01-01T00:00:00+1:00', 'expected Z or an offset such as +01:00 after the time'],
  ['2026-01-01T00:00:00Zx', 'expected Z or an offset such as +01:00 after the time'],
  ['2025-02-29T00:00:00Z', 'day 29 does not exist in that month'],
  ['2026-00-10T00:00:00Z', 'a field is out of range'],
  ['2026-01-01T00:60:00Z', 'a field is out of range'],
  ['2026-01-01T00:00:60Z', 'a field is out of range'],
  ['9999-12-31T23:00:00-01:00', 'the instant is outside years 0000–9999 in UTC'],
];

for (const [text, reason] of bad) {
  test(`refuses ${text}`, () => {
    assert.deepEqual(parseDateTimeOffset(text), { ok: false, reason });
  });
}

test('stored values: lenient fractions, Date objects, junk', () => {
  assert.equal(canonicalDateTime('2026-01-01T00:00:00.123456789Z'), '2026-01-01T00:00:00.1234567Z');
  assert.equal(canonicalDateTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6))), '2026-01-02T03:04:05.0060000Z');
  assert.equal(canonicalDateTime('yesterday'), undefined);
  assert.equal(canonicalDateTime(12), undefined);
});

test('millisecond text for SQL', () => {
  assert.deepEqual(toMillisecondText('2026-01-01T00:00:00.1230000Z'), { text: '2026-01-01T00:00:00.123Z', subMillisecond: false });
  assert.deepEqual(toMillisecondText('2026-01-01T00:00:00.1230001Z'), { text: '2026-01-01T00:00:00.123Z', subMillisecond: true });
});
