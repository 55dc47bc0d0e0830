// Webhook delivery (decision 0093): signed JSON POSTs, retried with exponential back-off and
// jitter, every attempt logged; a queue in the database, so deliveries never hold up an import
// and a pending one survives a restart.
import { createHmac, randomBytes } from 'node:crypto';
import type { AlertStore, DueDelivery } from '../store/sql/alert-store.js';
import { AlertInputError } from './rules.js';

export const SIGNATURE_HEADER = 'X-Amr-Signature';
export const TIMESTAMP_HEADER = 'X-Amr-Timestamp';
export const DELIVERY_HEADER = 'X-Amr-Delivery';
const MAX_URL_LENGTH = 2048;

/** `sha256=` and the hex HMAC-SHA256 of the raw body, keyed by the webhook's secret (its UTF-8 text). */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** 32 random bytes, base64url: shown once when the webhook is made, kept to sign. */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The webhook URL as stored, or AlertInputError('url'): http(s) only, no credentials in it. */
export function checkWebhookUrl(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new AlertInputError('url', 'give the http or https URL to POST alerts to');
  if (raw.length > MAX_URL_LENGTH) throw new AlertInputError('url', `is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AlertInputError('url', `'${raw.slice(0, 80)}' is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AlertInputError('url', `uses '${url.protocol.slice(0, 20)}'; only http: and https: are accepted`);
  // A password in a stored URL would show in every listing: use the signature to authenticate amr.
  if (url.username !== '' || url.password !== '')
    throw new AlertInputError('url', 'must not carry a user name or password; the receiver checks the X-Amr-Signature header instead');
  return url.href;
}

export interface DeliveryOptions {
  readonly fetch: typeof fetch;
  readonly now: () => Date;
  /** Waits ms (or until the signal fires); tests advance a clock instead. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random: () => number;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  /** The first retry's delay; each next one is `factor` times longer, up to maxDelayMs. */
  readonly baseDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
}

function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    timer.unref();
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** 1 s, 4 s, 16 s, 64 s, 256 s between six attempts; 10 s per attempt. */
export const DEFAULT_DELIVERY: DeliveryOptions = {
  fetch: (input, init) => fetch(input, init),
  now: () => new Date(),
  sleep: realSleep,
  random: Math.random,
  timeoutMs: 10_000,
  maxAttempts: 6,
  baseDelayMs: 1_000,
  factor: 4,
  maxDelayMs: 3_600_000,
};

/**
 * The wait before attempt `attempt + 1`: base × factor^(attempt − 1), with "equal jitter" (half
 * fixed, half random) so receivers that failed together are not retried together; a Retry-After
 * longer than that is honoured (up to maxDelayMs).
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | null,
  o: Pick<DeliveryOptions, 'baseDelayMs' | 'factor' | 'maxDelayMs' | 'random'>,
): number {
  const backoff = Math.min(o.maxDelayMs, o.baseDelayMs * o.factor ** (attempt - 1));
  const jittered = backoff / 2 + (o.random() * backoff) / 2;
  return Math.round(Math.min(o.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0)));
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: Date): number | null {
  if (value === null) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** Network errors (status null), 408, 429 and 5xx are retried; other answers are final. */
export function isRetryable(status: number | null): boolean {
  return status === null || status === 408 || status === 429 || status >= 500;
}

export interface SendResult {
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly retryAfterMs: number | null;
  readonly durationMs: number;
}

/** One POST of a delivery; never throws. */
export async function sendOnce(d: DueDelivery, sentAt: Date, o: DeliveryOptions): Promise<SendResult> {
  const body = JSON.stringify({ ...(JSON.parse(d.payloadJson) as object), sentDateTime: sentAt.toISOString() });
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const response = await o.fetch(d.url, {
      method: 'POST',
      // A redirect is an answer, not followed: the signed body goes only where it was configured to.
      redirect: 'manual',
      signal: AbortSignal.timeout(o.timeoutMs),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'amr-webhooks/1',
        [SIGNATURE_HEADER]: signBody(d.secret, body),
        [TIMESTAMP_HEADER]: String(Math.floor(sentAt.getTime() / 1000)),
        [DELIVERY_HEADER]: d.id,
      },
      body,
    });
    await response.body?.cancel().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return {
      statusCode: response.status,
      error: ok ? null : `the receiver answered ${response.status}`,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after'), o.now()),
      durationMs: took(),
    };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const reason = e.name === 'TimeoutError' ? `no answer within ${o.timeoutMs} ms` : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}`;
    return { statusCode: null, error: reason.slice(0, 500), retryAfterMs: null, durationMs: took() };
  }
}

export type DeliveryStore = Pick<AlertStore, 'claimDueDeliveries' | 'recordDeliveryAttempt'>;
