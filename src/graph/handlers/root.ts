// GET /reports/authenticationMethods: the authenticationMethodsRoot container (graph-api §1, §4.2).
import { readQueryOptions } from '../../odata/index.js';
import { registrationDetailsEntity } from '../entities.js';
import type { GraphRequest, GraphResponse } from '../operation.js';
import { contextUrl } from '../context-url.js';

export async function authenticationMethodsRoot(req: GraphRequest): Promise<GraphResponse> {
  readQueryOptions(req.query, { filterLimits: req.filterLimits,
    allowed: new Set(), entity: registrationDetailsEntity[req.version], maxTop: 1,
    includeUnknownEnumMembers: req.includeUnknownEnumMembers, dollarOptional: req.version === 'beta',
  });
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(req, 'reports/authenticationMethods/$entity'),
      '@odata.type': '#microsoft.graph.authenticationMethodsRoot',
      id: req.tenant.tenantId,
    },
  };
}
