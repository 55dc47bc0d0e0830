// Faults a test arms before a sync: the next N requests whose path matches answer 429 (with or
// without Retry-After), 503, 504, a dropped connection, or come late; inner batch requests are
// matched on their own ("/beta" + url). Expired delta and skip tokens are armed here too.
export type FaultKind = 429 | 503 | 504 | 'drop' | 'slow';

export interface FaultSpec {
  /** A substring of, or a RegExp tested on, the path with its version: "/beta/users/x/authentication/methods". */
  readonly path: string | RegExp;
  readonly kind: FaultKind;
  /** How many matching requests it hits (default 1). */
  readonly count?: number;
  /** 429 and 503: Retry-After seconds (fractional allowed); null or absent: no header. */
  readonly retryAfter?: number | null;
  /** 'slow': how long the answer is held (default 1000 ms). */
  readonly delayMs?: number;
  /** Only requests of this method (default any). */
  readonly method?: string;
}

export interface ArmedFault {
  readonly spec: FaultSpec;
  remaining: number;
}

export class Faults {
  readonly #armed: ArmedFault[] = [];
  /** Delta tokens issued before this instant (ms) answer 410; set by expireDeltaLinks(). */
  deltaLinksExpiredBefore = -Infinity;
  skipTokensExpiredBefore = -Infinity;
  #issued = 0;

  inject(spec: FaultSpec): void {
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`fault count ${count} is not a positive integer`);
    if (spec.retryAfter !== undefined && spec.retryAfter !== null && !(spec.retryAfter >= 0))
      throw new RangeError(`fault retryAfter ${spec.retryAfter} is not a duration`);
    if (spec.kind === 'slow' && spec.delayMs !== undefined && !(spec.delayMs >= 0)) throw new RangeError(`fault delayMs ${spec.delayMs} is not a duration`);
    this.#armed.push({ spec, remaining: count });
  }

  /** The fault for this request, consumed; null when none matches. */
  take(method: string, path: string): FaultSpec | null {
    for (const f of this.#armed) {
      if (f.remaining === 0) continue;
      if (f.spec.method && f.spec.method.toUpperCase() !== method.toUpperCase()) continue;
      const hit = typeof f.spec.path === 'string' ? path.includes(f.spec.path) : f.spec.path.test(path);
      if (!hit) continue;
      f.remaining -= 1;
      return f.spec;
    }
    return null;
  }

  /** Faults armed and not yet used up. */
  pending(): number {
    return this.#armed.reduce((n, f) => n + f.remaining, 0);
  }

  clear(): void {
    this.#armed.length = 0;
  }

  /** A sequence number for tokens, so "every token issued so far" can be expired. */
  nextTokenSerial(): number {
    this.#issued += 1;
    return this.#issued;
  }

  /** Every delta link issued so far answers 410 syncStateNotFound. */
  expireDeltaLinks(): void {
    this.deltaLinksExpiredBefore = this.#issued + 1;
  }

  /** Every $skiptoken issued so far is refused as expired. */
  expireSkipTokens(): void {
    this.skipTokensExpiredBefore = this.#issued + 1;
  }
}
