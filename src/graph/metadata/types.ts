// Microsoft's types that amr's query descriptors (entities.ts) do not describe: the containers,
// the function results, the complex summaries, and the signatures of the bound functions.
// Source: graph-api §4–§6 and ../shared/spec/graph-csdl (v1.0-Prod, beta-USNat CSDL); property
// lists in CSDL order (by name), nullability as Microsoft declares it.
import { USAGE_AUTH_METHODS } from '../../reports/activity/index.js';
import type { EnumType } from '../../odata/capabilities.js';
import {
  aggregationPeriod,
  authenticationMethodFeature,
  defaultMfaMethodType,
  featureType,
  includedUserRoles,
  includedUserTypes,
  registrationAuthMethod,
  signInUserType,
  userDefaultAuthenticationMethod,
} from '../enums.js';
import type { EdmProperty, EdmStructuredType } from './edm.js';

const p = (name: string, type: string, nullable: boolean, collection = false): EdmProperty => ({ name, type, nullable, collection });
const NN = false;
const NULLABLE = true;

/** graph-api §6.10: registrationStatusType, read only by getCredentialUserRegistrationCount's counts. */
const registrationStatusType: EnumType = {
  name: 'microsoft.graph.registrationStatusType',
  members: ['registered', 'enabled', 'capable', 'mfaRegistered', 'unknownFutureValue'],
};
const usageAuthMethod: EnumType = { name: 'microsoft.graph.usageAuthMethod', members: USAGE_AUTH_METHODS };

/** Every enum amr knows, by local name; $metadata declares those its types reach. */
export const ENUMS: ReadonlyMap<string, EnumType> = new Map(
  [
    aggregationPeriod,
    authenticationMethodFeature,
    defaultMfaMethodType,
    featureType,
    includedUserRoles,
    includedUserTypes,
    registrationAuthMethod,
    registrationStatusType,
    signInUserType,
    usageAuthMethod,
    userDefaultAuthenticationMethod,
  ].map((e) => [e.name.slice(e.name.lastIndexOf('.') + 1), e]),
);

/**
 * Member values where Microsoft's are not the member's position: signInUserType skips 2
 * (`unknownFutureValue` is 3 in both CSDLs).
 */
export const ENUM_VALUES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  signInUserType: { unknownFutureValue: 3 },
};

type TypeBody = Omit<EdmStructuredType, 'name' | 'navigations'>;
const entity = (properties: readonly EdmProperty[]): TypeBody => ({ baseType: 'graph.entity', abstract: false, key: [], properties });
const complex = (properties: readonly EdmProperty[]): TypeBody => ({ baseType: null, abstract: false, key: [], properties });

/** graph-api §5.2: the summaries' complex types (identical in v1.0 and beta). */
export const COMPLEX_TYPES: ReadonlyMap<string, TypeBody> = new Map([
  ['userRegistrationCount', complex([p('registrationCount', 'Edm.Int64', NN), p('registrationStatus', 'graph.registrationStatusType', NN)])],
  ['userRegistrationFeatureCount', complex([p('feature', 'graph.authenticationMethodFeature', NN), p('userCount', 'Edm.Int64', NN)])],
  [
    'userRegistrationFeatureSummary',
    complex([
      p('totalUserCount', 'Edm.Int64', NN),
      p('userRegistrationFeatureCounts', 'graph.userRegistrationFeatureCount', NN, true),
      p('userRoles', 'graph.includedUserRoles', NULLABLE),
      p('userTypes', 'graph.includedUserTypes', NULLABLE),
    ]),
  ],
  ['userRegistrationMethodCount', complex([p('authenticationMethod', 'Edm.String', NN), p('userCount', 'Edm.Int64', NN)])],
  [
    'userRegistrationMethodSummary',
    complex([
      p('totalUserCount', 'Edm.Int64', NN),
      p('userRegistrationMethodCounts', 'graph.userRegistrationMethodCount', NN, true),
      p('userRoles', 'graph.includedUserRoles', NULLABLE),
      p('userTypes', 'graph.includedUserTypes', NULLABLE),
    ]),
  ],
]);

/**
 * Entity types with no query descriptor in entities.ts. reportRoot has no base type and no key in
 * Microsoft's CSDL (graph-api §4.1, §7 item 17); its navigation properties come from the operations table.
 */
export const ENTITY_TYPES: ReadonlyMap<string, TypeBody> = new Map([
  ['entity', { baseType: null, abstract: true, key: ['id'], properties: [p('id', 'Edm.String', NN)] }],
  ['reportRoot', complex([])],
  ['authenticationMethodsRoot', entity([])],
  ['credentialUserRegistrationCount', entity([p('totalUserCount', 'Edm.Int64', NN), p('userRegistrationCounts', 'graph.userRegistrationCount', NN, true)])],
  [
    'userMfaSignInSummary',
    entity([
      p('createdDateTime', 'Edm.DateTimeOffset', NULLABLE),
      p('multiFactorSignIns', 'Edm.Int64', NULLABLE),
      p('singleFactorSignIns', 'Edm.Int64', NULLABLE),
      p('totalSignIns', 'Edm.Int64', NULLABLE),
    ]),
  ],
  [
    'userRegistrationActivitySummary',
    entity([
      p('authMethod', 'graph.usageAuthMethod', NN),
      p('failureActivityCount', 'Edm.Int64', NN),
      p('feature', 'graph.featureType', NN),
      p('successfulActivityCount', 'Edm.Int64', NN),
    ]),
  ],
  // graph-api §7 item 16: keyed by authenticationMethod, no base type.
  [
    'userSignInUsageByAuthMethodActivity',
    {
      baseType: null,
      abstract: false,
      key: ['authenticationMethod'],
      properties: [p('authenticationMethod', 'Edm.String', NN), p('successActivityCount', 'Edm.Int64', NN)],
    },
  ],
]);

/** The singleton every path starts from (graph-api §4.1). */
export const SINGLETONS: ReadonlyMap<string, string> = new Map([['reports', 'reportRoot']]);

/** graph-api §4.1, §4.2: the contained navigation properties amr's paths use, by name. */
export const NAVIGATIONS: ReadonlyMap<string, { readonly type: string; readonly collection: boolean }> = new Map<string, { type: string; collection: boolean }>(
  [
    ['authenticationMethods', { type: 'authenticationMethodsRoot', collection: false }],
    ...[
      'userRegistrationDetails',
      'userEventsSummary',
      'userMfaSignInSummary',
      'userPasswordResetsAndChangesSummary',
      'credentialUserRegistrationDetails',
      'userCredentialUsageDetails',
    ].map((n): [string, { type: string; collection: boolean }] => [n, { type: n, collection: true }]),
  ],
);

export interface FunctionSignature {
  readonly returnType: string;
  readonly collection: boolean;
  /** Microsoft names the binding parameter 'bindingParameter', or 'reportRoot' on reportRoot's legacy functions. */
  readonly bindingParameter: string;
  /** Parameters declared Nullable="false"; the others are nullable. */
  readonly required: readonly string[];
  readonly nonUnicode?: readonly string[];
}

/** graph-api §4.3: what each bound function returns; its parameters come from the operations table. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map([
  ['usersRegisteredByFeature', { returnType: 'userRegistrationFeatureSummary', collection: false, bindingParameter: 'bindingParameter', required: [] }],
  ['usersRegisteredByMethod', { returnType: 'userRegistrationMethodSummary', collection: false, bindingParameter: 'bindingParameter', required: [] }],
  ['userRegistrationActivity', { returnType: 'userRegistrationActivitySummary', collection: true, bindingParameter: 'bindingParameter', required: ['period'] }],
  [
    'userSignInsByAuthMethodSummary',
    {
      returnType: 'userSignInUsageByAuthMethodActivity',
      collection: true,
      bindingParameter: 'bindingParameter',
      required: ['period'],
    },
  ],
  [
    'getCredentialUsageSummary',
    {
      returnType: 'credentialUsageSummary',
      collection: true,
      bindingParameter: 'reportRoot',
      required: ['period'],
      nonUnicode: ['period'],
    },
  ],
  ['getCredentialUserRegistrationCount', { returnType: 'credentialUserRegistrationCount', collection: true, bindingParameter: 'reportRoot', required: [] }],
]);
