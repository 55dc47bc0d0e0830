// The operations table: one row per Graph endpoint amr serves. Dispatch, option validation and
// the docs all read it (architecture guide: graph/).
import { aggregationPeriod, includedUserRoles, includedUserTypes } from './enums.js';
import {
  getCredentialUsageSummary, getMfaSignInSummary, getPasswordResetsSummary, listMfaSignInSummary, listPasswordResetsSummary, userRegistrationActivity,
  userSignInsByAuthMethodSummary,
} from './handlers/activity.js';
import { registrationDetailsEntity } from './entities.js';
import type { Operation, ParameterSpec, SegmentPattern } from './operation.js';
import { authenticationMethodsRoot } from './handlers/root.js';
import { reportRoot } from './handlers/report-root.js';
import { PERMISSIONS } from './permissions.js';
import { countRegistrationDetails, getRegistrationDetails, listRegistrationDetails, PAGE_SIZE } from './handlers/registration-details.js';
import { usersRegisteredByFeature, usersRegisteredByMethod } from './handlers/summaries.js';
import { getUserEventsSummary, listUserEventsSummary } from './handlers/events-summary.js';
import { getUserCredentialUsageDetails, listUserCredentialUsageDetails } from './handlers/credential-usage-details.js';
import {
  getCredentialUserRegistrationCount, getCredentialUserRegistrationDetails, listCredentialUserRegistrationDetails,
} from './handlers/credential-registration.js';

const name = (n: string): SegmentPattern => ({ kind: 'name', name: n });
const key: SegmentPattern = { kind: 'key' };
const fn = (n: string, overloads: readonly (readonly ParameterSpec[])[]): SegmentPattern => ({ kind: 'function', name: n, overloads });

const ROOT = [name('reports'), name('authenticationMethods')];
const DETAILS = [...ROOT, name('userRegistrationDetails')];

// graph-api §3.3, §4.3: none, or both parameters; 'unknownFutureValue' is no audience to count.
const USER_SCOPE: readonly ParameterSpec[] = [
  { name: 'includedUserTypes', type: includedUserTypes.name, allowed: includedUserTypes.members.filter((m) => m !== 'unknownFutureValue') },
  { name: 'includedUserRoles', type: includedUserRoles.name, allowed: includedUserRoles.members.filter((m) => m !== 'unknownFutureValue') },
];

// graph-api §3.5, §4.3: period is required; 'unknownFutureValue' is no period.
const PERIOD: readonly ParameterSpec[] = [
  { name: 'period', type: aggregationPeriod.name, allowed: aggregationPeriod.members.filter((m) => m !== 'unknownFutureValue') },
];

// graph-api §3.10: the legacy period is a string, D1/D7/D30, case-insensitive.
const LEGACY_PERIOD: readonly ParameterSpec[] = [{ name: 'period', type: 'string', allowed: ['D1', 'D7', 'D30'], caseInsensitive: true }];

export const OPERATIONS: readonly Operation[] = [
  {
    // graph-api §4.1: the reportRoot singleton; decision 0080. Permissions as its container's.
    id: 'reportRoot.get', permission: PERMISSIONS.container, versions: ['v1.0', 'beta'], path: [name('reports')], options: [],
    description: 'The reportRoot singleton.', handle: reportRoot,
  },
  {
    id: 'authenticationMethodsRoot.get', permission: PERMISSIONS.container, versions: ['v1.0', 'beta'], path: ROOT, options: [],
    description: 'The authenticationMethodsRoot container.', handle: authenticationMethodsRoot,
  },
  {
    id: 'userRegistrationDetails.list', permission: PERMISSIONS.registrationDetails, versions: ['v1.0', 'beta'], path: DETAILS,
    options: ['$filter', '$orderby', '$top', '$select', '$count', '$skiptoken'], entity: registrationDetailsEntity, maxTop: PAGE_SIZE,
    description: 'Each listed user\'s registration state.', handle: listRegistrationDetails,
  },
  {
    id: 'userRegistrationDetails.count', permission: PERMISSIONS.registrationDetails, versions: ['v1.0', 'beta'], path: [...DETAILS, name('$count')], options: ['$filter'],
    entity: registrationDetailsEntity, description: 'The number of listed users (text/plain).', handle: countRegistrationDetails,
  },
  {
    id: 'userRegistrationDetails.get', permission: PERMISSIONS.registrationDetails, versions: ['v1.0', 'beta'], path: [...DETAILS, key], options: ['$select'],
    entity: registrationDetailsEntity, description: 'One user\'s registration state, by user object id.', handle: getRegistrationDetails,
  },
  {
    id: 'usersRegisteredByFeature', permission: PERMISSIONS.delegatedOnlyAuditLog, versions: ['v1.0', 'beta'], path: [...ROOT, fn('usersRegisteredByFeature', [[], USER_SCOPE])],
    options: [], description: 'Users registered, enabled and capable per feature.', handle: usersRegisteredByFeature,
  },
  {
    id: 'usersRegisteredByMethod', permission: PERMISSIONS.delegatedOnlyAuditLog, versions: ['v1.0', 'beta'], path: [...ROOT, fn('usersRegisteredByMethod', [[], USER_SCOPE])],
    options: [], description: 'Users registered per authentication method.', handle: usersRegisteredByMethod,
  },
  {
    id: 'userRegistrationActivity', permission: PERMISSIONS.delegatedOnlyAuditLog, versions: ['beta'], path: [...ROOT, fn('userRegistrationActivity', [PERIOD])], options: [], activity: true,
    description: 'Registration and reset successes and failures per method over d1, d7 or d30.', handle: userRegistrationActivity,
  },
  {
    id: 'userSignInsByAuthMethodSummary', permission: PERMISSIONS.auditLog, versions: ['beta'], path: [...ROOT, fn('userSignInsByAuthMethodSummary', [PERIOD])], options: [],
    activity: true, description: 'Successful interactive sign-ins per method over d1, d7 or d30.', handle: userSignInsByAuthMethodSummary,
  },
  {
    // graph-api §3.11: called with or without empty parentheses.
    id: 'getCredentialUserRegistrationCount', permission: PERMISSIONS.reports, versions: ['beta'], path: [name('reports'), fn('getCredentialUserRegistrationCount', [[]])],
    options: [], description: 'Legacy: users registered, enabled and capable for SSPR, and registered for MFA.', handle: getCredentialUserRegistrationCount,
  },
  {
    id: 'credentialUserRegistrationDetails.list', permission: PERMISSIONS.reports, versions: ['beta'], path: [name('reports'), name('credentialUserRegistrationDetails')],
    options: ['$filter', '$orderby', '$top', '$count', '$skiptoken'], maxTop: 1000,
    description: 'Deprecated: each user\'s SSPR and MFA registration in legacy terms.', handle: listCredentialUserRegistrationDetails,
  },
  {
    id: 'credentialUserRegistrationDetails.get', permission: PERMISSIONS.reports, versions: ['beta'], path: [name('reports'), name('credentialUserRegistrationDetails'), key],
    options: [], description: 'Deprecated: one user in legacy terms.', handle: getCredentialUserRegistrationDetails,
  },
  {
    id: 'userCredentialUsageDetails.list', permission: PERMISSIONS.reports, versions: ['beta'], path: [name('reports'), name('userCredentialUsageDetails')], activity: true,
    options: ['$filter', '$orderby', '$top', '$select', '$count', '$skiptoken'], maxTop: 1000,
    description: 'Deprecated: registration and reset events in legacy method names.', handle: listUserCredentialUsageDetails,
  },
  {
    id: 'userCredentialUsageDetails.get', permission: PERMISSIONS.reports, versions: ['beta'], path: [name('reports'), name('userCredentialUsageDetails'), key],
    options: [], activity: true, description: 'Deprecated: one event in legacy method names.', handle: getUserCredentialUsageDetails,
  },
  {
    id: 'getCredentialUsageSummary', permission: PERMISSIONS.reports, versions: ['beta'], path: [name('reports'), fn('getCredentialUsageSummary', [LEGACY_PERIOD])],
    options: ['$filter'], activity: true, description: 'Deprecated: registration and reset counts in legacy method names.', handle: getCredentialUsageSummary,
  },
  {
    id: 'userEventsSummary.list', permission: PERMISSIONS.auditLog, versions: ['beta'], path: [...ROOT, name('userEventsSummary')], activity: true,
    options: ['$filter', '$orderby', '$top', '$select', '$count', '$skiptoken'], maxTop: 1000,
    description: 'Each registration and self-service reset attempt of the last 30 days.', handle: listUserEventsSummary,
  },
  {
    id: 'userEventsSummary.get', permission: PERMISSIONS.auditLog, versions: ['beta'], path: [...ROOT, name('userEventsSummary'), key], options: [], activity: true,
    description: 'One registration or reset attempt.', handle: getUserEventsSummary,
  },
  {
    id: 'userMfaSignInSummary.list', permission: PERMISSIONS.auditLog, versions: ['beta'], path: [...ROOT, name('userMfaSignInSummary')], options: [], activity: true,
    description: 'Successful interactive sign-ins per UTC day, single- vs multi-factor.', handle: listMfaSignInSummary,
  },
  {
    id: 'userMfaSignInSummary.get', permission: PERMISSIONS.auditLog, versions: ['beta'], path: [...ROOT, name('userMfaSignInSummary'), key], options: [], activity: true,
    description: 'One day of userMfaSignInSummary.', handle: getMfaSignInSummary,
  },
  {
    id: 'userPasswordResetsAndChangesSummary.list', permission: PERMISSIONS.auditLog, versions: ['beta'], path: [...ROOT, name('userPasswordResetsAndChangesSummary')],
    options: ['$filter'], activity: true,
    description: 'Password resets (by admin, self-service) and self-service changes per UTC day.', handle: listPasswordResetsSummary,
  },
  {
    id: 'userPasswordResetsAndChangesSummary.get', permission: PERMISSIONS.auditLog, versions: ['beta'], path: [...ROOT, name('userPasswordResetsAndChangesSummary'), key],
    options: [], activity: true, description: 'One day of userPasswordResetsAndChangesSummary.', handle: getPasswordResetsSummary,
  },
];
