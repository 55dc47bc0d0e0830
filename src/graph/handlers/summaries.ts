// usersRegisteredByFeature and usersRegisteredByMethod, both overloads (graph-api §3.3, §3.4).
import { badRequest } from '../errors.js';
import type { GraphRequest, GraphResponse } from '../operation.js';
import { contextUrl } from '../context-url.js';

type Kind = 'feature' | 'method';

const TYPE: Readonly<Record<Kind, string>> = {
  feature: 'microsoft.graph.userRegistrationFeatureSummary',
  method: 'microsoft.graph.userRegistrationMethodSummary',
};

/**
 * Serialised answers by everything they depend on. A generation never changes, so an entry is
 * never stale; the map is bounded and simply starts over when full.
 */
const answers = new Map<string, string>();
const ANSWER_LIMIT = 5000;

async function summary(req: GraphRequest, kind: Kind): Promise<GraphResponse> {
  // graph-api §3.3: no query options are documented for these functions (their rows take none).
  // graph-api §4.3: the parameterless overload reports everyone (all, all).
  const userTypes = req.args.get('includedUserTypes') ?? 'all';
  const userRoles = req.args.get('includedUserRoles') ?? 'all';
  const cacheKey = [kind, req.origin, req.version, req.tenant.tenantId, req.generation, userTypes, userRoles].join('|');
  const cached = answers.get(cacheKey);
  if (cached !== undefined) return { status: 200, body: cached };
  const found = await req.store.getRegistrationSummary(req.generation, userTypes, userRoles);
  if (!found) throw badRequest(`No summary is kept for includedUserTypes='${userTypes}', includedUserRoles='${userRoles}'.`);
  const head = { '@odata.context': contextUrl(req, TYPE[kind]), '@odata.type': `#${TYPE[kind]}` };
  const body =
    kind === 'feature'
      ? {
          ...head,
          totalUserCount: found.feature.totalUserCount,
          userTypes,
          userRoles,
          userRegistrationFeatureCounts: found.feature.userRegistrationFeatureCounts,
        }
      : { ...head, totalUserCount: found.method.totalUserCount, userTypes, userRoles, userRegistrationMethodCounts: found.method.userRegistrationMethodCounts };
  const text = JSON.stringify(body);
  if (answers.size >= ANSWER_LIMIT) answers.clear();
  answers.set(cacheKey, text);
  return { status: 200, body: text };
}

export const usersRegisteredByFeature = (req: GraphRequest): Promise<GraphResponse> => summary(req, 'feature');
export const usersRegisteredByMethod = (req: GraphRequest): Promise<GraphResponse> => summary(req, 'method');
