// The one error type of the sync client: a kind a caller can act on, a message an administrator can read, no secrets.
import { inspect } from 'node:util';

/**
 * - `settings`: a bad or missing setting (names the variable, never its value when it is a secret).
 * - `auth`: the token endpoint refused the app's credentials (`reason` says which way), or Graph refused the token.
 * - `permission`: Graph 403 for a missing application permission (`permission` names it).
 * - `licence`: the tenant lacks the Microsoft Entra ID P1/P2 licence the endpoint needs.
 * - `network`: connection refused, reset, timed out, DNS — after the bounded retries.
 * - `throttled`: still 429/503/504 after the bounded retries, or a Retry-After beyond the bound.
 * - `deltaExpired`: a delta link Graph no longer knows (410, `syncStateNotFound`): start a full pass.
 * - `skiptokenExpired`: a paging token Graph no longer accepts: restart that listing.
 * - `protocol`: a response amr cannot use (not JSON, a nextLink to another host).
 * - `graph`: any other Graph error.
 */
export type SyncErrorKind =
  'settings' | 'auth' | 'permission' | 'licence' | 'network' | 'throttled' | 'deltaExpired' | 'skiptokenExpired' | 'protocol' | 'graph';

/** Why the token endpoint refused, from its AADSTS code. */
export type AuthReason =
  | 'invalidSecret'
  | 'secretExpired'
  | 'invalidCertificate'
  | 'appNotFound'
  | 'tenantNotFound'
  | 'consentMissing'
  | 'appDisabled'
  | 'blockedByPolicy'
  | 'invalidToken'
  | 'other';

export interface SyncErrorDetails {
  readonly status?: number;
  /** Graph's error code, or the AADSTS code from the token endpoint. */
  readonly code?: string;
  readonly requestId?: string;
  /** `permission` errors: the application permission the endpoint needs. */
  readonly permission?: string;
  readonly reason?: AuthReason;
  /** The request, as method and path without its query (paths hold ids, never secrets). */
  readonly request?: string;
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

export class SyncError extends Error {
  override readonly name = 'SyncError';
  readonly kind: SyncErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly permission: string | undefined;
  readonly reason: AuthReason | undefined;
  readonly request: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(kind: SyncErrorKind, message: string, details: SyncErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.permission = details.permission;
    this.reason = details.reason;
    this.request = details.request;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** What logs and `--json` output show: the fields above, the cause only by its name and code. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, kind: this.kind, message: this.message };
    for (const key of ['status', 'code', 'requestId', 'permission', 'reason', 'request', 'retryAfterMs'] as const) {
      if (this[key] !== undefined) out[key] = this[key];
    }
    const cause = describeCause(this.cause);
    if (cause !== undefined) out.cause = cause;
    return out;
  }

  [inspect.custom](): string {
    return `SyncError ${JSON.stringify(this.toJSON())}`;
  }
}

function describeCause(cause: unknown): string | undefined {
  if (cause === undefined || cause === null) return undefined;
  if (typeof cause !== 'object') return typeof cause;
  const name = cause instanceof Error ? cause.name : 'object';
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? `${name} ${code}` : name;
}

export function isSyncError(e: unknown, kind?: SyncErrorKind): e is SyncError {
  return e instanceof SyncError && (kind === undefined || e.kind === kind);
}
