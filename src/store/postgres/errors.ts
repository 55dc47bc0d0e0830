// PostgreSQL's failures in amr's words: what failed and where, without the password of the URL.

interface PgLikeError {
  readonly code?: string;
  readonly message?: string;
  readonly detail?: string;
  readonly table?: string;
  readonly column?: string;
}

function isPgLike(err: unknown): err is PgLikeError & Error {
  return err instanceof Error;
}

/** An Error naming the statement's first words and PostgreSQL's code; the original as its cause. */
export function describePostgresError(err: unknown, statement: string | null): Error {
  if (!isPgLike(err)) return new Error(String(err));
  const code = err.code ? ` (SQLSTATE ${err.code})` : '';
  const where = statement ? ` in ${statement.replace(/\s+/g, ' ').slice(0, 80)}…` : '';
  const detail = err.detail ? `: ${err.detail}` : '';
  if (err.code === '22021' || /0x00/.test(err.message ?? '')) {
    return new Error(`PostgreSQL refused a value holding the character U+0000, which its text cannot store${where}`, { cause: err });
  }
  if (statement === null) {
    // Connecting: the host, port and database are in the message; the URL (and its password) is not.
    return new Error(`cannot connect to PostgreSQL: ${err.message}${code}`, { cause: err });
  }
  return new Error(`PostgreSQL: ${err.message}${detail}${code}${where}`, { cause: err });
}
