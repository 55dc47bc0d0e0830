// A cursor over $filter tokens with the checks every grammar rule needs.

import type { Token, TokenKind } from './filter-lexer.js';
import { filterError, type ODataError } from './odata-error.js';

const DESCRIBED: Readonly<Partial<Record<TokenKind, string>>> = {
  open: "'('",
  close: "')'",
  comma: "','",
  slash: "'/'",
  colon: "':'",
};

export class TokenStream {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token {
    const last = this.tokens[this.tokens.length - 1];
    if (last === undefined) throw new Error('token list must end with an end token');
    return this.tokens[this.index + offset] ?? last;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  /**
   * OData 4.01 Part 2 §5.1.1: "4.01 services MUST support case-insensitive operator names", and
   * the same for built-in function names; so keywords (and, eq, in, any, startswith…) match any case.
   */
  isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'identifier' && token.value.toLowerCase() === word;
  }

  expect(kind: TokenKind): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.unexpected(token, `Expected ${DESCRIBED[kind] ?? kind}.`);
    return this.next();
  }

  unexpected(token: Token, hint?: string): ODataError {
    const what =
      token.kind === 'end' ? 'unexpected end of expression' : token.kind === 'string' ? `unexpected string ${token.text}` : `unexpected '${token.text}'`;
    return filterError(what, token.position, hint);
  }
}
