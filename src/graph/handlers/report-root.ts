// GET /reports: the reportRoot singleton (graph-api §4.1). Its type has no properties and no key,
// so the answer is its context alone; a top-level singleton's context URL is `#reports`, without
// `/$entity` (OData 4.01 Part 1 §10.5; Graph answers `#deviceManagement` for its singleton, decision 0080).
import { readQueryOptions } from '../../odata/index.js';
import { contextUrl } from '../context-url.js';
import { registrationDetailsEntity } from '../entities.js';
import type { GraphRequest, GraphResponse } from '../operation.js';

export async function reportRoot(req: GraphRequest): Promise<GraphResponse> {
  // As for the authenticationMethodsRoot container (root.ts): no query options until the table says otherwise.
  readQueryOptions(req.query, { filterLimits: req.filterLimits,
    allowed: new Set(), entity: registrationDetailsEntity[req.version], maxTop: 1,
    includeUnknownEnumMembers: req.includeUnknownEnumMembers, dollarOptional: req.version === 'beta',
  });
  return { status: 200, body: { '@odata.context': contextUrl(req, 'reports') } };
}
