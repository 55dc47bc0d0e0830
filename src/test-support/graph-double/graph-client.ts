// Microsoft's JS Graph client pointed at the double. The client knows absolute URLs by their
// "https://" only: over the double's http it strips Authorization (AuthenticationHandler) and
// joins an absolute nextLink onto the base URL (GraphRequest.parsePath). A small middleware
// undoes both, followed by the client's own RetryHandler (429/503/504 with Retry-After) and
// HTTPMessageHandler; paths, query options and paging are the client's own.
import { Client, HTTPMessageHandler, RetryHandler, RetryHandlerOptions, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { GraphDouble } from './server.js';
import { reflectGet } from '../../util/reflect.js';

class BearerMiddleware implements Middleware {
  #next: Middleware | undefined;
  constructor(private readonly token: () => string) {}
  async execute(context: Context): Promise<void> {
    const options = context.options ?? {};
    const headers = new Headers(options.headers);
    headers.set('Authorization', `Bearer ${this.token()}`);
    context.options = { ...options, headers: Object.fromEntries(headers.entries()) };
    // Context.request is RequestInfo, which this build's libraries (no DOM) leave untyped: read it as unknown.
    const request = reflectGet(context, 'request');
    if (typeof request === 'string') {
      const nested = request.indexOf('http://', 1);
      if (nested > 0) Reflect.set(context, 'request', request.slice(nested));
    }
    if (!this.#next) throw new Error('BearerMiddleware is last in the chain');
    await this.#next.execute(context);
  }
  setNext(next: Middleware): void {
    this.#next = next;
  }
}

export function graphClient(double: GraphDouble, token: () => string, retries = 3): Client {
  return Client.initWithMiddleware({
    baseUrl: `${double.graphUrl}/`,
    defaultVersion: 'v1.0',
    middleware: [new BearerMiddleware(token), new RetryHandler(new RetryHandlerOptions(0, retries)), new HTTPMessageHandler()],
  });
}
