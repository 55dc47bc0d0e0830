// The beta activity reports served from stored events and rollups (graph-api §3.5, §3.6, §3.8, §3.9):
// userRegistrationActivity(period), userSignInsByAuthMethodSummary(period), userMfaSignInSummary and
// userPasswordResetsAndChangesSummary.
import { evaluateFilter, type EntityCapabilities } from '../../odata/index.js';
import {
  dayOf,
  gateRegistrationActivity,
  lastDays,
  periodDays,
  summariseMfaSignIns,
  summarisePasswordResets,
  summariseCredentialUsage,
  summariseRegistrationActivity,
  summariseSignInsByMethod,
  windowFor,
  DAILY_SUMMARY_DAYS,
} from '../../reports/activity/index.js';
import { credentialUsageSummaryEntity, mfaSignInSummaryEntity, passwordResetsSummaryEntity } from '../entities.js';
import { notFound } from '../errors.js';
import type { GraphRequest, GraphResponse } from '../operation.js';
import { contextUrl } from '../context-url.js';
import { filterRows, queryRows } from '../memory-list.js';
import { projectRow } from '../projection.js';

const SET = 'reports/authenticationMethods';

// The options of every operation here were validated against its row of the table (query-options.ts).

type WireRow = Readonly<Record<string, unknown>> & { readonly id: string };

const typed = <T extends { readonly id: string }>(type: string, rows: readonly T[]): WireRow[] =>
  rows.map((r) => ({ '@odata.type': `#microsoft.graph.${type}`, ...r }));

export async function userRegistrationActivity(req: GraphRequest): Promise<GraphResponse> {
  // The period was checked against aggregationPeriod by the operations table.
  const days = periodDays(req.args.get('period') ?? 'd1') ?? 1;
  const window = windowFor(days, req.now.toISOString());
  const rows = summariseRegistrationActivity(await req.store.activityHourRows(window.fromHour), window);
  // graph-api §2.7: methods after unknownFutureValue only with Prefer: include-unknown-enum-members.
  const value = typed(
    'userRegistrationActivitySummary',
    gateRegistrationActivity(rows, req.includeUnknownEnumMembers).map(({ id, feature, successfulActivityCount, failureActivityCount, authMethod }) => ({
      id,
      feature,
      successfulActivityCount,
      failureActivityCount,
      authMethod,
    })),
  );
  return { status: 200, body: { '@odata.context': contextUrl(req, 'Collection(microsoft.graph.userRegistrationActivitySummary)'), value } };
}

export async function userSignInsByAuthMethodSummary(req: GraphRequest): Promise<GraphResponse> {
  const window = windowFor(periodDays(req.args.get('period') ?? 'd1') ?? 1, req.now.toISOString());
  const rows = summariseSignInsByMethod(await req.store.signInMethodHourRows(window.fromHour), window);
  // graph-api §5.4: authenticationMethod is a plain String here, so no enum gating (decision 0048).
  const value = rows.map((r) => ({ '@odata.type': '#microsoft.graph.userSignInUsageByAuthMethodActivity', ...r }));
  return { status: 200, body: { '@odata.context': contextUrl(req, 'Collection(microsoft.graph.userSignInUsageByAuthMethodActivity)'), value } };
}

/** graph-api §3.10 (deprecated): the same counts in legacy method names; period D1/D7/D30, any case. */
export async function getCredentialUsageSummary(req: GraphRequest): Promise<GraphResponse> {
  const window = windowFor(periodDays(req.args.get('period') ?? 'D1') ?? 1, req.now.toISOString());
  const rows = summariseCredentialUsage(await req.store.activityHourRows(window.fromHour), window, req.includeUnknownEnumMembers).map(
    ({ id, feature, successfulActivityCount, failureActivityCount, authMethod }) => ({
      id,
      feature,
      successfulActivityCount,
      failureActivityCount,
      authMethod,
    }),
  );
  const filter = req.options.filter;
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

/** A daily summary's collection: each entity set is named by its contained navigation (graph-api §2.3). */
interface DailySet {
  readonly name: string;
  readonly entity: EntityCapabilities;
  readonly rows: (req: GraphRequest) => Promise<readonly WireRow[]>;
}

const MFA: DailySet = { name: 'userMfaSignInSummary', entity: mfaSignInSummaryEntity, rows: mfaRows };
const PASSWORDS: DailySet = { name: 'userPasswordResetsAndChangesSummary', entity: passwordResetsSummaryEntity, rows: passwordRows };

function dailyList(set: DailySet) {
  return async (req: GraphRequest): Promise<GraphResponse> => {
    const page = queryRows(await set.rows(req), req.options, set.entity);
    const body: Record<string, unknown> = { '@odata.context': contextUrl(req, `${SET}/${set.name}`, req.options.select ?? null) };
    if (page.count !== undefined) body['@odata.count'] = page.count;
    body.value = page.rows;
    return { status: 200, body };
  };
}

/** …/$count: the filtered rows' number as text/plain, like userRegistrationDetails/$count. */
function dailyCount(set: DailySet) {
  return async (req: GraphRequest): Promise<GraphResponse> => ({
    status: 200,
    body: String(filterRows(await set.rows(req), req.options, set.entity).length),
    contentType: 'text/plain;charset=utf-8',
  });
}

/** A day's row by its id (the ids are stable per day: reports/activity/stable-id). */
function dailyById(set: DailySet) {
  return async (req: GraphRequest): Promise<GraphResponse> => {
    const row = (await set.rows(req)).find((r) => r.id === req.key);
    if (!row) throw notFound(`Resource '${req.key ?? ''}' does not exist in ${set.name} (the last ${DAILY_SUMMARY_DAYS} days with activity).`);
    const select = req.options.select;
    return { status: 200, body: { '@odata.context': `${contextUrl(req, `${SET}/${set.name}`, select ?? null)}/$entity`, ...projectRow(row, select) } };
  };
}

export const listMfaSignInSummary = dailyList(MFA);
export const countMfaSignInSummary = dailyCount(MFA);
export const getMfaSignInSummary = dailyById(MFA);
export const listPasswordResetsSummary = dailyList(PASSWORDS);
export const countPasswordResetsSummary = dailyCount(PASSWORDS);
export const getPasswordResetsSummary = dailyById(PASSWORDS);
