// GET /reports/authenticationMethods: the authenticationMethodsRoot container (graph-api §1, §4.2).
import { projectRow } from '../projection.js';
import type { GraphRequest, GraphResponse } from '../operation.js';
import { contextUrl } from '../context-url.js';

export async function authenticationMethodsRoot(req: GraphRequest): Promise<GraphResponse> {
  // ms-paths declares $select (and $expand, refused): the key is the only property to select.
  const select = req.options.select;
  const row = { '@odata.type': '#microsoft.graph.authenticationMethodsRoot', id: req.tenant.tenantId };
  return { status: 200, body: { '@odata.context': `${contextUrl(req, 'reports/authenticationMethods', select ?? null)}/$entity`, ...projectRow(row, select) } };
}
