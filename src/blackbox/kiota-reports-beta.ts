// `client.reports…` for @microsoft/msgraph-beta-sdk: the request builders its unpublished reports
// package would add (see kiota-builders.ts), over the SDK's own models.
import type { NavigationMetadata } from '@microsoft/kiota-abstractions';
import {
  createGraphBetaServiceClient,
  extendGraphBetaServiceClient,
  type GraphBetaServiceClient,
  type GraphBetaRequestAdapter,
} from '@microsoft/msgraph-beta-sdk';
import {
  createAuthenticationMethodsRootFromDiscriminatorValue,
  createCredentialUsageSummaryFromDiscriminatorValue,
  createCredentialUserRegistrationCountFromDiscriminatorValue,
  createCredentialUserRegistrationDetailsCollectionResponseFromDiscriminatorValue,
  createCredentialUserRegistrationDetailsFromDiscriminatorValue,
  createReportRootFromDiscriminatorValue,
  createUserCredentialUsageDetailsCollectionResponseFromDiscriminatorValue,
  createUserCredentialUsageDetailsFromDiscriminatorValue,
  createUserEventsSummaryCollectionResponseFromDiscriminatorValue,
  createUserEventsSummaryFromDiscriminatorValue,
  createUserMfaSignInSummaryCollectionResponseFromDiscriminatorValue,
  createUserMfaSignInSummaryFromDiscriminatorValue,
  createUserPasswordResetsAndChangesSummaryCollectionResponseFromDiscriminatorValue,
  createUserPasswordResetsAndChangesSummaryFromDiscriminatorValue,
  createUserRegistrationActivitySummaryFromDiscriminatorValue,
  createUserRegistrationDetailsCollectionResponseFromDiscriminatorValue,
  createUserRegistrationDetailsFromDiscriminatorValue,
  createUserRegistrationFeatureSummaryFromDiscriminatorValue,
  createUserRegistrationMethodSummaryFromDiscriminatorValue,
  createUserSignInUsageByAuthMethodActivityFromDiscriminatorValue,
  deserializeIntoBaseCollectionPaginationCountResponse,
  type AuthenticationMethodsRoot,
  type CredentialUsageSummary,
  type CredentialUserRegistrationCount,
  type CredentialUserRegistrationDetails,
  type CredentialUserRegistrationDetailsCollectionResponse,
  type ReportRoot,
  type UserCredentialUsageDetails,
  type UserCredentialUsageDetailsCollectionResponse,
  type UserEventsSummary,
  type UserEventsSummaryCollectionResponse,
  type UserMfaSignInSummary,
  type UserMfaSignInSummaryCollectionResponse,
  type UserPasswordResetsAndChangesSummary,
  type UserPasswordResetsAndChangesSummaryCollectionResponse,
  type UserRegistrationActivitySummary,
  type UserRegistrationDetails,
  type UserRegistrationDetailsCollectionResponse,
  type UserRegistrationFeatureSummary,
  type UserRegistrationMethodSummary,
  type UserSignInUsageByAuthMethodActivity,
} from '@microsoft/msgraph-beta-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-beta-sdk/models/oDataErrors/index.js';
import {
  collection,
  functionCollections,
  functionWith,
  getter,
  type Collection,
  type CollectionQuery,
  type FunctionCollection,
  type Getter,
  type ItemQuery,
} from './kiota-builders.js';

export const BETA_ERRORS = { XXX: createODataErrorFromDiscriminatorValue };

type ById<Name extends string, T> = { [K in `by${Capitalize<Name>}Id`]: (id: string) => Getter<T, ItemQuery> };
type Contained<Name extends string, C, T> = Collection<C> & ById<Name, T>;
type Fn<T> = Getter<FunctionCollection<T>, CollectionQuery>;

export interface BetaAuthenticationMethods extends Getter<AuthenticationMethodsRoot, ItemQuery> {
  readonly userRegistrationDetails: Contained<'userRegistrationDetails', UserRegistrationDetailsCollectionResponse, UserRegistrationDetails>;
  readonly userEventsSummary: Contained<'userEventsSummary', UserEventsSummaryCollectionResponse, UserEventsSummary>;
  readonly userMfaSignInSummary: Contained<'userMfaSignInSummary', UserMfaSignInSummaryCollectionResponse, UserMfaSignInSummary>;
  readonly userPasswordResetsAndChangesSummary: Contained<
    'userPasswordResetsAndChangesSummary',
    UserPasswordResetsAndChangesSummaryCollectionResponse,
    UserPasswordResetsAndChangesSummary
  >;
  readonly usersRegisteredByFeature: Getter<UserRegistrationFeatureSummary>;
  usersRegisteredByFeatureWithIncludedUserTypesWithIncludedUserRoles(
    includedUserTypes: string,
    includedUserRoles: string,
  ): Getter<UserRegistrationFeatureSummary>;
  readonly usersRegisteredByMethod: Getter<UserRegistrationMethodSummary>;
  usersRegisteredByMethodWithIncludedUserTypesWithIncludedUserRoles(
    includedUserTypes: string,
    includedUserRoles: string,
  ): Getter<UserRegistrationMethodSummary>;
  userRegistrationActivityWithPeriod(period: string): Fn<UserRegistrationActivitySummary>;
  userSignInsByAuthMethodSummaryWithPeriod(period: string): Fn<UserSignInUsageByAuthMethodActivity>;
}
export interface BetaReports extends Getter<ReportRoot, ItemQuery> {
  readonly authenticationMethods: BetaAuthenticationMethods;
  readonly credentialUserRegistrationDetails: Contained<
    'credentialUserRegistrationDetails',
    CredentialUserRegistrationDetailsCollectionResponse,
    CredentialUserRegistrationDetails
  >;
  readonly userCredentialUsageDetails: Contained<'userCredentialUsageDetails', UserCredentialUsageDetailsCollectionResponse, UserCredentialUsageDetails>;
  readonly getCredentialUserRegistrationCount: Fn<CredentialUserRegistrationCount>;
  getCredentialUsageSummaryWithPeriod(period: string): Fn<CredentialUsageSummary>;
}
export type BetaClient = GraphBetaServiceClient & { readonly reports: BetaReports };

const E = BETA_ERRORS;
const AM = '/reports/authenticationMethods';
const USER_FILTERS = ['includedUserTypes', 'includedUserRoles'] as const;
const fnOf = functionCollections(deserializeIntoBaseCollectionPaginationCountResponse);

export const BETA_NAVIGATION: Record<string, NavigationMetadata> = {
  reports: {
    requestsMetadata: getter('/reports', createReportRootFromDiscriminatorValue, E, 'item'),
    navigationMetadata: {
      authenticationMethods: {
        requestsMetadata: getter(AM, createAuthenticationMethodsRootFromDiscriminatorValue, E, 'item'),
        navigationMetadata: {
          userRegistrationDetails: collection(
            `${AM}/userRegistrationDetails`,
            'userRegistrationDetails',
            createUserRegistrationDetailsCollectionResponseFromDiscriminatorValue,
            createUserRegistrationDetailsFromDiscriminatorValue,
            E,
          ),
          userEventsSummary: collection(
            `${AM}/userEventsSummary`,
            'userEventsSummary',
            createUserEventsSummaryCollectionResponseFromDiscriminatorValue,
            createUserEventsSummaryFromDiscriminatorValue,
            E,
          ),
          userMfaSignInSummary: collection(
            `${AM}/userMfaSignInSummary`,
            'userMfaSignInSummary',
            createUserMfaSignInSummaryCollectionResponseFromDiscriminatorValue,
            createUserMfaSignInSummaryFromDiscriminatorValue,
            E,
          ),
          userPasswordResetsAndChangesSummary: collection(
            `${AM}/userPasswordResetsAndChangesSummary`,
            'userPasswordResetsAndChangesSummary',
            createUserPasswordResetsAndChangesSummaryCollectionResponseFromDiscriminatorValue,
            createUserPasswordResetsAndChangesSummaryFromDiscriminatorValue,
            E,
          ),
          usersRegisteredByFeature: {
            requestsMetadata: getter(`${AM}/usersRegisteredByFeature()`, createUserRegistrationFeatureSummaryFromDiscriminatorValue, E, 'none'),
          },
          usersRegisteredByMethod: {
            requestsMetadata: getter(`${AM}/usersRegisteredByMethod()`, createUserRegistrationMethodSummaryFromDiscriminatorValue, E, 'none'),
          },
          ...Object.fromEntries([
            functionWith(AM, 'usersRegisteredByFeature', USER_FILTERS, createUserRegistrationFeatureSummaryFromDiscriminatorValue, E, 'none'),
            functionWith(AM, 'usersRegisteredByMethod', USER_FILTERS, createUserRegistrationMethodSummaryFromDiscriminatorValue, E, 'none'),
            functionWith(AM, 'userRegistrationActivity', ['period'], fnOf(createUserRegistrationActivitySummaryFromDiscriminatorValue), E, 'collection'),
            functionWith(
              AM,
              'userSignInsByAuthMethodSummary',
              ['period'],
              fnOf(createUserSignInUsageByAuthMethodActivityFromDiscriminatorValue),
              E,
              'collection',
            ),
          ]),
        },
      },
      credentialUserRegistrationDetails: collection(
        '/reports/credentialUserRegistrationDetails',
        'credentialUserRegistrationDetails',
        createCredentialUserRegistrationDetailsCollectionResponseFromDiscriminatorValue,
        createCredentialUserRegistrationDetailsFromDiscriminatorValue,
        E,
      ),
      userCredentialUsageDetails: collection(
        '/reports/userCredentialUsageDetails',
        'userCredentialUsageDetails',
        createUserCredentialUsageDetailsCollectionResponseFromDiscriminatorValue,
        createUserCredentialUsageDetailsFromDiscriminatorValue,
        E,
      ),
      getCredentialUserRegistrationCount: {
        requestsMetadata: getter(
          '/reports/getCredentialUserRegistrationCount()',
          fnOf(createCredentialUserRegistrationCountFromDiscriminatorValue),
          E,
          'collection',
        ),
      },
      ...Object.fromEntries([
        functionWith('/reports', 'getCredentialUsageSummary', ['period'], fnOf(createCredentialUsageSummaryFromDiscriminatorValue), E, 'collection'),
      ]),
    },
  },
};

let extended = false;

/** The SDK's Graph client factory on `adapter` (baseUrl …/beta), with the reports builders installed. */
export function betaClient(adapter: GraphBetaRequestAdapter): BetaClient {
  if (!extended) {
    extendGraphBetaServiceClient(BETA_NAVIGATION);
    extended = true;
  }
  return createGraphBetaServiceClient(adapter) as BetaClient;
}
