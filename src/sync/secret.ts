// A value that must never be printed: client secrets, private keys, access tokens. Redacted in JSON and util.inspect.
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * Holds its value in a private field: JSON.stringify, util.inspect, template strings and structured logging
 * all see "[redacted]". Only `reveal()` gives the value, and only the token source and the HTTP layer call it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

/**
 * `text` with every JWT-shaped run and every given secret value replaced by "[redacted]". Applied to text that
 * comes from the network (error descriptions) before it enters a message: a server may echo what it was sent.
 */
export function scrub(text: string, secrets: readonly (Secret | undefined)[] = []): string {
  let out = text.replace(JWT_LIKE, REDACTED);
  for (const s of secrets) {
    const v = s?.reveal();
    if (v !== undefined && v.length >= 4) out = out.split(v).join(REDACTED);
  }
  return out;
}
