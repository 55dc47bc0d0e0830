// Turns a method plan into the user's amr "authentication" member: the Graph method objects in
// the order Graph lists them, signInPreferences consistent with those methods, and the amr-only
// security question count.

import { authenticatorMethods, fido2Methods, platformCredentialMethod, windowsHelloMethods, type MethodClock } from './device-methods.js';
import type { MethodPlan } from './method-plan.js';
import { stampMethodUse, type MethodUse } from './method-use.js';
import {
  externalMethod,
  futureMethod,
  hardwareOathMethod,
  passwordMethod,
  qrCodePinMethod,
  softwareOathMethod,
  temporaryAccessPassMethod,
} from './other-methods.js';
import { emailMethod, phoneMethods } from './phone-methods.js';
import type { Rng } from './prng.js';
import type { JsonObject, JsonValue } from './wire.js';

/** What the methods need to know about their owner. */
export interface MethodOwner {
  readonly clock: MethodClock;
  readonly usageLocation: string;
  readonly localPart: string;
  readonly phoneModel: string;
  readonly computerName: (k: number) => string;
  readonly macName: string;
  readonly externalConfigId: string;
  readonly externalName: string;
}

export function renderMethods(owner: MethodOwner, plan: MethodPlan): JsonObject[] {
  const { clock } = owner;
  const methods: JsonObject[] = [];
  if (plan.password) methods.push(passwordMethod(clock));
  methods.push(...phoneMethods(clock.rng, owner.usageLocation, plan));
  if (plan.email) methods.push(emailMethod(clock.rng, owner.localPart));
  if (plan.authenticator) methods.push(...authenticatorMethods(clock, owner.phoneModel, plan.phoneSignIn));
  methods.push(...fido2Methods(clock, plan));
  methods.push(...windowsHelloMethods(clock, plan.windowsHello, owner.computerName));
  if (plan.macPlatform) methods.push(platformCredentialMethod(clock, owner.macName));
  if (plan.softwareOath) methods.push(softwareOathMethod(clock));
  if (plan.hardwareOath) methods.push(hardwareOathMethod(clock));
  if (plan.tap !== 'none') methods.push(temporaryAccessPassMethod(clock, plan.tap));
  if (plan.external) methods.push(externalMethod(clock, owner.externalConfigId, owner.externalName));
  if (plan.qrCode) methods.push(qrCodePinMethod(clock));
  if (plan.futureMethod) methods.push(futureMethod(clock));
  return methods;
}

/**
 * The default a user picked in combined registration; only modes they registered (entra-rules §1.7).
 * Many people keep SMS as default even after adding the app, so that choice is kept too.
 */
export function preferredMethod(rng: Rng, plan: MethodPlan): string | null {
  if (plan.authenticator) {
    const u = rng.next();
    if (u < 0.8) return 'push';
    if (u < 0.88 || !plan.mobile) return 'oath';
    return 'sms';
  }
  if (plan.softwareOath || plan.hardwareOath) return 'oath';
  if (plan.mobile) return rng.chance(0.75) ? 'sms' : 'voiceMobile';
  if (plan.alternateMobile) return 'voiceAlternateMobile';
  if (plan.office) return 'voiceOffice';
  return null;
}

export function authenticationMember(owner: MethodOwner, plan: MethodPlan, systemPreferred: boolean, use: MethodUse): JsonObject {
  const methods = renderMethods(owner, plan);
  stampMethodUse(methods, owner.clock, use);
  const member: Record<string, JsonValue> = {
    methods,
    signInPreferences: {
      userPreferredMethodForSecondaryAuthentication: preferredMethod(owner.clock.rng, plan),
      isSystemPreferredAuthenticationMethodEnabled: systemPreferred,
    },
  };
  if (plan.securityQuestions > 0) member['securityQuestionsRegistered'] = plan.securityQuestions;
  return member;
}
