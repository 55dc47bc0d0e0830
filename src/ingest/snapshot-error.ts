// The one error a snapshot reader throws for bad input: where it is wrong, and what was expected.
import type { LimitKind } from './parse-limits.js';

/**
 * `where` names the place: a JSON path such as `users[1532].authentication.methods[0]`, or for NDJSON
 * `line 1533` / `line 1533: user.accountEnabled`. `message` says what is wrong and what was expected,
 * without the place: callers show `${where}: ${message}`.
 */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  /** Set when the input went past a parse limit (decision 0054): which one. */
  readonly limit: LimitKind | undefined;

  constructor(
    readonly where: string,
    message: string,
    options?: { readonly cause?: unknown; readonly limit?: LimitKind },
  ) {
    super(message, options);
    this.limit = options?.limit;
  }
}
