// `client.reports…` for @microsoft/msgraph-sdk (v1.0): the request builders its unpublished
// reports package would add (see kiota-builders.ts), over the SDK's own models.
import type { NavigationMetadata } from '@microsoft/kiota-abstractions';
import { createGraphServiceClient, extendGraphServiceClient, type GraphServiceClient, type GraphRequestAdapter } from '@microsoft/msgraph-sdk';
import {
  createAuthenticationMethodsRootFromDiscriminatorValue,
  createReportRootFromDiscriminatorValue,
  createUserRegistrationDetailsCollectionResponseFromDiscriminatorValue,
  createUserRegistrationDetailsFromDiscriminatorValue,
  createUserRegistrationFeatureSummaryFromDiscriminatorValue,
  createUserRegistrationMethodSummaryFromDiscriminatorValue,
  type AuthenticationMethodsRoot,
  type ReportRoot,
  type UserRegistrationDetails,
  type UserRegistrationDetailsCollectionResponse,
  type UserRegistrationFeatureSummary,
  type UserRegistrationMethodSummary,
} from '@microsoft/msgraph-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js';
import { collection, functionWith, getter, type Collection, type Getter, type ItemQuery } from './kiota-builders.js';

export const V1_ERRORS = { XXX: createODataErrorFromDiscriminatorValue };

export interface V1AuthenticationMethods extends Getter<AuthenticationMethodsRoot, ItemQuery> {
  readonly userRegistrationDetails: Collection<UserRegistrationDetailsCollectionResponse> & {
    byUserRegistrationDetailsId(id: string): Getter<UserRegistrationDetails, ItemQuery>;
  };
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
}
export interface V1Reports extends Getter<ReportRoot, ItemQuery> {
  readonly authenticationMethods: V1AuthenticationMethods;
}
export type V1Client = GraphServiceClient & { readonly reports: V1Reports };

const AM = '/reports/authenticationMethods';
const USER_FILTERS = ['includedUserTypes', 'includedUserRoles'] as const;

/** The navigation the reports package adds to the client: `reports` and everything under it that amr serves. */
export const V1_NAVIGATION: Record<string, NavigationMetadata> = {
  reports: {
    requestsMetadata: getter('/reports', createReportRootFromDiscriminatorValue, V1_ERRORS, 'item'),
    navigationMetadata: {
      authenticationMethods: {
        requestsMetadata: getter(AM, createAuthenticationMethodsRootFromDiscriminatorValue, V1_ERRORS, 'item'),
        navigationMetadata: {
          userRegistrationDetails: collection(
            `${AM}/userRegistrationDetails`,
            'userRegistrationDetails',
            createUserRegistrationDetailsCollectionResponseFromDiscriminatorValue,
            createUserRegistrationDetailsFromDiscriminatorValue,
            V1_ERRORS,
          ),
          usersRegisteredByFeature: {
            requestsMetadata: getter(`${AM}/usersRegisteredByFeature()`, createUserRegistrationFeatureSummaryFromDiscriminatorValue, V1_ERRORS, 'none'),
          },
          usersRegisteredByMethod: {
            requestsMetadata: getter(`${AM}/usersRegisteredByMethod()`, createUserRegistrationMethodSummaryFromDiscriminatorValue, V1_ERRORS, 'none'),
          },
          ...Object.fromEntries([
            functionWith(AM, 'usersRegisteredByFeature', USER_FILTERS, createUserRegistrationFeatureSummaryFromDiscriminatorValue, V1_ERRORS, 'none'),
            functionWith(AM, 'usersRegisteredByMethod', USER_FILTERS, createUserRegistrationMethodSummaryFromDiscriminatorValue, V1_ERRORS, 'none'),
          ]),
        },
      },
    },
  },
};

let extended = false;

/** The SDK's Graph client factory on `adapter` (baseUrl …/v1.0), with the reports builders installed. */
export function v1Client(adapter: GraphRequestAdapter): V1Client {
  if (!extended) {
    // As `import '@microsoft/msgraph-sdk-<area>'` does: the client's navigation is open for packages to extend.
    extendGraphServiceClient(V1_NAVIGATION);
    extended = true;
  }
  return createGraphServiceClient(adapter) as V1Client;
}
