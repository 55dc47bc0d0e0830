// Domain types shared by ingest (produces them), reports (computes from them) and store (keeps them).
// Wire types (Graph JSON) live in graph/; row types (snake_case) live in store/.

export type License = 'free' | 'P1' | 'P2';
export type UserType = 'member' | 'guest';

/** A Graph object as it arrived in the snapshot: kept verbatim, read through typed accessors. */
export type GraphObject = Readonly<Record<string, unknown>>;

export interface TenantInfo {
  readonly id: string;
  readonly displayName: string | null;
  readonly license: License;
}

/** The snapshot's first part: everything but users, groups and role assignments. */
export interface SnapshotHeader {
  readonly tenant: TenantInfo;
  /** ISO-8601 UTC; the import time when the snapshot has none. Becomes lastUpdatedDateTime. */
  readonly capturedDateTime: string;
  readonly policies: SnapshotPolicies;
}

/** The policies as given; absent parts are null and take defaults in reports/policies. */
export interface SnapshotPolicies {
  readonly authenticationMethodsPolicy: GraphObject | null;
  readonly passwordResetPolicy: GraphObject | null;
  readonly authorizationPolicy: GraphObject | null;
  readonly legacyMfaPolicy: GraphObject | null;
}

export interface SignInPreferences {
  /** userDefaultAuthenticationMethod member name (push, oath, voiceMobile, …), or null when unset. */
  readonly userPreferredMethodForSecondaryAuthentication: string | null;
  readonly isSystemPreferredAuthenticationMethodEnabled: boolean | null;
}

export interface SnapshotUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly userType: UserType;
  readonly accountEnabled: boolean;
  /** deletedDateTime was non-null: soft-deleted. */
  readonly deleted: boolean;
  /** Graph authenticationMethod objects, each with its "@odata.type". */
  readonly methods: readonly GraphObject[];
  readonly signInPreferences: SignInPreferences | null;
  /** amr addition: number of security questions registered (0 when absent). */
  readonly securityQuestionsRegistered: number;
  /** Every other Graph user property, kept for later breakdowns (department, jobTitle, …). */
  readonly properties: GraphObject;
}

export type MemberKind = 'user' | 'group' | 'other';

export interface SnapshotGroup {
  readonly id: string;
  readonly displayName: string | null;
  /** Direct members only; nesting is resolved by reports/membership. */
  readonly members: readonly { readonly kind: MemberKind; readonly id: string }[];
}

export interface SnapshotRoleAssignment {
  readonly principalId: string;
  /** The role's template id, e.g. 62e90394-69f5-4237-9190-012177145e10 (Global Administrator). */
  readonly roleDefinitionId: string;
  readonly directoryScopeId: string;
  readonly status: 'active' | 'eligible';
}

/** One user's row of the userRegistrationDetails report, version-neutral. */
export interface RegistrationDetails {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly userDisplayName: string;
  readonly userType: UserType;
  readonly isAdmin: boolean;
  /** Holds one of the privilegedAdmin roles (the includedUserRoles='privilegedAdmin' bucket). */
  readonly isPrivilegedAdmin: boolean;
  readonly isMfaRegistered: boolean;
  readonly isMfaCapable: boolean;
  readonly isPasswordlessCapable: boolean;
  readonly isSsprRegistered: boolean;
  readonly isSsprEnabled: boolean;
  readonly isSsprCapable: boolean;
  readonly isSystemPreferredAuthenticationMethodEnabled: boolean;
  /** userDefaultAuthenticationMethod member names; [] when none applies. */
  readonly systemPreferredAuthenticationMethods: readonly string[];
  /** userDefaultAuthenticationMethod member name, or '' when the user has none. */
  readonly userPreferredMethodForSecondaryAuthentication: string;
  /** defaultMfaMethodType member name (beta only on the wire), or '' when none. */
  readonly defaultMfaMethod: string;
  /** methodsRegistered vocabulary names, in the canonical order of reports/methods. */
  readonly methodsRegistered: readonly string[];
  readonly lastUpdatedDateTime: string;
}

/**
 * One user's row of amr's userProtection report (issue 15; decision 0091): how protected a listed
 * user is. The same users as userRegistrationDetails, evaluated as of `lastUpdatedDateTime`.
 */
export interface ProtectionDetails {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly userDisplayName: string;
  readonly userType: UserType;
  /** The user's Graph `department` / `companyName`; null when the snapshot has none. */
  readonly department: string | null;
  readonly companyName: string | null;
  readonly isAdmin: boolean;
  readonly isPrivilegedAdmin: boolean;
  /** reports/protection.ts registeredStrength: the strongest class registered and allowed by policy. */
  readonly registeredStrength: StrengthClassName;
  /** The strongest class used in the 30 days before lastUpdatedDateTime; null without such a sign-in step. */
  readonly usedStrength: StrengthClassName | null;
  readonly isWeakMfaOnly: boolean;
  /** methodsRegistered names that are stale (reports/protection-stale.ts), in canonical order. */
  readonly staleMethods: readonly string[];
  readonly staleMethodCount: number;
  readonly methodsRegistered: readonly string[];
  /** The instant the row is evaluated at: the later of the capture time and the newest use held. */
  readonly lastUpdatedDateTime: string;
}

/** reports/protection-classes.ts STRENGTH_CLASSES members (repeated here: model.ts imports nothing). */
export type StrengthClassName = 'phishingResistant' | 'passwordless' | 'mfa' | 'weakMfa' | 'none';
