// The demo tenant's policies in snapshot form (tenant-snapshot.md "Policies"): an
// authenticationMethodsPolicy shaped like log-samples/graph.v1.authenticationMethodsPolicy.get.json,
// the amr SSPR object, the authorizationPolicy subset and the legacy MFA methods.

import type { TenantContext } from './context.js';
import { ENGINEERING_DEPARTMENT, EXTERNAL_METHOD_NAME } from './org-data.js';
import { DAY_MS, isoSeconds, type JsonObject } from './wire.js';

const ALL_USERS = 'all_users';

function target(id: string, extra: JsonObject = {}): JsonObject {
  return { targetType: 'group', id, isRegistrationRequired: false, ...extra };
}

function exclude(id: string): JsonObject {
  return { targetType: 'group', id };
}

function configuration(
  type: string,
  id: string,
  state: 'enabled' | 'disabled',
  includeTargets: readonly JsonObject[],
  extra: JsonObject = {},
  excludeTargets: readonly JsonObject[] = [],
): JsonObject {
  return { '@odata.type': `#microsoft.graph.${type}`, id, state, ...extra, excludeTargets, includeTargets };
}

function methodConfigurations(ctx: TenantContext): JsonObject[] {
  const breakGlass = [exclude(ctx.groupId('breakGlass'))];
  const engineering = ctx.departmentGroupId(ENGINEERING_DEPARTMENT);
  return [
    configuration('fido2AuthenticationMethodConfiguration', 'Fido2', 'enabled', [target(ALL_USERS)], {
      isSelfServiceRegistrationAllowed: true,
      isAttestationEnforced: false,
      keyRestrictions: { isEnforced: false, enforcementType: 'block', aaGuids: [] },
    }),
    configuration(
      'microsoftAuthenticatorAuthenticationMethodConfiguration',
      'MicrosoftAuthenticator',
      'enabled',
      [target(ALL_USERS, { authenticationMode: 'any' })],
      { isSoftwareOathEnabled: true },
      breakGlass,
    ),
    configuration('smsAuthenticationMethodConfiguration', 'Sms', 'enabled', [
      target(ALL_USERS, { isUsableForSignIn: false }),
      target(ctx.groupId('frontline'), { isUsableForSignIn: true }),
    ]),
    configuration('voiceAuthenticationMethodConfiguration', 'Voice', 'enabled', [target(ALL_USERS)], { isOfficePhoneAllowed: true }),
    configuration('emailAuthenticationMethodConfiguration', 'Email', 'enabled', [target(ALL_USERS)], { allowExternalIdToUseEmailOtp: 'default' }),
    configuration('softwareOathAuthenticationMethodConfiguration', 'SoftwareOath', 'enabled', [target(ALL_USERS)]),
    configuration('hardwareOathAuthenticationMethodConfiguration', 'HardwareOath', 'enabled', [target(ALL_USERS)]),
    configuration('temporaryAccessPassAuthenticationMethodConfiguration', 'TemporaryAccessPass', 'enabled', [target(ctx.groupId('newHires'))], {
      defaultLifetimeInMinutes: 480,
      defaultLength: 8,
      minimumLifetimeInMinutes: 60,
      maximumLifetimeInMinutes: 7200,
      isUsableOnce: false,
    }),
    configuration('x509CertificateAuthenticationMethodConfiguration', 'X509Certificate', 'disabled', [target(ALL_USERS)]),
    configuration('qrCodePinAuthenticationMethodConfiguration', 'QRCodePin', 'enabled', [target(ctx.groupId('frontline'))], {
      standardQRCodeLifetimeInDays: 365,
      pinLength: 8,
    }),
    configuration('externalAuthenticationMethodConfiguration', ctx.externalConfigId, 'enabled', [target(engineering)], {
      displayName: EXTERNAL_METHOD_NAME,
      appId: ctx.externalAppId,
    }),
  ];
}

function authenticationMethodsPolicy(ctx: TenantContext): JsonObject {
  const breakGlass = exclude(ctx.groupId('breakGlass'));
  return {
    id: 'authenticationMethodsPolicy',
    displayName: 'Authentication Methods Policy',
    description:
      'The tenant-wide policy that controls which authentication methods are allowed in the tenant, authentication method registration requirements, and self-service password reset settings',
    lastModifiedDateTime: isoSeconds(ctx.nowMs - 41 * DAY_MS),
    policyVersion: '1.5',
    // Mid-migration, as most tenants are: the legacy MFA and SSPR policies still count too.
    policyMigrationState: 'migrationInProgress',
    reconfirmationInDays: 180,
    registrationEnforcement: {
      authenticationMethodsRegistrationCampaign: {
        snoozeDurationInDays: 1,
        enforceRegistrationAfterAllowedSnoozes: true,
        state: 'enabled',
        excludeTargets: [breakGlass],
        includeTargets: [{ id: ALL_USERS, targetType: 'group', targetedAuthenticationMethod: 'microsoftAuthenticator' }],
      },
    },
    systemCredentialPreferences: { state: 'default', includeTargets: [{ id: ALL_USERS, targetType: 'group' }], excludeTargets: [breakGlass] },
    authenticationMethodConfigurations: methodConfigurations(ctx),
  };
}

export function buildPolicies(ctx: TenantContext): JsonObject {
  return {
    authenticationMethodsPolicy: authenticationMethodsPolicy(ctx),
    passwordResetPolicy: {
      enabledFor: 'selected',
      selectedGroupId: ctx.groupId('ssprPilot'),
      numberOfMethodsRequired: 2,
      methods: ['mobileAppNotification', 'mobileAppCode', 'email', 'mobilePhone', 'officePhone', 'securityQuestions'],
      securityQuestionsRequiredToReset: 3,
    },
    authorizationPolicy: { allowedToUseSSPR: true },
    legacyMfaPolicy: { methods: ['sms', 'voice', 'mobileAppNotification', 'mobileAppCode'] },
  };
}
