// Microsoft's Kiota Graph clients pointed at amr: the SDKs' own request adapters, middleware and
// authentication, with only the base URL changed and the test CA trusted.
import { request as httpsRequest } from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { AllowedHostsValidator, BaseBearerTokenAuthenticationProvider, validateProtocol, type AccessTokenProvider } from '@microsoft/kiota-abstractions';
import { createGraphClientFactory } from '@microsoft/msgraph-sdk-core';
import { GraphRequestAdapter } from '@microsoft/msgraph-sdk';
import { GraphBetaRequestAdapter } from '@microsoft/msgraph-beta-sdk';

/**
 * A fetch over node:https that trusts `ca`. Node 20's built-in fetch reads extra CAs only from
 * NODE_EXTRA_CA_CERTS at start-up and exposes no dispatcher to give it one, so the test process
 * brings its own transport; everything above it (Kiota's middleware, headers, redirects, retries,
 * parsing) is Microsoft's.
 */
export function fetchTrusting(ca: string): (url: string, init?: RequestInit) => Promise<Response> {
  return (url, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const headers: Record<string, string> = {};
      new Headers(init.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, key) => {
        headers[key] = value;
      });
      const req = httpsRequest(url, { method: init.method ?? 'GET', headers, ca }, (res) => {
        // Decompress as fetch does, so the middleware sees the same body it would with undici.
        const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
        const stream: Readable =
          encoding === 'gzip'
            ? res.pipe(createGunzip())
            : encoding === 'deflate'
              ? res.pipe(createInflate())
              : encoding === 'br'
                ? res.pipe(createBrotliDecompress())
                : res;
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          const out = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            if (value === undefined || (encoding !== '' && (key === 'content-encoding' || key === 'content-length'))) continue;
            for (const v of Array.isArray(value) ? value : [value]) out.append(key, v);
          }
          const status = res.statusCode ?? 0;
          const body = [101, 204, 205, 304].includes(status) ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers: out }));
        });
      });
      req.on('error', reject);
      const body = init.body;
      if (body === undefined || body === null) req.end();
      else if (typeof body === 'string') req.end(body);
      else if (body instanceof ArrayBuffer) req.end(Buffer.from(body));
      else if (ArrayBuffer.isView(body)) req.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
      else reject(new Error(`fetchTrusting: unsupported body ${Object.prototype.toString.call(body)}`));
    });
}

/**
 * An access-token provider as an app writes one: Kiota asks it for a token per request and it
 * answers only for amr's host (the allowed hosts) and only over https (Kiota's own protocol check).
 */
export class StaticTokenProvider implements AccessTokenProvider {
  private readonly hosts: AllowedHostsValidator;
  /** Every URL Kiota asked a token for, and whether it got one. */
  readonly asked: { url: string; given: boolean }[] = [];
  constructor(
    private readonly token: string,
    allowedHosts: readonly string[],
  ) {
    this.hosts = new AllowedHostsValidator(new Set(allowedHosts));
  }
  getAuthorizationToken = async (url?: string): Promise<string> => {
    if (!url || !this.hosts.isUrlHostValid(url)) {
      this.asked.push({ url: url ?? '', given: false });
      return '';
    }
    validateProtocol(url);
    this.asked.push({ url, given: true });
    return this.token;
  };
  getAllowedHostsValidator = (): AllowedHostsValidator => this.hosts;
}

export interface KiotaAdapters {
  readonly v1: GraphRequestAdapter;
  readonly beta: GraphBetaRequestAdapter;
  readonly tokens: StaticTokenProvider;
  readonly fetch: (url: string, init?: RequestInit) => Promise<Response>;
}

/** The two SDKs' request adapters on `origin` (https://127.0.0.1:PORT) with the Graph client factory's default middleware. */
export function kiotaAdapters(origin: string, token: string, ca: string): KiotaAdapters {
  const fetch = fetchTrusting(ca);
  const tokens = new StaticTokenProvider(token, [new URL(origin).hostname]);
  const auth = new BaseBearerTokenAuthenticationProvider(tokens);
  const v1 = new GraphRequestAdapter(auth, undefined, undefined, createGraphClientFactory({ graphServiceTargetVersion: '' }, fetch));
  v1.baseUrl = `${origin}/v1.0`;
  const beta = new GraphBetaRequestAdapter(auth, undefined, undefined, createGraphClientFactory({ graphServiceTargetVersion: 'beta' }, fetch));
  beta.baseUrl = `${origin}/beta`;
  return { v1, beta, tokens, fetch };
}
