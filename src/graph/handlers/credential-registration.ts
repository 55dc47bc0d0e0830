// The deprecated credential registration reports (graph-api §3.11; docs/decisions/0011):
// getCredentialUserRegistrationCount, computed from the current registration rows.
import type { FilterNode } from '../../odata/index.js';
import { readQueryOptions } from '../../odata/index.js';
import { registrationDetailsEntity } from '../entities.js';
import type { GraphRequest, GraphResponse } from '../operation.js';
import { contextUrl } from '../context-url.js';

const flag = (property: string): FilterNode => ({ kind: 'compare', op: 'eq', property, value: { kind: 'boolean', value: true } });

/** registrationStatusType member → the flag it counts (decision 0011). */
const STATUSES: readonly (readonly [string, string])[] = [
  ['registered', 'isSsprRegistered'], ['enabled', 'isSsprEnabled'], ['capable', 'isSsprCapable'], ['mfaRegistered', 'isMfaRegistered'],
];

async function countWhere(req: GraphRequest, filter: FilterNode | null): Promise<number> {
  const page = await req.store.listRegistrationDetails({
    tenantId: req.tenant.tenantId, generation: req.generation, filter, orderby: [], top: 0, after: null, count: true,
  });
  return page.count ?? 0;
}

export async function getCredentialUserRegistrationCount(req: GraphRequest): Promise<GraphResponse> {
  // graph-api §2.6: credentialUserRegistrationCount supports no query options at all.
  readQueryOptions(req.query, {
    allowed: new Set(), entity: registrationDetailsEntity.beta, maxTop: 1,
    includeUnknownEnumMembers: req.includeUnknownEnumMembers, dollarOptional: true,
  });
  const userRegistrationCounts = [];
  for (const [registrationStatus, property] of STATUSES) {
    userRegistrationCounts.push({ registrationStatus, registrationCount: await countWhere(req, flag(property)) });
  }
  const value = [{
    '@odata.type': '#microsoft.graph.credentialUserRegistrationCount',
    id: req.tenant.tenantId,
    totalUserCount: await countWhere(req, null),
    userRegistrationCounts,
  }];
  return { status: 200, body: { '@odata.context': contextUrl(req, 'Collection(microsoft.graph.credentialUserRegistrationCount)'), value } };
}
