// The report endpoints the dashboard reads, typed as Graph returns them (graph-api §3; README "The API").
// These are the dashboard's own types of the public contract, as any client's would be: it imports
// nothing from the server (decision 0060), and its browser tests check every number against the API.
import { query, type GraphClient, type Page, type RequestOptions } from './graph';

const ROOT = 'reports/authenticationMethods';

export type Period = 'd1' | 'd7' | 'd30';
export const PERIODS: readonly Period[] = ['d1', 'd7', 'd30'];
export const PERIOD_DAYS: Readonly<Record<Period, number>> = { d1: 1, d7: 7, d30: 30 };

export type UserTypeFilter = 'all' | 'member' | 'guest';
export type UserRoleFilter = 'all' | 'privilegedAdmin' | 'admin' | 'user';

export interface FeatureSummary {
  readonly totalUserCount: number;
  readonly userRegistrationFeatureCounts: readonly { readonly feature: string; readonly userCount: number }[];
}

export interface MethodSummary {
  readonly totalUserCount: number;
  readonly userRegistrationMethodCounts: readonly { readonly authenticationMethod: string; readonly userCount: number }[];
}

export interface RegistrationActivity {
  readonly feature: 'registration' | 'reset';
  readonly authMethod: string;
  readonly successfulActivityCount: number;
  readonly failureActivityCount: number;
}

export interface SignInsByMethod {
  readonly authenticationMethod: string;
  readonly successActivityCount: number;
}

export interface MfaSignInDay {
  readonly createdDateTime: string;
  readonly totalSignIns: number;
  readonly singleFactorSignIns: number;
  readonly multiFactorSignIns: number;
}

export interface PasswordDay {
  readonly aggregatedDateTime: string;
  readonly passwordResetsByAdminCount: number;
  readonly passwordResetsSelfServiceCount: number;
  readonly changePasswordSelfServiceCount: number;
}

/** One UTC day of amr's registrationHistory extension (src/server/extension-routes.ts). */
export interface HistoryDay {
  readonly day: string;
  /** false: no state was recorded that day, and the previous one is carried over. */
  readonly recorded: boolean;
  readonly capturedDateTime: string;
  readonly totalUserCount: number;
  readonly features: Readonly<Record<string, number>>;
  readonly methods: Readonly<Record<string, number>>;
}

export interface RegistrationHistory {
  readonly tenantId: string;
  readonly from: string;
  readonly to: string;
  readonly value: readonly HistoryDay[];
}

export interface UserRegistrationDetails {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly userDisplayName: string;
  readonly userType: string | null;
  readonly isAdmin: boolean | null;
  readonly isMfaRegistered: boolean;
  readonly isMfaCapable: boolean;
  readonly isPasswordlessCapable: boolean;
  readonly isSsprRegistered: boolean;
  readonly isSsprEnabled: boolean;
  readonly isSsprCapable: boolean;
  readonly isSystemPreferredAuthenticationMethodEnabled: boolean | null;
  readonly methodsRegistered: readonly string[];
  readonly systemPreferredAuthenticationMethods: readonly string[];
  readonly userPreferredMethodForSecondaryAuthentication: string;
  readonly defaultMfaMethod: string;
  readonly lastUpdatedDateTime: string;
}

export interface UserEvent {
  readonly id: string;
  readonly feature: 'registration' | 'reset';
  readonly userPrincipalName: string;
  readonly userDisplayName: string;
  readonly isSuccess: boolean;
  readonly authMethod: string;
  readonly failureReason: string;
  readonly eventDateTime: string;
}

const fnArgs = (type: UserTypeFilter, role: UserRoleFilter): string => `(includedUserTypes='${type}',includedUserRoles='${role}')`;

type Options = Readonly<Record<string, string | number | boolean | null>>;
export const usersPath = (options: Options): string => `/beta/${ROOT}/userRegistrationDetails${query(options)}`;
export const eventsPath = (options: Options): string => `/beta/${ROOT}/userEventsSummary${query(options)}`;

export const reports = {
  featureSummary: (c: GraphClient, type: UserTypeFilter, role: UserRoleFilter, o?: RequestOptions) =>
    c.json<FeatureSummary>(`/v1.0/${ROOT}/usersRegisteredByFeature${fnArgs(type, role)}`, o),
  methodSummary: (c: GraphClient, type: UserTypeFilter, role: UserRoleFilter, o?: RequestOptions) =>
    c.json<MethodSummary>(`/v1.0/${ROOT}/usersRegisteredByMethod${fnArgs(type, role)}`, o),
  registrationActivity: async (c: GraphClient, period: Period, o?: RequestOptions) =>
    (await c.json<{ value: RegistrationActivity[] }>(`/beta/${ROOT}/userRegistrationActivity(period='${period}')`, o)).value,
  signInsByMethod: async (c: GraphClient, period: Period, o?: RequestOptions) =>
    (await c.json<{ value: SignInsByMethod[] }>(`/beta/${ROOT}/userSignInsByAuthMethodSummary(period='${period}')`, o)).value,
  mfaSignInDays: async (c: GraphClient, o?: RequestOptions) => (await c.json<{ value: MfaSignInDay[] }>(`/beta/${ROOT}/userMfaSignInSummary`, o)).value,
  passwordDays: async (c: GraphClient, o?: RequestOptions) =>
    (await c.json<{ value: PasswordDay[] }>(`/beta/${ROOT}/userPasswordResetsAndChangesSummary`, o)).value,
  /** amr's extension (outside Graph's namespace): the registration state per UTC day over the last `days` days. */
  registrationHistory: (c: GraphClient, days: number, type: UserTypeFilter, role: UserRoleFilter, o?: RequestOptions) =>
    c.json<RegistrationHistory>(`/amr/v1/reports/registrationHistory${query({ days, includedUserTypes: type, includedUserRoles: role })}`, o),
  /** The `$count` segment: how many users a filter selects (the tiles' "registered" breakdown). */
  countUsers: async (c: GraphClient, filter: string | null, o?: RequestOptions) =>
    Number(await c.text(`/beta/${ROOT}/userRegistrationDetails/$count${query({ $filter: filter })}`, o)),
  next: <T>(c: GraphClient, nextLink: string, o?: RequestOptions): Promise<Page<T>> => c.page<T>(nextLink, o),
};
