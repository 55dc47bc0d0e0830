// The Graph requests whose bodies the assembler reads, named as in errors, and the users $select.

export const ENDPOINTS = {
  organization: 'GET /v1.0/organization',
  subscribedSkus: 'GET /v1.0/subscribedSkus',
  usersDelta: 'GET /v1.0/users/delta',
  methods: 'GET /beta/users/{id}/authentication/methods',
  signInPreferences: 'GET /beta/users/{id}/authentication/signInPreferences',
  groupMembers: 'GET /v1.0/groups/{id}/members',
  roleAssignments: 'GET /v1.0/roleManagement/directory/roleAssignments',
  roleEligibilities: 'GET /v1.0/roleManagement/directory/roleEligibilityScheduleInstances',
  authenticationMethodsPolicy: 'GET /beta/policies/authenticationMethodsPolicy',
  authorizationPolicy: 'GET /v1.0/policies/authorizationPolicy',
  registrationDetails: 'GET /beta/reports/authenticationMethods/userRegistrationDetails',
  ssprPolicyFile: '--sspr-policy FILE',
} as const;

/** The endpoint text with the user or group id in place of `{id}`. */
export function endpointFor(template: string, id: string): string {
  return template.replace('{id}', id);
}

/**
 * Decision 0072: the user properties amr reads or keeps. The first five are what a snapshot user
 * needs (tenant-snapshot.md "User"); the rest are the breakdown properties the snapshot format
 * names and the demo tenant carries. All are Entra directory properties, so users/delta tracks
 * them (properties stored outside Entra, such as skills or mailboxSettings, are not tracked by
 * delta). `deletedDateTime` is not selected: delta reports a deletion as `@removed` instead.
 */
export const USER_SELECT: readonly string[] = [
  'id',
  'userPrincipalName',
  'displayName',
  'userType',
  'accountEnabled',
  'givenName',
  'surname',
  'mail',
  'createdDateTime',
  'department',
  'jobTitle',
  'companyName',
  'officeLocation',
  'usageLocation',
  'onPremisesSyncEnabled',
  'assignedLicenses',
];

/** The first request of a users delta round: `/v1.0/users/delta?$select=…` (nextLink/deltaLink carry it on). */
export function usersDeltaPath(): string {
  return `/v1.0/users/delta?$select=${USER_SELECT.join(',')}`;
}
