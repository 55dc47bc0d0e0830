// @odata.context URLs (graph-api §2.3), rooted at this server's own origin: an OData context
// URL names the service that answered (docs/decisions/0005-wire-shapes.md).
import type { GraphRequest } from './operation.js';

export function contextUrl(req: Pick<GraphRequest, 'origin' | 'version'>, fragment: string, select: readonly string[] | null = null): string {
  const projection = select === null || select.includes('*') ? '' : `(${select.join(',')})`;
  return `${req.origin}/${req.version}/$metadata#${fragment}${projection}`;
}
