// The beta activity reports served from stored events and rollups (graph-api §3.5, §3.6, §3.8, §3.9):
// userRegistrationActivity(period), userSignInsByAuthMethodSummary(period), userMfaSignInSummary and
// userPasswordResetsAndChangesSummary.
import { evaluateFilter, readQueryOptions } from '../../odata/index.js';
import {
  dayOf, gateRegistrationActivity, lastDays, periodDays, summariseMfaSignIns, summarisePasswordResets,
  summariseCredentialUsage, summariseRegistrationActivity, summariseSignInsByMethod, windowFor, DAILY_SUMMARY_DAYS,
} from '../../reports/activity/index.js';
import { credentialUsageSummaryEntity, passwordResetsSummaryEntity, registrationDetailsEntity } from '../entities.js';
import { notFound } from '../errors.js';
import type { GraphRequest, GraphResponse } from '../operation.js';
import { contextUrl } from '../context-url.js';

const SET = 'reports/authenticationMethods';

function noOptions(req: GraphRequest): void {
  readQueryOptions(req.query, { filterLimits: req.filterLimits,
    allowed: new Set(), entity: registrationDetailsEntity[req.version], maxTop: 1,
    includeUnknownEnumMembers: req.includeUnknownEnumMembers, dollarOptional: req.version === 'beta',
  });
}

type WireRow = Readonly<Record<string, unknown>> & { readonly id: string };

const typed = <T extends { readonly id: string }>(type: string, rows: readonly T[]): WireRow[] =>
  rows.map((r) => ({ '@odata.type': `#microsoft.graph.${type}`, ...r }));

export async function userRegistrationActivity(req: GraphRequest): Promise<GraphResponse> {
  noOptions(req);
  // The period was checked against aggregationPeriod by the operations table.
  const days = periodDays(req.args.get('period') ?? 'd1') ?? 1;
  const window = windowFor(days, req.now.toISOString());
  const rows = summariseRegistrationActivity(await req.store.activityHourRows(window.fromHour), window);
  // graph-api §2.7: methods after unknownFutureValue only with Prefer: include-unknown-enum-members.
  const value = typed('userRegistrationActivitySummary', gateRegistrationActivity(rows, req.includeUnknownEnumMembers)
    .map(({ id, feature, successfulActivityCount, failureActivityCount, authMethod }) => ({ id, feature, successfulActivityCount, failureActivityCount, authMethod })));
  return { status: 200, body: { '@odata.context': contextUrl(req, 'Collection(microsoft.graph.userRegistrationActivitySummary)'), value } };
}

export async function userSignInsByAuthMethodSummary(req: GraphRequest): Promise<GraphResponse> {
  noOptions(req);
  const window = windowFor(periodDays(req.args.get('period') ?? 'd1') ?? 1, req.now.toISOString());
  const rows = summariseSignInsByMethod(await req.store.signInMethodHourRows(window.fromHour), window);
  // graph-api §5.4: authenticationMethod is a plain String here, so no enum gating (decision 0048).
  const value = rows.map((r) => ({ '@odata.type': '#microsoft.graph.userSignInUsageByAuthMethodActivity', ...r }));
  return { status: 200, body: { '@odata.context': contextUrl(req, 'Collection(microsoft.graph.userSignInUsageByAuthMethodActivity)'), value } };
}

/** graph-api §3.10 (deprecated): the same counts in legacy method names; period D1/D7/D30, any case. */
export async function getCredentialUsageSummary(req: GraphRequest): Promise<GraphResponse> {
  const options = readQueryOptions(req.query, { filterLimits: req.filterLimits,
    allowed: new Set(['$filter']), entity: credentialUsageSummaryEntity, maxTop: 1,
    includeUnknownEnumMembers: req.includeUnknownEnumMembers, dollarOptional: req.version === 'beta',
  });
  const window = windowFor(periodDays(req.args.get('period') ?? 'D1') ?? 1, req.now.toISOString());
  const rows = summariseCredentialUsage(await req.store.activityHourRows(window.fromHour), window, req.includeUnknownEnumMembers)
    .map(({ id, feature, successfulActivityCount, failureActivityCount, authMethod }) => ({ id, feature, successfulActivityCount, failureActivityCount, authMethod }));
  const filter = options.filter;
  const value = filter === undefined ? rows : rows.filter((r) => evaluateFilter(filter, r, credentialUsageSummaryEntity));
  // graph-api §2.3 / §7.6: the doc's context names the function under /reports/$metadata; we emit the standard form.
  return { status: 200, body: { '@odata.context': contextUrl(req, 'Collection(microsoft.graph.credentialUsageSummary)'), value } };
}

async function mfaRows(req: GraphRequest) {
  const now = req.now.toISOString();
  const from = lastDays(DAILY_SUMMARY_DAYS, now).at(-1) ?? dayOf(now);
  return typed('userMfaSignInSummary', summariseMfaSignIns(await req.store.mfaDayRows(from), now));
}

async function passwordRows(req: GraphRequest) {
  const now = req.now.toISOString();
  const from = lastDays(DAILY_SUMMARY_DAYS, now).at(-1) ?? dayOf(now);
  return typed('userPasswordResetsAndChangesSummary', summarisePasswordResets(await req.store.passwordDayRows(from), now));
}

export async function listMfaSignInSummary(req: GraphRequest): Promise<GraphResponse> {
  noOptions(req);
  return { status: 200, body: { '@odata.context': contextUrl(req, `${SET}/userMfaSignInSummary`), value: await mfaRows(req) } };
}

export async function listPasswordResetsSummary(req: GraphRequest): Promise<GraphResponse> {
  const options = readQueryOptions(req.query, { filterLimits: req.filterLimits,
    allowed: new Set(['$filter']), entity: passwordResetsSummaryEntity, maxTop: DAILY_SUMMARY_DAYS,
    includeUnknownEnumMembers: req.includeUnknownEnumMembers, dollarOptional: req.version === 'beta',
  });
  const filter = options.filter;
  const rows = (await passwordRows(req)).filter((r) => filter === undefined || evaluateFilter(filter, r, passwordResetsSummaryEntity));
  return { status: 200, body: { '@odata.context': contextUrl(req, `${SET}/userPasswordResetsAndChangesSummary`), value: rows } };
}

/** A day's row by its id (the ids are stable per day: reports/activity/stable-id). */
async function byId<T extends { id: string }>(req: GraphRequest, set: string, rows: readonly T[]): Promise<GraphResponse> {
  noOptions(req);
  const row = rows.find((r) => r.id === req.key);
  if (!row) throw notFound(`Resource '${req.key ?? ''}' does not exist in ${set} (the last ${DAILY_SUMMARY_DAYS} days with activity).`);
  return { status: 200, body: { '@odata.context': `${contextUrl(req, `${SET}/${set}`)}/$entity`, ...row } };
}

export const getMfaSignInSummary = async (req: GraphRequest): Promise<GraphResponse> => byId(req, 'userMfaSignInSummary', await mfaRows(req));
export const getPasswordResetsSummary = async (req: GraphRequest): Promise<GraphResponse> =>
  byId(req, 'userPasswordResetsAndChangesSummary', await passwordRows(req));
