// Method objects bound to a device: Microsoft Authenticator (push, phone sign-in), FIDO2 security
// keys and passkeys, Windows Hello for Business and the macOS platform credential.

import { AUTHENTICATOR_PASSKEYS, SECURITY_KEYS, SYNCED_PASSKEYS, WINDOWS_HELLO_PASSKEYS, type Fido2Model } from './authenticator-models.js';
import { randomGuid, randomKeyId } from './ids.js';
import { AUTHENTICATOR_VERSIONS } from './org-data.js';
import { WeightedTable, type Rng } from './prng.js';
import { DAY_MS, isoSeconds, type JsonObject } from './wire.js';

/** Where and when one user's methods are created. */
export interface MethodClock {
  readonly rng: Rng;
  readonly nowMs: number;
  readonly userCreatedMs: number;
}

/** How far back registrations go: the tenant moved to combined registration three years ago (a judgment). */
export const METHOD_HISTORY_DAYS = 3 * 365;

/** A creation time within the last `days` days and after the account existed. */
export function createdWithin(clock: MethodClock, days: number): number {
  const from = Math.max(clock.userCreatedMs, clock.nowMs - days * DAY_MS);
  return from + Math.floor(clock.rng.next() * Math.max(0, clock.nowMs - from));
}

const SECURITY_KEY_TABLE = new WeightedTable(SECURITY_KEYS.map((m) => [m, m.weight] as const));
const AUTHENTICATOR_PASSKEY_TABLE = new WeightedTable(AUTHENTICATOR_PASSKEYS.map((m) => [m, m.weight] as const));
const SYNCED_TABLE = new WeightedTable(SYNCED_PASSKEYS.map((m) => [m, m.weight] as const));
const HELLO_PASSKEY_TABLE = new WeightedTable(WINDOWS_HELLO_PASSKEYS.map((m) => [m, m.weight] as const));

export function authenticatorMethods(clock: MethodClock, phoneModel: string, phoneSignIn: boolean): JsonObject[] {
  const { rng } = clock;
  const created = isoSeconds(createdWithin(clock, METHOD_HISTORY_DAYS));
  const app: JsonObject = {
    '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
    id: randomGuid(rng),
    displayName: phoneModel,
    deviceTag: 'SoftwareTokenActivated',
    phoneAppVersion: rng.pick(AUTHENTICATOR_VERSIONS),
    clientAppName: 'microsoftAuthenticator',
    createdDateTime: created,
  };
  if (!phoneSignIn) return [app];
  // Phone sign-in still surfaces as the deprecated passwordless type, which names its time creationDateTime.
  const passwordless: JsonObject = {
    '@odata.type': '#microsoft.graph.passwordlessMicrosoftAuthenticatorAuthenticationMethod',
    id: randomGuid(rng),
    displayName: phoneModel,
    creationDateTime: isoSeconds(createdWithin(clock, 3 * 365)),
  };
  return [app, passwordless];
}

function fido2(clock: MethodClock, model: Fido2Model, passkeyType: 'deviceBound' | 'synced', days: number): JsonObject {
  const { rng } = clock;
  const attested = passkeyType === 'deviceBound';
  return {
    '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
    id: randomKeyId(rng),
    displayName: model.displayName,
    createdDateTime: isoSeconds(createdWithin(clock, days)),
    aaGuid: model.aaGuid,
    model: model.model,
    attestationLevel: attested ? 'attested' : 'notAttested',
    attestationCertificates: attested ? [randomGuid(rng).replace(/-/g, '')] : [],
    passkeyType,
  };
}

export interface KeyPlan {
  readonly securityKeys: number;
  readonly authenticatorPasskey: boolean;
  readonly windowsHelloPasskey: boolean;
  readonly syncedPasskey: boolean;
}

export function fido2Methods(clock: MethodClock, plan: KeyPlan): JsonObject[] {
  const methods: JsonObject[] = [];
  for (let k = 0; k < plan.securityKeys; k++) methods.push(fido2(clock, SECURITY_KEY_TABLE.pick(clock.rng.next()), 'deviceBound', METHOD_HISTORY_DAYS));
  if (plan.authenticatorPasskey) methods.push(fido2(clock, AUTHENTICATOR_PASSKEY_TABLE.pick(clock.rng.next()), 'deviceBound', 540));
  if (plan.windowsHelloPasskey) methods.push(fido2(clock, HELLO_PASSKEY_TABLE.pick(clock.rng.next()), 'deviceBound', 365));
  if (plan.syncedPasskey) methods.push(fido2(clock, SYNCED_TABLE.pick(clock.rng.next()), 'synced', 365));
  return methods;
}

export function windowsHelloMethods(clock: MethodClock, count: number, computerName: (k: number) => string): JsonObject[] {
  const methods: JsonObject[] = [];
  for (let k = 0; k < count; k++) {
    methods.push({
      '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod',
      id: randomKeyId(clock.rng),
      displayName: computerName(k),
      createdDateTime: isoSeconds(createdWithin(clock, METHOD_HISTORY_DAYS)),
      keyStrength: clock.rng.chance(0.03) ? 'weak' : 'normal',
    });
  }
  return methods;
}

export function platformCredentialMethod(clock: MethodClock, deviceName: string): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.platformCredentialAuthenticationMethod',
    id: randomKeyId(clock.rng),
    displayName: deviceName,
    createdDateTime: isoSeconds(createdWithin(clock, 400)),
    keyStrength: 'normal',
    platform: 'macOS',
  };
}
