// Which methods each route answers, so a request with another method on a known path is a 405
// with `Allow` (RFC 9110 §15.5.6), not a 404, on every route (the Graph routes say theirs themselves).
import type { FastifyInstance } from 'fastify';

interface RouteMethods {
  readonly pattern: RegExp;
  readonly methods: Set<string>;
}

/** A fastify URL pattern as a regular expression: `:param` is one segment, `*` the rest. */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

/** Records every route as it is added (call before registering routes); `allowed(path)` lists its methods. */
export function trackRouteMethods(app: FastifyInstance): { allowed(path: string): readonly string[] } {
  const routes = new Map<string, RouteMethods>();
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (url === undefined) return;
    const entry = routes.get(url) ?? { pattern: patternOf(url), methods: new Set<string>() };
    for (const m of Array.isArray(route.method) ? route.method : [route.method]) entry.methods.add(String(m).toUpperCase());
    routes.set(url, entry);
  });
  return {
    allowed(path: string): readonly string[] {
      const methods = new Set<string>();
      for (const r of routes.values()) if (r.pattern.test(path)) for (const m of r.methods) methods.add(m);
      if (methods.has('GET')) methods.add('HEAD');
      return [...methods].sort();
    },
  };
}
