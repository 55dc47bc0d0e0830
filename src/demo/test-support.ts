// Helpers for the demo generator's tests: a materialised tenant (cached per options) and typed
// accessors over the emitted JSON objects.
import { demoTenant } from './demo-tenant.js';
import type { JsonObject, JsonValue } from './wire.js';

export const PINNED_NOW = new Date('2026-03-01T09:30:00Z');

export interface Materialised {
  readonly tenantId: string;
  readonly header: JsonObject;
  readonly users: readonly JsonObject[];
  readonly groups: readonly JsonObject[];
  readonly roleAssignments: readonly JsonObject[];
}

const cache = new Map<string, Materialised>();

export function materialise(users: number, seed = 'test-seed'): Materialised {
  const key = `${users}:${seed}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const tenant = demoTenant({ users, seed, now: PINNED_NOW });
  const result = {
    tenantId: tenant.tenantId,
    header: tenant.header(),
    users: [...tenant.users()],
    groups: tenant.groups(),
    roleAssignments: tenant.roleAssignments(),
  };
  cache.set(key, result);
  return result;
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(o: JsonObject, key: string): JsonObject {
  const v = o[key];
  if (!isObject(v)) throw new TypeError(`${key} is not an object`);
  return v;
}

export function arr(o: JsonObject, key: string): readonly JsonValue[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new TypeError(`${key} is not an array`);
  return v as readonly JsonValue[];
}

export function objects(o: JsonObject, key: string): readonly JsonObject[] {
  return arr(o, key).map((v) => {
    if (!isObject(v)) throw new TypeError(`${key} holds a non-object`);
    return v;
  });
}

export function str(o: JsonObject, key: string): string | null {
  const v = o[key];
  return typeof v === 'string' ? v : null;
}

export function methodsOf(user: JsonObject): readonly JsonObject[] {
  return objects(obj(user, 'authentication'), 'methods');
}

export function typeOf(method: JsonObject): string {
  return (str(method, '@odata.type') ?? '').replace('#microsoft.graph.', '');
}

/** Method types that are strong (MFA) per entra-rules §1.4; TAP left out (ambiguity A6). */
export const STRONG_TYPES: ReadonlySet<string> = new Set([
  'phoneAuthenticationMethod',
  'microsoftAuthenticatorAuthenticationMethod',
  'passwordlessMicrosoftAuthenticatorAuthenticationMethod',
  'fido2AuthenticationMethod',
  'windowsHelloForBusinessAuthenticationMethod',
  'platformCredentialAuthenticationMethod',
  'softwareOathAuthenticationMethod',
  'hardwareOathAuthenticationMethod',
  'externalAuthenticationMethod',
]);

export function hasStrongMethod(user: JsonObject): boolean {
  return methodsOf(user).some((m) => STRONG_TYPES.has(typeOf(m)));
}
