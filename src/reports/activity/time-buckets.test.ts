// UTC buckets and rolling windows (entra-rules §3.4 PROPOSAL; decision 0046).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayOf, dayStart, hourOf, inWindow, instantOf, lastDays, periodDays, windowFor } from './time-buckets.js';

test('instants: Z, offsets and seven fraction digits (Event Hub samples)', () => {
  assert.equal(instantOf('2022-01-24T05:10:08.6816663+00:00'), Date.UTC(2022, 0, 24, 5, 10, 8, 681));
  assert.equal(instantOf('2026-01-02T00:30:00-02:00'), Date.UTC(2026, 0, 2, 2, 30));
  assert.equal(instantOf('2021-06-30T16:34:32Z'), Date.UTC(2021, 5, 30, 16, 34, 32));
  assert.throws(() => instantOf('2026-01-02 10:00'), RangeError);
  assert.throws(() => instantOf('2026-01-02T10:00:00'), RangeError); // no zone: refused, not read as local time
});

test('days and hours are UTC', () => {
  assert.equal(dayOf('2026-01-01T23:30:00-02:00'), '2026-01-02');
  assert.equal(dayOf('2026-01-02T00:00:00.000Z'), '2026-01-02');
  assert.equal(dayOf('2026-01-01T23:59:59.999Z'), '2026-01-01');
  assert.equal(hourOf('2026-01-02T10:59:59.999Z'), '2026-01-02T10');
  assert.equal(dayStart('2026-01-02'), '2026-01-02T00:00:00Z');
});

test('periods, case-insensitive for the legacy D1/D7/D30', () => {
  assert.deepEqual(['d1', 'd7', 'd30', 'D30', 'd2', 'unknownFutureValue'].map(periodDays), [1, 7, 30, 30, null, null]);
});

test('windows: buckets starting inside (now − N×24h, now], up to the bucket holding now', () => {
  assert.deepEqual(windowFor(1, '2026-01-02T10:20:00.000Z'), { fromHour: '2026-01-01T11', toHour: '2026-01-02T10' });
  assert.deepEqual(windowFor(1, '2026-01-02T10:00:00.000Z'), { fromHour: '2026-01-01T10', toHour: '2026-01-02T10' });
  assert.deepEqual(windowFor(7, '2026-03-01T00:00:01.000Z'), { fromHour: '2026-02-22T01', toHour: '2026-03-01T00' });
  const w = windowFor(30, '2026-01-31T12:00:00.000Z');
  assert.deepEqual(
    [inWindow('2026-01-01T11', w), inWindow('2026-01-01T12', w), inWindow('2026-01-31T12', w), inWindow('2026-01-31T13', w)],
    [false, true, true, false],
  );
});

test('last days, newest first, across a month end', () => {
  assert.deepEqual(lastDays(3, '2026-03-01T05:00:00.000Z'), ['2026-03-01', '2026-02-28', '2026-02-27']);
});
