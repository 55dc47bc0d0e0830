// The demo as of an earlier date: only what existed then, by its own creation dates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoTenant, demoTenantAsOf, type JsonObject } from './index.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const demo = demoTenant({ users: 400, seed: 'as-of', now: NOW });
const methodsOf = (u: JsonObject): JsonObject[] => ((u.authentication as JsonObject | undefined)?.methods ?? []) as JsonObject[];
const created = (o: JsonObject): number => (typeof o.createdDateTime === 'string' ? Date.parse(o.createdDateTime) : Number.NEGATIVE_INFINITY);

test('users and methods created after the date are left out; the rest are unchanged', () => {
  const at = new Date(NOW.getTime() - 90 * 86_400_000);
  const past = demoTenantAsOf(demo, at);
  assert.equal(past.header().capturedDateTime, '2026-08-22T12:00:00Z');
  const today = new Map([...demo.users()].map((u) => [u.id as string, u]));
  const then = [...past.users()];
  assert.ok(then.length < today.size && then.length > 0, `${then.length} of ${today.size}`);
  let dropped = 0;
  for (const u of then) {
    assert.ok(created(u) <= at.getTime());
    const full = today.get(u.id as string)!;
    const kept = methodsOf(u);
    assert.ok(kept.every((m) => created(m) <= at.getTime()));
    // No use after the date; a use known then is not before the registration.
    for (const m of kept) {
      if (typeof m.lastUsedDateTime !== 'string') continue;
      assert.ok(Date.parse(m.lastUsedDateTime) <= at.getTime() && Date.parse(m.lastUsedDateTime) >= created(m), JSON.stringify(m));
    }
    const withoutUse = (m: JsonObject): JsonObject => ({ ...m, lastUsedDateTime: null });
    assert.deepEqual(
      kept.map(withoutUse),
      methodsOf(full)
        .filter((m) => created(m) <= at.getTime())
        .map(withoutUse),
    );
    dropped += methodsOf(full).length - kept.length;
    assert.deepEqual({ ...u, authentication: null }, { ...full, authentication: null });
  }
  assert.ok(dropped > 0, 'some methods were registered after the date');
  for (const u of today.values()) if (created(u) <= at.getTime()) assert.ok(then.some((t) => t.id === u.id));
});
