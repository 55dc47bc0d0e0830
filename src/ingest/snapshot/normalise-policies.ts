// Validates a snapshot's `policies` shallowly: each part an object or absent, the amr-defined fields checked.
import type { GraphObject, SnapshotPolicies } from '../../reports/model.js';
import { expectObject, optionalBoolean, optionalChoice, optionalCount, optionalObject, optionalString, own, refuse, type RawObject } from '../field-checks.js';
import { child, item } from '../place.js';

/** tenant-snapshot.md "Policies": the names an SSPR policy may offer. */
export const PASSWORD_RESET_METHODS = ['mobileAppNotification', 'mobileAppCode', 'email', 'mobilePhone', 'officePhone', 'securityQuestions'] as const;
export const LEGACY_MFA_METHODS = ['sms', 'voice', 'mobileAppNotification', 'mobileAppCode'] as const;

/** Absent or null policies: every part null, i.e. a new tenant's defaults (applied in reports/). */
export function normalisePolicies(raw: unknown, where: string): SnapshotPolicies {
  if (raw === undefined || raw === null) {
    return { authenticationMethodsPolicy: null, passwordResetPolicy: null, authorizationPolicy: null, legacyMfaPolicy: null };
  }
  const o = expectObject(raw, where, 'an object with the policy parts');
  return {
    authenticationMethodsPolicy: checkMethodsPolicy(optionalObject(o, 'authenticationMethodsPolicy', where), child(where, 'authenticationMethodsPolicy')),
    passwordResetPolicy: checkPasswordReset(optionalObject(o, 'passwordResetPolicy', where), child(where, 'passwordResetPolicy')),
    authorizationPolicy: checkAuthorization(optionalObject(o, 'authorizationPolicy', where), child(where, 'authorizationPolicy')),
    legacyMfaPolicy: checkLegacyMfa(optionalObject(o, 'legacyMfaPolicy', where), child(where, 'legacyMfaPolicy')),
  };
}

function checkMethodsPolicy(p: RawObject | null, where: string): GraphObject | null {
  if (p === null) return null;
  const configs = own(p, 'authenticationMethodConfigurations');
  if (configs !== undefined && configs !== null && !Array.isArray(configs)) {
    refuse(child(where, 'authenticationMethodConfigurations'), 'an array of authenticationMethodConfiguration objects', configs);
  }
  return p;
}

function checkPasswordReset(p: RawObject | null, where: string): GraphObject | null {
  if (p === null) return null;
  optionalChoice(p, 'enabledFor', where, ['none', 'selected', 'all'], null);
  optionalString(p, 'selectedGroupId', where);
  const required = own(p, 'numberOfMethodsRequired');
  if (required !== undefined && required !== null && required !== 1 && required !== 2) {
    refuse(child(where, 'numberOfMethodsRequired'), '1 or 2', required);
  }
  checkNames(own(p, 'methods'), child(where, 'methods'), PASSWORD_RESET_METHODS);
  optionalCount(p, 'securityQuestionsRequiredToReset', where, 0);
  return p;
}

function checkAuthorization(p: RawObject | null, where: string): GraphObject | null {
  if (p === null) return null;
  optionalBoolean(p, 'allowedToUseSSPR', where);
  return p;
}

function checkLegacyMfa(p: RawObject | null, where: string): GraphObject | null {
  if (p === null) return null;
  checkNames(own(p, 'methods'), child(where, 'methods'), LEGACY_MFA_METHODS);
  return p;
}

/** An optional array of method names, each from `allowed`; the message lists the allowed names. */
function checkNames(list: unknown, where: string, allowed: readonly string[]): void {
  if (list === undefined || list === null) return;
  const expected = `one of ${allowed.join(', ')}`;
  if (!Array.isArray(list)) refuse(where, `an array of method names (${expected})`, list);
  list.forEach((name: unknown, i) => {
    if (typeof name !== 'string' || !allowed.includes(name)) refuse(item(where, i), expected, name);
  });
}
