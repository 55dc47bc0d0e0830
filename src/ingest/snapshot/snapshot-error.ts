// The one error a snapshot reader throws for bad input: where it is wrong, and what was expected.

/**
 * `where` names the place: a JSON path such as `users[1532].authentication.methods[0]`, or for NDJSON
 * `line 1533` / `line 1533: user.accountEnabled`. `message` says what is wrong and what was expected,
 * without the place: callers show `${where}: ${message}`.
 */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';

  constructor(readonly where: string, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
  }
}
