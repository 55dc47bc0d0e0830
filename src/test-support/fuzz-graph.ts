// The fixture server set up for the Graph fuzz tests: activity of the last days so every report has
// rows to page, a token that may call every operation, each operation's sample URL and entity, real
// $skiptokens from many queries, and a digest of everything the Graph API shows for a tenant.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OPERATIONS } from '../graph/operations.js';
import type { Operation, SegmentPattern } from '../graph/operation.js';
import type { ApiVersion } from '../graph/entities.js';
import {
  credentialUsageSummaryEntity,
  credentialUserRegistrationDetailsEntity,
  passwordResetsSummaryEntity,
  registrationDetailsEntity,
  userCredentialUsageDetailsEntity,
  userEventsSummaryEntity,
} from '../graph/entities.js';
import type { EntityCapabilities } from '../odata/capabilities.js';
import { registered, signIn } from '../reports/activity/test-records.js';
import { FIXTURE_ACTIVITY, at } from './fixture-activity.js';
import { FIXTURE_USERS, TENANT, type TestServer } from './fixture-tenant.js';

export const ALL_SCOPES = ['AuditLog.Read.All', 'Reports.Read.All', 'UserAuthenticationMethod.Read.All'];

/** One operation in one version, as the fuzz tests address it. */
export interface Endpoint {
  readonly op: Operation;
  readonly version: ApiVersion;
  /** A URL path that answers 200 with the fixture (keys: a listed user, a stored event, a day). */
  readonly path: string;
  readonly entity: EntityCapabilities;
  readonly isList: boolean;
}

const ENTITIES: Readonly<Record<string, EntityCapabilities>> = {
  'credentialUserRegistrationDetails.list': credentialUserRegistrationDetailsEntity,
  'userCredentialUsageDetails.list': userCredentialUsageDetailsEntity,
  'userEventsSummary.list': userEventsSummaryEntity,
  'userPasswordResetsAndChangesSummary.list': passwordResetsSummaryEntity,
  getCredentialUsageSummary: credentialUsageSummaryEntity,
};

export function entityOf(op: Operation, version: ApiVersion): EntityCapabilities {
  return ENTITIES[op.id] ?? op.entity?.[version] ?? registrationDetailsEntity[version];
}

/** Keys that exist, per operation: filled in by seedActivity from what the server lists. */
const KEYS: Record<string, string> = {};

function samplePath(op: Operation, version: ApiVersion): string {
  const part = (p: SegmentPattern): string => {
    if (p.kind === 'name') return p.name;
    if (p.kind === 'key') return KEYS[op.id] ?? FIXTURE_USERS[0]!.id;
    const params = p.overloads[p.overloads.length - 1]!;
    return `${p.name}(${params.map((q) => `${q.name}='${q.allowed[0]}'`).join(',')})`;
  };
  return `/${version}/${op.path.map(part).join('/')}`;
}

export function endpoints(): Endpoint[] {
  return OPERATIONS.flatMap((op) =>
    op.versions.map((version) => ({
      op,
      version,
      path: samplePath(op, version),
      entity: entityOf(op, version),
      isList: op.options.includes('$skiptoken'),
      // fast-check prints a counterexample with this, not the whole operation row.
      [fc.toStringMethod]: () => `${op.id}@${version}`,
    })),
  );
}

/** The fixture activity, and a registration and a sign-in on earlier days so every report has several rows; records each get-operation's key. */
export async function seedActivity(s: TestServer, token: string): Promise<void> {
  await s.store.appendActivity(TENANT, {
    audits: [...FIXTURE_ACTIVITY.audits, registered('r4', 'User registered Fido2.', at('2026-11-01T10:00:00.000Z'))],
    signIns: [...FIXTURE_ACTIVITY.signIns, signIn({ id: 'si5', tenantId: TENANT, createdDateTime: '2026-11-19T08:30:00.000Z' })],
  });
  const first = async (url: string): Promise<string> => {
    const r = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.statusCode, 200, `${url} → ${r.body}`);
    const id = (r.json() as { value: { id: string }[] }).value[0]?.id;
    assert.ok(id, `${url} lists nothing`);
    return id;
  };
  KEYS['userEventsSummary.get'] = await first('/beta/reports/authenticationMethods/userEventsSummary');
  KEYS['userCredentialUsageDetails.get'] = await first('/beta/reports/userCredentialUsageDetails');
  KEYS['userMfaSignInSummary.get'] = await first('/beta/reports/authenticationMethods/userMfaSignInSummary');
  KEYS['userPasswordResetsAndChangesSummary.get'] = await first('/beta/reports/authenticationMethods/userPasswordResetsAndChangesSummary');
}

/** The $skiptoken of a next link. */
export function skipTokenOf(nextLink: string): string {
  return new URL(nextLink).searchParams.get('$skiptoken') ?? '';
}

/** Real $skiptokens of many queries (several pages deep) on every paged operation: the fuzz tests' seed corpus. */
export async function harvestSkipTokens(s: TestServer, token: string): Promise<string[]> {
  const tokens: string[] = [];
  const queries = [
    '$top=1',
    '$top=2&$orderby=userPrincipalName desc',
    '$top=1&$count=true',
    '$top=1&$select=id,userPrincipalName',
    "$top=1&$filter=userPrincipalName ne 'x'",
  ];
  for (const e of endpoints().filter((x) => x.isList)) {
    for (const q of queries) {
      let url: string | undefined = `${e.path}?${q
        .split('&')
        .map((kv) => kv.split('=').map(encodeURIComponent).join('='))
        .join('&')}`;
      for (let page = 0; url !== undefined && page < 3; page++) {
        const r: { statusCode: number; json(): unknown } = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
        if (r.statusCode !== 200) break;
        const next: string | undefined = (r.json() as { '@odata.nextLink'?: string })['@odata.nextLink'];
        if (next === undefined) break;
        tokens.push(skipTokenOf(next));
        url = next.replace(/^https?:\/\/[^/]+/, '');
      }
    }
  }
  assert.ok(tokens.length >= 10, `only ${tokens.length} skiptokens harvested`);
  return tokens;
}

/** GET answered 200, as JSON (or text): the fuzz tests' "the server still serves" check. */
export async function getOk(s: TestServer, token: string, url: string): Promise<unknown> {
  const r = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.statusCode, 200, `${url} → ${r.statusCode} ${r.body.slice(0, 500)}`);
  return r.headers['content-type']?.toString().startsWith('application/json') ? r.json() : r.body;
}

/**
 * The server keeps serving (issue 4 §6): a listing, a function and an activity report answer 200,
 * and /healthz is up. Every fuzz file runs it after each property (afterEach).
 */
export async function stillServes(s: TestServer, token: string): Promise<void> {
  await getOk(s, token, '/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=2');
  await getOk(s, token, '/beta/reports/authenticationMethods/usersRegisteredByMethod()');
  await getOk(s, token, "/beta/reports/authenticationMethods/userRegistrationActivity(period='d7')");
  await getOk(s, token, '/healthz');
}

/** Every page of a listing, followed through its next links. */
export async function exportAll(s: TestServer, token: string, url: string): Promise<unknown[]> {
  const rows: unknown[] = [];
  let next: string | undefined = url;
  while (next !== undefined) {
    const page = (await getOk(s, token, next)) as { value: unknown[]; '@odata.nextLink'?: string };
    rows.push(...page.value);
    next = page['@odata.nextLink']?.replace(/^https?:\/\/[^/]+/, '');
  }
  return rows;
}

/**
 * Everything the Graph API shows of a tenant's reports, as one string: the full registration export
 * (both versions), both summaries in every bucket, the legacy views, and every activity report.
 * Equal digests before and after a request mean the request changed nothing a caller can see.
 */
export async function graphDigest(s: TestServer, token: string): Promise<string> {
  const root = '/beta/reports/authenticationMethods';
  const parts: unknown[] = [
    await exportAll(s, token, '/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=3'),
    await exportAll(s, token, `${root}/userRegistrationDetails`),
    await exportAll(s, token, '/beta/reports/credentialUserRegistrationDetails'),
    await getOk(s, token, '/beta/reports/getCredentialUserRegistrationCount'),
  ];
  for (const types of ['all', 'member', 'guest']) {
    for (const roles of ['all', 'privilegedAdmin', 'admin', 'user']) {
      const args = `(includedUserTypes='${types}',includedUserRoles='${roles}')`;
      parts.push(await getOk(s, token, `${root}/usersRegisteredByFeature${args}`), await getOk(s, token, `${root}/usersRegisteredByMethod${args}`));
    }
  }
  parts.push(await activityDigest(s, token));
  return JSON.stringify(parts);
}

/** A cheaper digest for tenants a request must not touch: the registration export, one summary, the events. */
export async function tenantFingerprint(s: TestServer, token: string): Promise<string> {
  const root = '/beta/reports/authenticationMethods';
  return JSON.stringify([
    await exportAll(s, token, `${root}/userRegistrationDetails`),
    await getOk(s, token, `${root}/usersRegisteredByMethod()`),
    await exportAll(s, token, `${root}/userEventsSummary`),
  ]);
}

/** What the activity reports show of a tenant (the part a log upload may change). */
export async function activityDigest(s: TestServer, token: string): Promise<string> {
  const root = '/beta/reports/authenticationMethods';
  const parts: unknown[] = [
    await exportAll(s, token, `${root}/userEventsSummary`),
    await exportAll(s, token, '/beta/reports/userCredentialUsageDetails'),
    await getOk(s, token, `${root}/userMfaSignInSummary`),
    await getOk(s, token, `${root}/userPasswordResetsAndChangesSummary`),
  ];
  for (const period of ['d1', 'd7', 'd30']) {
    parts.push(await getOk(s, token, `${root}/userRegistrationActivity(period='${period}')`));
    parts.push(await getOk(s, token, `${root}/userSignInsByAuthMethodSummary(period='${period}')`));
    parts.push(await getOk(s, token, `/beta/reports/getCredentialUsageSummary(period='${period.toUpperCase()}')`));
  }
  return JSON.stringify(parts);
}
