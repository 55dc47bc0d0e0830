// GET /amr/v1/tenants/overview (decision 0097) for the Tenants page (decision 0098): one line per
// tenant, for an operator. Two ways in: the signed-in token when its groups claim names an operator
// group (through the session's GraphClient: a 401 ends the sign-in as anywhere else), or the admin
// key, sent as X-Amr-Admin-Key and kept in this tab's sessionStorage only: never in the address,
// never in a log line, never in localStorage.
import { ApiProblem, problemFrom, type GraphClient } from './graph';

export const OVERVIEW_PATH = '/amr/v1/tenants/overview';
/** The server's default page; larger pages cost a few reads per tenant each. */
export const OVERVIEW_PAGE_SIZE = 50;

export interface TrendDay {
  readonly day: string;
  readonly mfaCapable: number | null;
  readonly phishingResistant: number | null;
}

/** One tenant's line as overview-routes.ts writes it; the report fields are null before its first snapshot. */
export interface OverviewLine {
  readonly tenantId: string;
  readonly displayName: string | null;
  readonly license: string;
  readonly capturedDateTime: string | null;
  readonly importedDateTime: string | null;
  readonly openAlertCount: number;
  readonly totalUserCount: number | null;
  readonly counts: {
    readonly phishingResistant: number;
    readonly passwordless: number;
    readonly mfa: number;
    readonly weakMfa: number;
    readonly none: number;
    readonly weakMfaOnly: number;
    readonly staleMethodUsers: number;
    readonly adminsWithoutPhishingResistant: number;
  } | null;
  /** Shares in percent, one decimal. */
  readonly coverage: {
    readonly mfaCapable: number | null;
    readonly ssprCapable: number | null;
    readonly passwordlessCapable: number | null;
    readonly phishingResistant: number | null;
  } | null;
  readonly trend: {
    readonly from: string;
    readonly to: string;
    /** Points from the window's first known day to now. */
    readonly change: { readonly mfaCapable: number | null; readonly phishingResistant: number | null };
    readonly days: readonly TrendDay[];
  } | null;
}

export interface OverviewPage {
  readonly value: readonly OverviewLine[];
  readonly nextLink: string | null;
}

/** How the page asks: the session's token, or the admin key. */
export type OverviewSource = { readonly kind: 'token'; readonly client: GraphClient } | { readonly kind: 'key'; readonly key: string };

const KEY_ITEM = 'amr.adminKey';

/** The admin key this tab was given, if any (sessionStorage: gone when the tab closes). */
export function storedAdminKey(): string | null {
  try {
    const key = sessionStorage.getItem(KEY_ITEM);
    return key === null || key === '' ? null : key;
  } catch {
    return null; // storage off: the key lives in the page's state until a reload
  }
}

export function storeAdminKey(key: string | null): void {
  try {
    if (key === null) sessionStorage.removeItem(KEY_ITEM);
    else sessionStorage.setItem(KEY_ITEM, key);
  } catch {
    /* storage off: nothing to keep or remove */
  }
}

/** A nextLink kept on this origin, whatever host the server named (as GraphClient does). */
function sameOrigin(pathOrLink: string): string {
  const url = new URL(pathOrLink, location.origin);
  return `${location.origin}${url.pathname}${url.search}`;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });

/** One request with the admin key; a 429 (the admin throttle) waits its Retry-After, a few times. */
async function withKey(key: string, link: string, signal: AbortSignal): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(sameOrigin(link), {
        headers: { 'X-Amr-Admin-Key': key, Accept: 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new ApiProblem('network', 0, 'NetworkError', 'amr did not answer. Is the server still running?');
    }
    if (response.status === 429 && attempt < 3) {
      await sleep(Math.min(30, Number(response.headers.get('Retry-After') ?? '1') || 1) * 1000, signal);
      continue;
    }
    if (!response.ok) throw await problemFrom(response);
    return response.json();
  }
}

/** A page of the overview: the first (`link` null) or the one a nextLink names. */
export async function loadOverviewPage(source: OverviewSource, link: string | null, signal: AbortSignal): Promise<OverviewPage> {
  const target = link ?? `${OVERVIEW_PATH}?$top=${OVERVIEW_PAGE_SIZE}`;
  const body = (source.kind === 'token' ? await source.client.json<unknown>(target, { signal }) : await withKey(source.key, target, signal)) as {
    readonly value?: readonly OverviewLine[];
    readonly '@odata.nextLink'?: string;
  };
  return { value: body.value ?? [], nextLink: body['@odata.nextLink'] ?? null };
}
