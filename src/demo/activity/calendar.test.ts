// Local days, weekdays and working hours of the demo's offices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, hashString } from '../prng.js';
import { atLocal, isWorkday, localDay, utcOffsetMinutes, wholeSecond, workingInstant } from './calendar.js';

const DAY = 86_400_000;

test('weekdays: 2026-03-02 is a Monday, 2026-03-01 a Sunday, 1970-01-03 a Saturday', () => {
  assert.equal(isWorkday(Date.UTC(2026, 2, 2) / DAY), true);
  assert.equal(isWorkday(Date.UTC(2026, 2, 1) / DAY), false);
  assert.equal(isWorkday(2), false);
  assert.equal(isWorkday(-3), true); // 1969-12-29, a Monday
});

test('local days and times: 09:00 in Seattle is 17:00 UTC; Sydney is already on the next day', () => {
  const seattle = utcOffsetMinutes('US');
  const day = Date.UTC(2026, 2, 2) / DAY;
  assert.equal(new Date(atLocal(day, 540, seattle)).toISOString(), '2026-03-02T17:00:00.000Z');
  assert.equal(localDay(Date.UTC(2026, 2, 2, 20), utcOffsetMinutes('AU')), day + 1);
  assert.equal(localDay(atLocal(day, 1439, seattle), seattle), day);
  assert.equal(utcOffsetMinutes('IN'), 330);
  assert.equal(utcOffsetMinutes('ZZ'), 0);
});

test('whole seconds round up; working instants stay in (from, to] and on whole seconds', () => {
  assert.equal(wholeSecond(1001), 2000);
  assert.equal(wholeSecond(2000), 2000);
  const rng = new Rng(hashString('calendar'));
  const from = Date.UTC(2026, 1, 1, 0, 0, 0, 500);
  for (const span of [1, 1000, 3 * DAY, 30 * DAY]) {
    for (let i = 0; i < 500; i++) {
      const t = workingInstant(rng, from, from + span + 500, 60);
      assert.ok(t > from && t <= from + span + 500, `${t} outside`);
      assert.equal(t % 1000, 0);
    }
  }
});
