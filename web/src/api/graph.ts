// The dashboard's only way to data: amr's public Graph API with the signed-in bearer token, Graph's
// error envelope turned into what the page should say, Retry-After honoured, pages followed.

/** What a failure means to the person looking at the page, and so what it tells them to do. */
export type ProblemKind = 'expired' | 'unauthorized' | 'signIn' | 'licence' | 'role' | 'permission' | 'noTenant' | 'noData' | 'throttled' | 'network' | 'other';

export class ApiProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

interface GraphErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string; readonly innerError?: { readonly 'request-id'?: string } };
}

/** graph-api §2.10/2.11 and decision 0052: the codes amr answers with, as the page explains them. */
function kindOf(status: number, code: string, message: string): ProblemKind {
  if (status === 401) return /expired/i.test(message) ? 'expired' : 'unauthorized';
  if (code === 'Authentication_RequestFromNonPremiumTenantOrB2CTenant') return 'licence';
  if (code === 'Authentication_RequestFromUnsupportedUserRole') return 'role';
  if (code === 'Authentication_MSGraphPermissionMissing') return 'permission';
  if (status === 404) return 'noTenant';
  if (code === 'NoTenant') return 'noData';
  if (code === 'DevSignInCodeInvalid' || code === 'DevSignInNotAllowed') return 'signIn';
  if (status === 429) return 'throttled';
  return 'other';
}

export async function problemFrom(response: Response): Promise<ApiProblem> {
  let body: GraphErrorBody = {};
  try {
    body = (await response.json()) as GraphErrorBody;
  } catch {
    // Not Graph's envelope (a proxy's page, say): the status says enough.
  }
  const code = body.error?.code ?? `HTTP${response.status}`;
  const message = body.error?.message ?? response.statusText;
  return new ApiProblem(
    kindOf(response.status, code, message),
    response.status,
    code,
    message,
    body.error?.innerError?.['request-id'] ?? response.headers.get('request-id'),
  );
}

export interface Page<T> {
  readonly value: readonly T[];
  readonly count: number | null;
  readonly nextLink: string | null;
}

interface ODataPage<T> {
  readonly value: readonly T[];
  readonly '@odata.count'?: number;
  readonly '@odata.nextLink'?: string;
}

const MAX_RETRIES = 5;
const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });

export interface RequestOptions {
  readonly signal?: AbortSignal;
}

/**
 * A Graph client bound to one sign-in. A 401 tells the session (so the page can ask for a new
 * sign-in); a 429 waits Retry-After seconds (AMR_THROTTLE=graph allows 5 requests per 10 s).
 */
export class GraphClient {
  constructor(
    /** The token, or where to read the current one (a renewed sign-in replaces it in place). */
    private readonly token: string | (() => string),
    private readonly onUnauthorized: (problem: ApiProblem) => void,
  ) {}

  /** A path under this origin, or a nextLink (kept on this origin whatever host the server named). */
  private url(pathOrLink: string): string {
    const url = new URL(pathOrLink, location.origin);
    return url.origin === location.origin ? url.href : `${location.origin}${url.pathname}${url.search}`;
  }

  private async send(pathOrLink: string, accept: string, options: RequestOptions): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(this.url(pathOrLink), {
          headers: {
            Authorization: `Bearer ${typeof this.token === 'string' ? this.token : this.token()}`,
            Accept: accept,
            // graph-api §2.7: the methods added after unknownFutureValue, by name.
            Prefer: 'include-unknown-enum-members',
          },
          cache: 'no-store',
          credentials: 'omit',
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (err) {
        if (options.signal?.aborted) throw err;
        throw new ApiProblem('network', 0, 'NetworkError', 'amr did not answer. Is the server still running?');
      }
      if (response.status === 429 && attempt < MAX_RETRIES) {
        const wait = Math.min(30, Number(response.headers.get('Retry-After') ?? '1') || 1);
        await sleep(wait * 1000, options.signal);
        continue;
      }
      if (response.ok) return response;
      const problem = await problemFrom(response);
      if (response.status === 401) this.onUnauthorized(problem);
      throw problem;
    }
  }

  async json<T>(pathOrLink: string, options: RequestOptions = {}): Promise<T> {
    return (await (await this.send(pathOrLink, 'application/json', options)).json()) as T;
  }

  async text(pathOrLink: string, options: RequestOptions = {}): Promise<string> {
    return (await this.send(pathOrLink, 'text/plain', options)).text();
  }

  async page<T>(pathOrLink: string, options: RequestOptions = {}): Promise<Page<T>> {
    const body = await this.json<ODataPage<T>>(pathOrLink, options);
    return { value: body.value, count: body['@odata.count'] ?? null, nextLink: body['@odata.nextLink'] ?? null };
  }
}

/** A query string from OData options, encoded the way Graph's own clients do. */
export function query(options: Readonly<Record<string, string | number | boolean | null | undefined>>): string {
  const parts = Object.entries(options)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== null && entry[1] !== undefined && entry[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}
