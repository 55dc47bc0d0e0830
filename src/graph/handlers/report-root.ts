// GET /reports: the reportRoot singleton (graph-api §4.1). Its type has no properties and no key,
// so the answer is its context alone; a top-level singleton's context URL is `#reports`, without
// `/$entity` (OData 4.01 Part 1 §10.5; Graph answers `#deviceManagement` for its singleton, decision 0080).
// `$select=*` (the only selection a type without properties has) changes nothing.
import { contextUrl } from '../context-url.js';
import type { GraphRequest, GraphResponse } from '../operation.js';

export async function reportRoot(req: GraphRequest): Promise<GraphResponse> {
  return { status: 200, body: { '@odata.context': contextUrl(req, 'reports') } };
}
