// Request accounting for the bench and the sync summary: what was sent, per limit class, and what it cost in waiting.
import type { LimitClass } from './limits.js';

export interface AccountingSnapshot {
  /** Graph requests sent, per limit class; each request inside a $batch counts once in its own class. */
  readonly requests: Readonly<Record<LimitClass, number>>;
  /** HTTP calls made to Graph (a $batch is one call). */
  readonly httpCalls: number;
  readonly batches: number;
  /** 429 answers: top-level and inside batches. */
  readonly throttled: number;
  readonly innerThrottled: number;
  /** 503 and 504 answers, top-level and inside batches. */
  readonly unavailable: number;
  readonly retries: number;
  readonly networkErrors: number;
  readonly tokenRequests: number;
  /** Time spent waiting for a slot, a Retry-After or a back-off, summed over requests (ms). */
  readonly waitedMs: number;
}

export class RequestAccounting {
  readonly requests: Record<LimitClass, number> = { reports: 0, directory: 0 };
  httpCalls = 0;
  batches = 0;
  throttled = 0;
  innerThrottled = 0;
  unavailable = 0;
  retries = 0;
  networkErrors = 0;
  tokenRequests = 0;
  waitedMs = 0;

  snapshot(): AccountingSnapshot {
    return {
      requests: { ...this.requests },
      httpCalls: this.httpCalls,
      batches: this.batches,
      throttled: this.throttled,
      innerThrottled: this.innerThrottled,
      unavailable: this.unavailable,
      retries: this.retries,
      networkErrors: this.networkErrors,
      tokenRequests: this.tokenRequests,
      waitedMs: this.waitedMs,
    };
  }
}
