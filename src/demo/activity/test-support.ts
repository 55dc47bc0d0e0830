// Helpers for the activity generator's tests: a tenant with its activity materialised once per options,
// and typed accessors over the emitted objects.
import { demoTenant, type DemoTenant } from '../demo-tenant.js';
import { PINNED_NOW } from '../test-support.js';
import type { JsonObject, JsonValue } from '../wire.js';
import { demoActivity } from './demo-activity.js';
import type { DemoActivityOptions } from './activity-settings.js';

export { PINNED_NOW };

export interface MaterialisedActivity {
  readonly tenant: DemoTenant;
  readonly users: readonly JsonObject[];
  readonly audits: readonly JsonObject[];
  readonly signIns: readonly JsonObject[];
}

const cache = new Map<string, MaterialisedActivity>();

export function activityOf(users: number, seed = 'test-seed', options: Partial<DemoActivityOptions> = {}): MaterialisedActivity {
  const key = `${users}:${seed}:${JSON.stringify(options)}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const tenant = demoTenant({ users, seed, now: PINNED_NOW });
  const activity = demoActivity(tenant, { now: PINNED_NOW, ...options });
  const result = { tenant, users: [...tenant.users()], audits: [...activity.audits()], signIns: [...activity.signIns()] };
  cache.set(key, result);
  return result;
}

export function text(o: JsonObject, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new TypeError(`${key} is not a string`);
  return v;
}

export function child(o: JsonObject, key: string): JsonObject {
  const v = o[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`${key} is not an object`);
  return v as JsonObject;
}

export function children(o: JsonObject, key: string): readonly JsonObject[] {
  const v: JsonValue | undefined = o[key];
  if (!Array.isArray(v)) throw new TypeError(`${key} is not an array`);
  return (v as readonly JsonValue[]).map((x) => {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new TypeError(`${key} holds a non-object`);
    return x as JsonObject;
  });
}

/** Milliseconds of a record's own time (activityDateTime or createdDateTime). */
export function timeOf(o: JsonObject): number {
  return Date.parse(text(o, typeof o['activityDateTime'] === 'string' ? 'activityDateTime' : 'createdDateTime'));
}
