// Capability descriptors of the report entities per API version (graph-api §3.1, §5.1), read by
// the query-option validation and by the wire serialisers.
import { defineEntity, type EntityCapabilities, type PropertyCapability } from '../odata/capabilities.js';
import { defaultMfaMethodType, featureType, usageAuthMethod, registrationAuthMethod, signInUserType, userDefaultAuthenticationMethod } from './enums.js';

export type ApiVersion = 'v1.0' | 'beta';

const flag = (name: string): PropertyCapability => ({ name, type: 'boolean', nullable: false, filter: ['eq', 'ne'], orderby: false });
const name = (n: string): PropertyCapability => ({
  name: n,
  type: 'string',
  nullable: false,
  filter: ['eq', 'ne', 'in', 'startswith'],
  orderby: true,
  caseInsensitive: true,
});

// decision 0055: ids are GUIDs stored in lower case; an id literal matches in any case.
// graph-api §3.1: booleans eq; names eq/startswith (case-insensitive) and $orderby; collections any+eq.
// ne, in and not are accepted too (issue #2): they compose from the documented operators.
const common: readonly PropertyCapability[] = [
  { name: 'id', type: 'string', nullable: false, filter: ['eq', 'ne', 'in'], orderby: false, lowerCaseGuids: true },
  name('userPrincipalName'),
  name('userDisplayName'),
  { name: 'userType', type: 'enum', enum: signInUserType, nullable: true, filter: ['eq', 'ne', 'in'], orderby: false },
  { ...flag('isAdmin'), nullable: true },
  flag('isSsprRegistered'),
  flag('isSsprEnabled'),
  flag('isSsprCapable'),
  flag('isMfaRegistered'),
  flag('isMfaCapable'),
  flag('isPasswordlessCapable'),
  { ...flag('isSystemPreferredAuthenticationMethodEnabled'), nullable: true },
  { name: 'lastUpdatedDateTime', type: 'dateTimeOffset', nullable: false, filter: [], orderby: false },
  { name: 'methodsRegistered', type: 'stringCollection', nullable: true, filter: ['any'], orderby: false },
  // graph-api §7.9: Graph fails on this filter (docs-contrib#9060); peers-and-asks §4: behave like the docs.
  { name: 'systemPreferredAuthenticationMethods', type: 'stringCollection', nullable: true, filter: ['any'], orderby: false },
  {
    name: 'userPreferredMethodForSecondaryAuthentication',
    type: 'enum',
    enum: userDefaultAuthenticationMethod,
    nullable: true,
    filter: ['eq', 'ne', 'in'],
    orderby: false,
  },
];

const typeName = 'microsoft.graph.userRegistrationDetails';

export const registrationDetailsEntity: Readonly<Record<ApiVersion, EntityCapabilities>> = {
  'v1.0': defineEntity({ typeName, properties: common }),
  // graph-api §5.1: defaultMfaMethod exists on beta only.
  beta: defineEntity({
    typeName,
    properties: [...common, { name: 'defaultMfaMethod', type: 'enum', enum: defaultMfaMethodType, nullable: true, filter: ['eq', 'ne', 'in'], orderby: false }],
  }),
};

/** An entity that is the same on both versions (the beta-only ones; only beta serves them). */
export const inBoth = (entity: EntityCapabilities): Readonly<Record<ApiVersion, EntityCapabilities>> => ({ 'v1.0': entity, beta: entity });

/**
 * graph-api §4.1: reportRoot has no structural property (only its contained navigations), so
 * `$select=*` is all there is to select (decision 0080).
 */
export const reportRootEntity: EntityCapabilities = defineEntity({ typeName: 'microsoft.graph.reportRoot', properties: [] });

/** graph-api §4.2: authenticationMethodsRoot has only the key of graph.entity; `$select=id` is all there is to select. */
export const authenticationMethodsRootEntity: EntityCapabilities = defineEntity({
  typeName: 'microsoft.graph.authenticationMethodsRoot',
  properties: [{ name: 'id', type: 'string', nullable: false, filter: [], orderby: false }],
});

// decision 0082: the daily summaries are at most 30 rows computed in memory, so every count and the
// day compare and sort; graph-api §3.9 documents `gt` on the counts, the rest composes from it.
const count = (name: string): PropertyCapability => ({ name, type: 'int64', nullable: true, filter: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'], orderby: true });
const day = (name: string): PropertyCapability => ({
  name,
  type: 'dateTimeOffset',
  nullable: true,
  filter: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
  orderby: true,
});

/** graph-api §3.8, §5.4: no options are documented; decision 0082 gives it its sibling's. */
export const mfaSignInSummaryEntity: EntityCapabilities = defineEntity({
  typeName: 'microsoft.graph.userMfaSignInSummary',
  properties: [
    { name: 'id', type: 'string', nullable: false, filter: ['eq', 'ne', 'in'], orderby: false, lowerCaseGuids: true },
    day('createdDateTime'),
    count('totalSignIns'),
    count('singleFactorSignIns'),
    count('multiFactorSignIns'),
  ],
});

/** graph-api §3.9: `$filter` with `gt` on the three counts (the other comparisons compose from it). */
export const passwordResetsSummaryEntity: EntityCapabilities = defineEntity({
  typeName: 'microsoft.graph.userPasswordResetsAndChangesSummary',
  properties: [
    { name: 'id', type: 'string', nullable: false, filter: ['eq', 'ne', 'in'], orderby: false, lowerCaseGuids: true },
    day('aggregatedDateTime'),
    count('passwordResetsByAdminCount'),
    count('passwordResetsSelfServiceCount'),
    count('changePasswordSelfServiceCount'),
  ],
});

/** graph-api §3.12, §5.4: the deprecated credentialUserRegistrationDetails and its `$filter` set. */
export const credentialUserRegistrationDetailsEntity: EntityCapabilities = defineEntity({
  typeName: 'microsoft.graph.credentialUserRegistrationDetails',
  properties: [
    { name: 'id', type: 'string', nullable: false, filter: ['eq'], orderby: false, lowerCaseGuids: true },
    name('userPrincipalName'),
    name('userDisplayName'),
    { name: 'authMethods', type: 'enumCollection', enum: registrationAuthMethod, nullable: false, filter: ['any'], orderby: false },
    flag('isRegistered'),
    flag('isEnabled'),
    flag('isCapable'),
    flag('isMfaRegistered'),
  ],
});

/** graph-api §3.10, §5.4: the deprecated credentialUsageSummary; `$filter=feature eq 'registration'`. */
export const credentialUsageSummaryEntity: EntityCapabilities = defineEntity({
  typeName: 'microsoft.graph.credentialUsageSummary',
  properties: [
    { name: 'id', type: 'string', nullable: false, filter: [], orderby: false },
    { name: 'feature', type: 'enum', enum: featureType, nullable: false, filter: ['eq'], orderby: false },
    { name: 'successfulActivityCount', type: 'int64', nullable: false, filter: [], orderby: false },
    { name: 'failureActivityCount', type: 'int64', nullable: false, filter: [], orderby: false },
    {
      name: 'authMethod',
      type: 'enum',
      enum: usageAuthMethod,
      nullable: false,
      filter: [],
      orderby: false,
    },
  ],
});

/** graph-api §3.7, §3.13, §5.4: userEventsSummary and its deprecated twin userCredentialUsageDetails. */
const eventsEntity = (typeName: string): EntityCapabilities =>
  defineEntity({
    typeName,
    properties: [
      { name: 'id', type: 'string', nullable: false, filter: ['eq', 'ne', 'in'], orderby: false, lowerCaseGuids: true },
      { name: 'feature', type: 'enum', enum: featureType, nullable: false, filter: ['eq', 'ne', 'in'], orderby: false },
      name('userPrincipalName'),
      name('userDisplayName'),
      { name: 'isSuccess', type: 'boolean', nullable: false, filter: ['eq', 'ne'], orderby: false },
      {
        name: 'authMethod',
        type: 'enum',
        enum: usageAuthMethod,
        nullable: false,
        filter: ['eq', 'ne', 'in'],
        orderby: false,
      },
      { name: 'failureReason', type: 'string', nullable: false, filter: ['eq', 'ne', 'startswith'], orderby: false },
      { name: 'eventDateTime', type: 'dateTimeOffset', nullable: false, filter: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'], orderby: false },
    ],
  });

export const userEventsSummaryEntity = eventsEntity('microsoft.graph.userEventsSummary');
export const userCredentialUsageDetailsEntity = eventsEntity('microsoft.graph.userCredentialUsageDetails');

/** Wire property order of userRegistrationDetails, as the Graph doc example writes it (§3.1 entries 1–2). */
export const REGISTRATION_DETAILS_WIRE_ORDER: readonly string[] = [
  'id',
  'userPrincipalName',
  'userDisplayName',
  'isAdmin',
  'isSsprRegistered',
  'isSsprEnabled',
  'isSsprCapable',
  'isMfaRegistered',
  'isMfaCapable',
  'isPasswordlessCapable',
  'lastUpdatedDateTime',
  'methodsRegistered',
  'defaultMfaMethod',
  'isSystemPreferredAuthenticationMethodEnabled',
  'systemPreferredAuthenticationMethods',
  'userPreferredMethodForSecondaryAuthentication',
  'userType',
];
