// Domain types of the activity side: audit and sign-in records as every export format is
// normalised to (ingest/logs produces them), and the events derived from them (reports/activity).

/** A directoryAudit record, whatever export it came from (entra-rules §4.1). */
export interface AuditRecord {
  /** The source's own id: the key that makes re-imports add nothing. */
  readonly id: string;
  /** The tenant named by the record (Event Hub `tenantId`, Log Analytics `AADTenantId`), if any. */
  readonly tenantId: string | null;
  /** ISO-8601 UTC with milliseconds: `2026-01-02T03:04:05.678Z`. */
  readonly activityDateTime: string;
  readonly activityDisplayName: string;
  readonly category: string;
  readonly loggedByService: string;
  readonly operationType: string;
  readonly correlationId: string | null;
  readonly result: 'success' | 'failure' | 'timeout' | 'unknownFutureValue';
  /** resultReason, or resultDescription where resultReason is empty (entra-rules §4.1, A14). */
  readonly resultReason: string;
  readonly initiatedBy: {
    readonly userId: string | null;
    readonly userPrincipalName: string | null;
    readonly displayName: string | null;
    readonly ipAddress: string | null;
    readonly appId: string | null;
    readonly appDisplayName: string | null;
  };
  /** targetResources, in order (the user is usually the first of type User). */
  readonly targets: readonly {
    readonly id: string | null;
    readonly type: string;
    readonly displayName: string | null;
    readonly userPrincipalName: string | null;
  }[];
  /** additionalDetails as key → value (later keys win). */
  readonly additionalDetails: Readonly<Record<string, string>>;
}

export interface AuthenticationStep {
  readonly stepDateTime: string | null;
  /** As logged: "Password", "Mobile app notification", "Text message", "Previously satisfied", … */
  readonly method: string;
  readonly methodDetail: string | null;
  readonly succeeded: boolean | null;
  readonly resultDetail: string | null;
  /** "Primary authentication", "MFA", … */
  readonly requirement: string | null;
}

/** A signIn record, interactive or not, whatever export it came from (entra-rules §4.4). */
export interface SignInRecord {
  readonly id: string;
  readonly tenantId: string | null;
  readonly createdDateTime: string;
  readonly userId: string;
  readonly userPrincipalName: string;
  readonly userDisplayName: string;
  readonly userType: 'member' | 'guest' | null;
  readonly isInteractive: boolean;
  /** status.errorCode; 0 = success. */
  readonly errorCode: number;
  readonly failureReason: string;
  /** singleFactorAuthentication | multiFactorAuthentication (the highest reached), or '' when absent. */
  readonly authenticationRequirement: string;
  readonly conditionalAccessStatus: string | null;
  readonly authenticationDetails: readonly AuthenticationStep[];
}

/** Who an event is about. */
export interface EventUser {
  readonly id: string | null;
  readonly userPrincipalName: string;
  readonly displayName: string;
}

/** One registration or one verification attempt in a self-service reset (entra-rules §3.3–3.4). */
export interface RegistrationOrResetEvent {
  /** Stable id derived from the source record(s): re-deriving gives the same id. */
  readonly id: string;
  readonly feature: 'registration' | 'reset';
  readonly user: EventUser;
  readonly eventDateTime: string;
  /** A usageAuthMethod member name (graph-api §6), e.g. 'microsoftAuthenticatorPush', 'sms', 'email'. */
  readonly authMethod: string;
  readonly isSuccess: boolean;
  /** '' when successful (graph-api §5.4: userEventsSummary.failureReason). */
  readonly failureReason: string;
  /** The audit record ids this event was derived from. */
  readonly sourceIds: readonly string[];
}

/** Password resets, changes and unlocks, counted per UTC day (graph-api §3.9; entra-rules A12). */
export interface PasswordEvent {
  readonly id: string;
  readonly kind: 'resetByAdmin' | 'resetSelfService' | 'changeSelfService' | 'unlockSelfService';
  readonly user: EventUser;
  readonly eventDateTime: string;
  readonly isSuccess: boolean;
}

/** What the usage reports need of one sign-in (entra-rules §3.2, §4.4 PROPOSAL). */
export interface SignInFact {
  readonly id: string;
  readonly userId: string;
  readonly createdDateTime: string;
  readonly isInteractive: boolean;
  readonly isSuccess: boolean;
  /** null when the record has no usable requirement. */
  readonly requirement: 'singleFactor' | 'multiFactor' | null;
  /**
   * Methods used, mapped to Graph's names (userSignInsByAuthMethodSummary: 'password', 'sms',
   * 'microsoftAuthenticatorPush', 'oneTimePasscode', …), token-satisfied steps left out.
   */
  readonly methods: readonly { readonly method: string; readonly succeeded: boolean; readonly primary: boolean }[];
}
