// Remembers verified tokens until they expire, so a client's many requests cost one signature
// check. Bounded: the oldest entries go first when it is full.
import type { Principal } from './tokens.js';

interface Entry {
  readonly principal: Principal;
  readonly expiresAtMs: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 10_000) {}

  get(token: string, nowMs: number): Principal | null {
    const entry = this.entries.get(token);
    if (entry === undefined) return null;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(token);
      return null;
    }
    return entry.principal;
  }

  set(token: string, principal: Principal, expiresAtMs: number): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { principal, expiresAtMs });
  }
}
