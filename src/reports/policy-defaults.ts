// The settings amr assumes for policy parts a snapshot leaves out: a new Entra tenant (decision 0026).
import type { EffectivePolicies, MethodConfig, MethodConfigKind, PolicyTarget } from './policy-types.js';

const ALL_USERS: PolicyTarget = { targetType: 'group', id: 'all_users', authenticationMode: null };

function config(kind: MethodConfigKind, id: string, enabled: boolean, include: readonly PolicyTarget[]): MethodConfig {
  return { kind, id, enabled, includeTargets: include, excludeTargets: [], isOfficePhoneAllowed: false };
}

/**
 * One per non-external kind. Sms, Email, Fido2 and TemporaryAccessPass are as in the Graph policy GET
 * example (S25); Microsoft Authenticator is enabled for all users in any mode because security
 * defaults require it (S28) and the Microsoft-managed registration campaign targets it (S35);
 * Voice keeps isOfficePhoneAllowed false (S14); the rest are off until an admin enables them.
 */
export const DEFAULT_METHOD_CONFIGS: readonly MethodConfig[] = [
  config('microsoftAuthenticator', 'MicrosoftAuthenticator', true, [{ ...ALL_USERS, authenticationMode: 'any' }]),
  config('sms', 'Sms', true, [ALL_USERS]),
  config('email', 'Email', true, []),
  config('fido2', 'Fido2', false, [ALL_USERS]),
  config('temporaryAccessPass', 'TemporaryAccessPass', false, [ALL_USERS]),
  config('voice', 'Voice', false, [ALL_USERS]),
  config('softwareOath', 'SoftwareOath', false, [ALL_USERS]),
  config('hardwareOath', 'HardwareOath', false, [ALL_USERS]),
  config('x509Certificate', 'X509Certificate', false, [ALL_USERS]),
  config('qrCodePin', 'QRCodePin', false, [ALL_USERS]),
];

/** Every default in one object; resolvePolicies overrides it part by part and field by field. */
export const DEFAULT_POLICIES: EffectivePolicies = {
  // S17: tenants start in pre-migration or migration-in-progress; in progress, the AMP governs
  // SSPR as well while legacy settings a snapshot supplies are still honoured.
  migrationState: 'migrationInProgress',
  methodConfigs: DEFAULT_METHOD_CONFIGS,
  // S34/S35: Microsoft managed ("default") currently means enabled, for all users.
  systemPreferred: { state: 'default', includeTargets: [ALL_USERS], excludeTargets: [], fromSnapshot: false },
  passwordReset: {
    // S29: None/Selected/All. The CIS benchmarks ask admins to change it to All and the method
    // count to 2, so a new tenant has neither (PROPOSAL; no Microsoft page states the defaults).
    enabledFor: 'none',
    selectedGroupId: null,
    numberOfMethodsRequired: 1,
    // S32: the mobile phone and email that SSPR can use even without registration.
    methods: new Set(['mobilePhone', 'email']),
    securityQuestionsRequiredToReset: 3,
  },
  // S16: the admin SSPR policy is on unless allowedToUseSSPR is set to false.
  allowedToUseSSPR: true,
  // S17: since 30 September 2025 the legacy MFA policy no longer manages methods.
  legacyMfaMethods: new Set(),
  // tenant-snapshot.md: tenant.license defaults to P1.
  license: 'P1',
};
