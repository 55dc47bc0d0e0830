// For kiota-sdks.test.ts: the beta reports as cases — each collection with its by-id builder and the
// query options its documentation names, the functions with their parameters, paging, a batch.
import assert from 'node:assert/strict';
import type { Parsable, ParsableFactory } from '@microsoft/kiota-abstractions';
import {
  createCredentialUserRegistrationDetailsFromDiscriminatorValue,
  createUserEventsSummaryCollectionResponseFromDiscriminatorValue,
  createUserEventsSummaryFromDiscriminatorValue,
  createUserRegistrationDetailsCollectionResponseFromDiscriminatorValue,
} from '@microsoft/msgraph-beta-sdk/models/index.js';
import type { BatchStep } from './kiota-batch.js';
import type { Collection, Getter, ItemQuery } from './kiota-builders.js';
import type { Harness } from './kiota-harness.js';

type Row = Parsable & { id?: string | null } & Record<string, unknown>;
interface Listing extends Parsable {
  value?: Row[] | null;
  odataCount?: number | null;
  odataNextLink?: string | null;
}

export interface CollectionCase {
  readonly name: string;
  list(): Collection<Listing>;
  byId(id: string): Getter<Row, ItemQuery>;
  readonly select: readonly string[];
  /** A $filter the report's documentation lists, and what each row it returns must satisfy. */
  readonly filter?: string;
  readonly check?: (row: Row) => void;
  /** A property the documentation says $orderby takes. */
  readonly orderby?: string;
}

/** Typed builders seen through the shape the cases share (each is a Kiota collection builder). */
const asCase = (list: () => unknown, byId: (id: string) => unknown) => ({
  list: list as () => Collection<Listing>,
  byId: byId as (id: string) => Getter<Row, ItemQuery>,
});

export function betaCases(harness: () => Harness): CollectionCase[] {
  const r = () => harness().beta.reports;
  const am = () => r().authenticationMethods;
  return [
    {
      name: 'userRegistrationDetails',
      ...asCase(
        () => am().userRegistrationDetails,
        (id) => am().userRegistrationDetails.byUserRegistrationDetailsId(id),
      ),
      select: ['id', 'userPrincipalName', 'defaultMfaMethod'],
      filter: 'isSsprCapable eq true',
      orderby: 'userPrincipalName',
      check: (row) => assert.equal(row.isSsprCapable, undefined, 'not selected'),
    },
    {
      name: 'userEventsSummary',
      ...asCase(
        () => am().userEventsSummary,
        (id) => am().userEventsSummary.byUserEventsSummaryId(id),
      ),
      select: ['id', 'feature', 'userPrincipalName'],
      filter: "feature eq 'registration'",
      orderby: 'userPrincipalName',
      check: (row) => assert.equal(row.feature, 'registration'),
    },
    {
      name: 'userMfaSignInSummary',
      ...asCase(
        () => am().userMfaSignInSummary,
        (id) => am().userMfaSignInSummary.byUserMfaSignInSummaryId(id),
      ),
      select: ['id', 'createdDateTime', 'totalSignIns'],
    },
    {
      name: 'userPasswordResetsAndChangesSummary',
      ...asCase(
        () => am().userPasswordResetsAndChangesSummary,
        (id) => am().userPasswordResetsAndChangesSummary.byUserPasswordResetsAndChangesSummaryId(id),
      ),
      select: ['id', 'aggregatedDateTime', 'passwordResetsByAdminCount'],
      filter: 'passwordResetsByAdminCount gt 0',
      check: (row) => assert.ok(Number(row.passwordResetsByAdminCount) > 0),
    },
    {
      name: 'credentialUserRegistrationDetails',
      ...asCase(
        () => r().credentialUserRegistrationDetails,
        (id) => r().credentialUserRegistrationDetails.byCredentialUserRegistrationDetailsId(id),
      ),
      select: ['id', 'userPrincipalName', 'authMethods'],
      filter: 'isMfaRegistered eq true',
      orderby: 'userPrincipalName',
    },
    {
      name: 'userCredentialUsageDetails',
      ...asCase(
        () => r().userCredentialUsageDetails,
        (id) => r().userCredentialUsageDetails.byUserCredentialUsageDetailsId(id),
      ),
      select: ['id', 'feature', 'authMethod'],
      filter: "feature eq 'registration'",
      check: (row) => assert.equal(row.feature, 'registration'),
    },
  ];
}

/** Each function (both overloads where there are two) with the parameter values its documentation lists. */
export function betaFunctions(harness: () => Harness): { name: string; builders(): Getter<unknown>[] }[] {
  const r = () => harness().beta.reports;
  const am = () => r().authenticationMethods;
  const userFilters = [
    ['all', 'all'],
    ['member', 'admin'],
    ['guest', 'user'],
    ['all', 'privilegedAdmin'],
  ] as const;
  return [
    {
      name: 'usersRegisteredByFeature() and (includedUserTypes, includedUserRoles)',
      builders: () => [
        am().usersRegisteredByFeature,
        ...userFilters.map(([t, u]) => am().usersRegisteredByFeatureWithIncludedUserTypesWithIncludedUserRoles(t, u)),
      ],
    },
    {
      name: 'usersRegisteredByMethod() and (includedUserTypes, includedUserRoles)',
      builders: () => [
        am().usersRegisteredByMethod,
        ...userFilters.map(([t, u]) => am().usersRegisteredByMethodWithIncludedUserTypesWithIncludedUserRoles(t, u)),
      ],
    },
    { name: 'userRegistrationActivity(period)', builders: () => ['d1', 'd7', 'd30'].map((p) => am().userRegistrationActivityWithPeriod(p)) },
    { name: 'userSignInsByAuthMethodSummary(period)', builders: () => ['d1', 'd7', 'd30'].map((p) => am().userSignInsByAuthMethodSummaryWithPeriod(p)) },
    { name: 'getCredentialUserRegistrationCount()', builders: () => [r().getCredentialUserRegistrationCount] },
    { name: 'getCredentialUsageSummary(period)', builders: () => ['D1', 'D7', 'D30'].map((p) => r().getCredentialUsageSummaryWithPeriod(p)) },
  ];
}

export function betaPaging(harness: () => Harness): { name: string; top: number; list(): Collection<Listing>; factory: ParsableFactory<Listing> }[] {
  const am = () => harness().beta.reports.authenticationMethods;
  return [
    {
      name: 'userRegistrationDetails',
      top: 60,
      list: () => am().userRegistrationDetails as Collection<Listing>,
      factory: createUserRegistrationDetailsCollectionResponseFromDiscriminatorValue as ParsableFactory<Listing>,
    },
    {
      name: 'userEventsSummary',
      top: 25,
      list: () => am().userEventsSummary as Collection<Listing>,
      factory: createUserEventsSummaryCollectionResponseFromDiscriminatorValue as ParsableFactory<Listing>,
    },
  ];
}

/** A batch across the beta reports: a page, an item of each kind, a function, a count, a missing id. */
export async function betaBatch(h: Harness): Promise<BatchStep[]> {
  const r = h.beta.reports;
  const am = r.authenticationMethods;
  const event = (await am.userEventsSummary.get({ queryParameters: { top: 1 } }))?.value?.[0]?.id;
  const cred = (await r.credentialUserRegistrationDetails.get({ queryParameters: { top: 1 } }))?.value?.[0]?.id;
  assert.ok(event && cred, 'the seeded tenant has events and users');
  const as = (f: unknown) => f as ParsableFactory<Parsable>;
  return [
    {
      id: '1',
      request: am.userEventsSummary.toGetRequestInformation({ queryParameters: { top: 2 } }),
      factory: as(createUserEventsSummaryCollectionResponseFromDiscriminatorValue),
    },
    {
      id: '2',
      request: am.userEventsSummary.byUserEventsSummaryId(event).toGetRequestInformation(),
      factory: as(createUserEventsSummaryFromDiscriminatorValue),
    },
    {
      id: '3',
      request: r.credentialUserRegistrationDetails.byCredentialUserRegistrationDetailsId(cred).toGetRequestInformation(),
      factory: as(createCredentialUserRegistrationDetailsFromDiscriminatorValue),
    },
    { id: '4', request: am.userRegistrationActivityWithPeriod('d7').toGetRequestInformation() },
    { id: '5', request: am.userRegistrationDetails.count.toGetRequestInformation() },
    { id: '6', request: am.userRegistrationDetails.byUserRegistrationDetailsId('00000000-0000-0000-0000-000000000000').toGetRequestInformation() },
  ];
}
