// The one error the log reader throws for its input: the file as a whole cannot be trusted past `where`.
import type { LimitKind } from '../parse-limits.js';

/**
 * Thrown when the input is not JSON or NDJSON at all, is truncated inside a JSON document, or its
 * gzip stream is damaged. Records before the fault may already have reached the sink. Faults of a
 * single record are not thrown: they are refused (RefusedRecord) and reading goes on.
 */
export class LogFileError extends Error {
  override readonly name = 'LogFileError';

  /** `where` names the place (`byte 0`, `line 1`, `value[7]`, `gzip`); callers show `${where}: ${message}`. */
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
