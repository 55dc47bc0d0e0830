// Method objects not tied to one device: password, OATH tokens, Temporary Access Pass, external
// (EAM) method, QR code + PIN, and a deliberately unknown future type for the "unrecognised" path.

import { OATH_TOKENS } from './authenticator-models.js';
import { createdWithin, METHOD_HISTORY_DAYS, type MethodClock } from './device-methods.js';
import { randomGuid } from './ids.js';
import type { TapState } from './method-plan.js';
import { DAY_MS, isoSeconds, MINUTE_MS, type JsonObject } from './wire.js';

/** Graph's globally fixed id of the password method. */
export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';
/** The @odata.type no Graph version knows: importers must keep it and count it as unrecognised. */
export const FUTURE_METHOD_TYPE = '#microsoft.graph.futureAuthenticationMethod';

export function passwordMethod(clock: MethodClock): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.passwordAuthenticationMethod',
    id: PASSWORD_METHOD_ID,
    password: null,
    createdDateTime: isoSeconds(clock.userCreatedMs),
  };
}

export function softwareOathMethod(clock: MethodClock): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod',
    id: randomGuid(clock.rng),
    secretKey: null,
    createdDateTime: isoSeconds(createdWithin(clock, METHOD_HISTORY_DAYS)),
  };
}

export function hardwareOathMethod(clock: MethodClock): JsonObject {
  const { rng } = clock;
  const token = rng.pick(OATH_TOKENS);
  const serialNumber = String(rng.between(10_000_000, 99_999_999));
  return {
    '@odata.type': '#microsoft.graph.hardwareOathAuthenticationMethod',
    id: randomGuid(rng),
    createdDateTime: isoSeconds(createdWithin(clock, METHOD_HISTORY_DAYS)),
    device: {
      id: randomGuid(rng),
      displayName: `${token.manufacturer} ${serialNumber}`,
      serialNumber,
      manufacturer: token.manufacturer,
      model: token.model,
      hashFunction: 'hmacsha1',
      timeIntervalInSeconds: 30,
      status: 'activated',
    },
  };
}

/** startDateTime and lifetime chosen so isUsable and methodUsabilityReason agree with the clock. */
function tapWindow(clock: MethodClock, state: Exclude<TapState, 'none'>): { start: number; lifetime: number } {
  const { rng, nowMs } = clock;
  if (state === 'usable') {
    const lifetime = rng.pick([60, 480, 480, 1440, 7200]);
    return { start: nowMs - rng.int(lifetime - 1) * MINUTE_MS, lifetime };
  }
  if (state === 'notYetValid') return { start: nowMs + rng.between(1, 72) * 60 * MINUTE_MS, lifetime: 480 };
  // Expired: it ended before now, and it did not start before the account existed.
  const lifetime = rng.pick([60, 480, 1440]);
  const latest = nowMs - (lifetime + 1) * MINUTE_MS;
  const earliest = Math.min(latest, Math.max(clock.userCreatedMs, nowMs - 60 * DAY_MS));
  return { start: earliest + Math.floor(rng.next() * (latest - earliest)), lifetime };
}

export function temporaryAccessPassMethod(clock: MethodClock, state: Exclude<TapState, 'none'>): JsonObject {
  const { start, lifetime } = tapWindow(clock, state);
  const created = Math.min(clock.nowMs, start - clock.rng.int(2 * 60) * MINUTE_MS);
  const reason = state === 'usable' ? 'EnabledByPolicy' : state === 'expired' ? 'Expired' : 'NotYetValid';
  return {
    '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
    id: randomGuid(clock.rng),
    createdDateTime: isoSeconds(Math.max(created, clock.userCreatedMs)),
    startDateTime: isoSeconds(start),
    lifetimeInMinutes: lifetime,
    isUsableOnce: false,
    isUsable: state === 'usable',
    methodUsabilityReason: reason,
    temporaryAccessPass: null,
  };
}

export function externalMethod(clock: MethodClock, configurationId: string, displayName: string): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.externalAuthenticationMethod',
    id: randomGuid(clock.rng),
    configurationId,
    displayName,
    createdDateTime: isoSeconds(createdWithin(clock, 300)),
  };
}

export function qrCodePinMethod(clock: MethodClock): JsonObject {
  const { rng } = clock;
  const created = createdWithin(clock, 200);
  return {
    '@odata.type': '#microsoft.graph.qrCodePinAuthenticationMethod',
    id: randomGuid(rng),
    createdDateTime: isoSeconds(created),
    standardQRCode: {
      id: randomGuid(rng),
      createdDateTime: isoSeconds(created),
      startDateTime: isoSeconds(created),
      expireDateTime: isoSeconds(created + 365 * DAY_MS),
    },
    pin: { createdDateTime: isoSeconds(created), forceChangePinNextSignIn: rng.chance(0.1) },
  };
}

export function futureMethod(clock: MethodClock): JsonObject {
  return {
    '@odata.type': FUTURE_METHOD_TYPE,
    id: randomGuid(clock.rng),
    displayName: 'Preview credential',
    createdDateTime: isoSeconds(createdWithin(clock, 90)),
  };
}
