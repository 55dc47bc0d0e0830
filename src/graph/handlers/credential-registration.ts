// The deprecated credential registration reports (graph-api §3.11, §3.12; docs/decisions/0011):
// getCredentialUserRegistrationCount and credentialUserRegistrationDetails, from the current rows.
import type { FilterNode } from '../../odata/index.js';
import type { OrderItem } from '../../store/store.js';
import { notFound } from '../errors.js';
import { nextLink, resolveList, type ListContract } from '../keyset-list.js';
import { legacyRow, rewriteLegacyFilter } from '../legacy-registration.js';
import type { GraphRequest, GraphResponse } from '../operation.js';
import { contextUrl } from '../context-url.js';
import { projectRow } from '../projection.js';

const flag = (property: string): FilterNode => ({ kind: 'compare', op: 'eq', property, value: { kind: 'boolean', value: true } });

/** registrationStatusType member → the flag it counts (decision 0011). */
const STATUSES: readonly (readonly [string, string])[] = [
  ['registered', 'isSsprRegistered'],
  ['enabled', 'isSsprEnabled'],
  ['capable', 'isSsprCapable'],
  ['mfaRegistered', 'isMfaRegistered'],
];

async function countWhere(req: GraphRequest, filter: FilterNode | null): Promise<number> {
  const page = await req.store.listRegistrationDetails({
    generation: req.generation,
    filter,
    orderby: [],
    top: 0,
    after: null,
    count: true,
  });
  return page.count ?? 0;
}

export async function getCredentialUserRegistrationCount(req: GraphRequest): Promise<GraphResponse> {
  // graph-api §2.6: credentialUserRegistrationCount supports no query options at all (its row takes none).
  const userRegistrationCounts = [];
  for (const [registrationStatus, property] of STATUSES) {
    userRegistrationCounts.push({ registrationStatus, registrationCount: await countWhere(req, flag(property)) });
  }
  const value = [
    {
      '@odata.type': '#microsoft.graph.credentialUserRegistrationCount',
      id: req.tenant.tenantId,
      totalUserCount: await countWhere(req, null),
      userRegistrationCounts,
    },
  ];
  return { status: 200, body: { '@odata.context': contextUrl(req, 'Collection(microsoft.graph.credentialUserRegistrationCount)'), value } };
}

// graph-api §2.3: the contained navigation of reportRoot, as every other list names its set
// (decision 0082; the old docs' `reports/$metadata#Collection(…)` is non-standard, §7.6).
const SET = 'reports/credentialUserRegistrationDetails';
const PAGE_SIZE = 1000;

const CONTRACT: ListContract = {
  op: 'credentialUserRegistrationDetails.list',
  state: (r) => r.generation,
  stillPageable: (r, generation) => r.store.hasGeneration(generation),
};

export async function listCredentialUserRegistrationDetails(req: GraphRequest): Promise<GraphResponse> {
  const list = await resolveList(req, CONTRACT);
  const { options } = list;
  const page = await req.store.listRegistrationDetails({
    generation: list.state,
    filter: options.filter ? rewriteLegacyFilter(options.filter) : null,
    orderby: options.orderby as readonly OrderItem[],
    top: options.top ?? PAGE_SIZE,
    after: list.after,
    count: options.count,
  });
  const body: Record<string, unknown> = { '@odata.context': contextUrl(req, SET, options.select ?? null) };
  if (page.count !== undefined) body['@odata.count'] = page.count;
  if (page.next) body['@odata.nextLink'] = nextLink(req, CONTRACT, list, page.next);
  body.value = page.rows.map((d) => projectRow(legacyRow(d, req.includeUnknownEnumMembers), options.select));
  return { status: 200, body };
}

/** …/$count: the listed users that pass the (legacy) filter, as text/plain. */
export async function countCredentialUserRegistrationDetails(req: GraphRequest): Promise<GraphResponse> {
  const filter = req.options.filter;
  const n = await countWhere(req, filter ? rewriteLegacyFilter(filter) : null);
  return { status: 200, body: String(n), contentType: 'text/plain;charset=utf-8' };
}

export async function getCredentialUserRegistrationDetails(req: GraphRequest): Promise<GraphResponse> {
  const id = req.key ?? '';
  const row = await req.store.getRegistrationDetails(req.generation, id);
  if (!row) throw notFound(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  const select = req.options.select;
  return {
    status: 200,
    body: { '@odata.context': `${contextUrl(req, SET, select ?? null)}/$entity`, ...projectRow(legacyRow(row, req.includeUnknownEnumMembers), select) },
  };
}
