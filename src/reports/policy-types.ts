// The effective (defaults-applied, normalised) policies that the registration rules read.
import type { License } from './model.js';

/** Graph authenticationMethodsPolicyMigrationState, without unknownFutureValue (entra-rules §1.4, S27). */
export type MigrationState = 'preMigration' | 'migrationInProgress' | 'migrationComplete';

/** One AMP method configuration, named by what it governs rather than by its Graph id. */
export type MethodConfigKind =
  | 'fido2'
  | 'microsoftAuthenticator'
  | 'sms'
  | 'voice'
  | 'email'
  | 'softwareOath'
  | 'hardwareOath'
  | 'temporaryAccessPass'
  | 'x509Certificate'
  | 'qrCodePin'
  | 'external';

export interface PolicyTarget {
  /** 'group' (id is a group id or 'all_users') or 'user' (legacy per-user targets, S17). */
  readonly targetType: string;
  readonly id: string;
  /** Authenticator targets only (S18): 'any' | 'push' | 'deviceBasedPush'; null elsewhere. */
  readonly authenticationMode: string | null;
}

export interface MethodConfig {
  readonly kind: MethodConfigKind;
  /** The Graph configuration id: 'Sms', 'Fido2', … or a GUID for external methods. */
  readonly id: string;
  readonly enabled: boolean;
  readonly includeTargets: readonly PolicyTarget[];
  readonly excludeTargets: readonly PolicyTarget[];
  /** Voice only (S14): whether office phones may be used. */
  readonly isOfficePhoneAllowed: boolean;
}

export interface SystemPreferredPolicy {
  /** 'default' is "Microsoft managed", which currently means enabled (S35, A9). */
  readonly state: 'enabled' | 'disabled' | 'default';
  readonly includeTargets: readonly PolicyTarget[];
  readonly excludeTargets: readonly PolicyTarget[];
  /** False when the snapshot had no systemCredentialPreferences and the default was taken. */
  readonly fromSnapshot: boolean;
}

export type SsprScope = 'none' | 'selected' | 'all';
export type LegacySsprMethod = 'mobileAppNotification' | 'mobileAppCode' | 'email' | 'mobilePhone' | 'officePhone' | 'securityQuestions';
export type LegacyMfaMethod = 'sms' | 'voice' | 'mobileAppNotification' | 'mobileAppCode';

/** The legacy SSPR (Password reset blade) settings: the amr `passwordResetPolicy` object. */
export interface PasswordResetPolicy {
  readonly enabledFor: SsprScope;
  readonly selectedGroupId: string | null;
  readonly numberOfMethodsRequired: 1 | 2;
  readonly methods: ReadonlySet<LegacySsprMethod>;
  readonly securityQuestionsRequiredToReset: number;
}

export interface EffectivePolicies {
  readonly migrationState: MigrationState;
  /** Every AMP configuration, defaults included; external methods may appear more than once. */
  readonly methodConfigs: readonly MethodConfig[];
  readonly systemPreferred: SystemPreferredPolicy;
  readonly passwordReset: PasswordResetPolicy;
  /** authorizationPolicy.allowedToUseSSPR: the admin SSPR policy switch (S16). */
  readonly allowedToUseSSPR: boolean;
  /** Methods the legacy MFA (service settings) policy enables tenant-wide. */
  readonly legacyMfaMethods: ReadonlySet<LegacyMfaMethod>;
  /** Decides whether office phones count for SSPR and admin SSPR (S11, S16). */
  readonly license: License;
}
