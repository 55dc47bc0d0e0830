// The sync assembler's public face: pure functions from Graph bodies to amr's tenant snapshot.
export { GraphBodyError } from './body-error.js';
export { ENDPOINTS, USER_SELECT, usersDeltaPath } from './endpoints.js';
export type { JsonObject, JsonValue } from './json.js';
export { assembleSnapshot, assembleMirror, type SyncBodies, type SyncMode } from './assemble.js';
export { mergeIncremental, type IncrementalBodies } from './incremental.js';
export { groupsToFetch, nestedGroupsToFetch, readGroupMembers, AMR_GROUP_PREFIX, type GroupMember } from './groups.js';
export { readRoleAssignments, type RoleAssignmentPart } from './role-assignments.js';
export { readAuthenticationMethodsPolicy, readAuthorizationPolicy, readSsprPolicyFile, type PoliciesPart } from './policies.js';
export { readUsersDelta, type UsersDelta } from './users-delta.js';
export { readMethods, KNOWN_METHOD_TYPES, type UserMethods } from './methods.js';
export { readSignInPreferences } from './sign-in-preferences.js';
export { readRegistrationDetails, type RegistrationRow } from './registration-details.js';
export { inferSsprPolicy, INFERRED_SSPR_GROUP_ID } from './sspr-inference.js';
export { mirrorMethods } from './mirror-methods.js';
export { readOrganization, licenseFromSkus, type License } from './tenant.js';
export type { AssembledSnapshot, AssemblyResult, SsprPolicySource } from './snapshot-types.js';
