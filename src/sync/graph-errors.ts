// Graph error answers ({"error":{"code","message","innerError"}}) classified into SyncErrors with an actionable message.
import { requiredPermission } from './permissions.js';
import { scrub, type Secret } from './secret.js';
import { SyncError, type SyncErrorKind } from './sync-error.js';

export interface GraphErrorBody {
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly requestId: string | undefined;
}

/** The parts of Graph's error envelope, from whatever `body` is. */
export function readErrorBody(body: unknown): GraphErrorBody {
  const error = field(body, 'error');
  const inner = field(error, 'innerError') ?? field(error, 'innererror');
  return {
    code: str(field(error, 'code')),
    message: str(field(error, 'message')),
    requestId: str(field(inner, 'request-id')),
  };
}

/** Graph's licence answer for the reports and sign-in logs on a tenant without Microsoft Entra ID P1/P2. */
const LICENCE_CODES = new Set(['Authentication_RequestFromNonPremiumTenantOrB2CTenant']);
const DELTA_CODES = new Set(['syncStateNotFound', 'syncStateInvalid', 'resyncRequired']);
const SKIPTOKEN_CODES = new Set(['Directory_ExpiredPageToken']);

export interface FailedRequest {
  readonly method: string;
  /** The Graph path with version, e.g. /v1.0/users/delta (its query is not shown). */
  readonly path: string;
}

/** The SyncError for a Graph answer with `status` ≥ 400 (after any retries). */
export function graphError(
  status: number,
  body: unknown,
  headerRequestId: string | null,
  req: FailedRequest,
  secrets: readonly (Secret | undefined)[] = [],
): SyncError {
  const e = readErrorBody(body);
  const request = `${req.method} ${req.path.split('?', 1)[0]}`;
  const code = e.code;
  const said = scrub(`${code ?? `HTTP ${status}`}${e.message === undefined ? '' : `: ${e.message}`}`, secrets).slice(0, 400);
  const details = { status, code, requestId: e.requestId ?? headerRequestId ?? undefined, request };
  const make = (kind: SyncErrorKind, message: string, extra: { permission?: string } = {}): SyncError =>
    new SyncError(kind, `${request}: ${message}`, { ...details, ...extra });

  if (status === 401) return new SyncError('auth', `${request}: Graph refused the access token (${said})`, { ...details, reason: 'invalidToken' });
  if (status === 403 && (LICENCE_CODES.has(code ?? '') || /premium|\bP[12]\b|licen[cs]e/i.test(e.message ?? ''))) {
    return make('licence', `the tenant needs a Microsoft Entra ID P1 or P2 licence for this endpoint (${said})`);
  }
  if (status === 403) {
    const permission = requiredPermission(req.path);
    const need =
      permission === undefined
        ? 'the application lacks a permission for this endpoint'
        : `the application needs the ${permission} application permission, with admin consent`;
    return make('permission', `${need} (${said})`, permission === undefined ? {} : { permission });
  }
  if (status === 410 || DELTA_CODES.has(code ?? '')) return make('deltaExpired', `the delta link has expired; a full pass is needed (${said})`);
  if (SKIPTOKEN_CODES.has(code ?? '') || /skip ?token/i.test(e.message ?? '')) {
    return make('skiptokenExpired', `the paging token has expired; the listing must start again (${said})`);
  }
  if (status === 429 || status === 503 || status === 504) return make('throttled', `still ${status} after the retries allowed (${said})`);
  return make('graph', `HTTP ${status} ${said}`);
}

function field(o: unknown, name: string): unknown {
  return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>)[name] : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
