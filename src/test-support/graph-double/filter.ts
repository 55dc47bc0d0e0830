// The $filter subset the log lists accept: comparisons of a date-time property (ge gt le lt eq,
// unquoted ISO-8601 literal) and of string properties (eq 'literal'), joined by and / or, with
// parentheses. Anything else is Graph's 400 "Invalid filter clause" (graph-api §2.5).
import { badRequest } from './errors.js';
import type { JsonRecord } from './json.js';

export type Predicate = (record: JsonRecord) => boolean;
export type PropertyKind = 'datetime' | 'string';

const TOKEN = /\s*(\(|\)|'(?:[^']|'')*'|[^\s()]+)/y;

function tokens(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  for (;;) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (text.slice(start).trim() !== '') throw invalid(`cannot read '${text.slice(start)}'`);
      return out;
    }
    out.push(m[1]!);
  }
}

const invalid = (why: string) => badRequest(`Invalid filter clause: ${why}`);

class Parser {
  #i = 0;
  constructor(
    private readonly toks: readonly string[],
    private readonly props: Readonly<Record<string, PropertyKind>>,
  ) {}

  parse(): Predicate {
    const p = this.#or();
    if (this.#i < this.toks.length) throw invalid(`unexpected '${this.toks[this.#i]}'`);
    return p;
  }

  #peek(): string | undefined {
    return this.toks[this.#i];
  }
  #next(what: string): string {
    const t = this.toks[this.#i];
    if (t === undefined) throw invalid(`${what} expected at the end`);
    this.#i += 1;
    return t;
  }

  #or(): Predicate {
    const parts = [this.#and()];
    while (this.#peek()?.toLowerCase() === 'or') {
      this.#i += 1;
      parts.push(this.#and());
    }
    return parts.length === 1 ? parts[0]! : (r) => parts.some((p) => p(r));
  }

  #and(): Predicate {
    const parts = [this.#primary()];
    while (this.#peek()?.toLowerCase() === 'and') {
      this.#i += 1;
      parts.push(this.#primary());
    }
    return parts.length === 1 ? parts[0]! : (r) => parts.every((p) => p(r));
  }

  #primary(): Predicate {
    if (this.#peek() === '(') {
      this.#i += 1;
      const inner = this.#or();
      if (this.#next("')'") !== ')') throw invalid("')' expected");
      return inner;
    }
    return this.#comparison();
  }

  #comparison(): Predicate {
    const prop = this.#next('a property');
    const kind = this.props[prop];
    if (!kind) throw invalid(`'${prop}' is not a filterable property here (${Object.keys(this.props).join(', ')})`);
    const op = this.#next('an operator').toLowerCase();
    const literal = this.#next('a value');
    if (kind === 'string') {
      if (op !== 'eq') throw invalid(`${prop} supports eq only`);
      if (!/^'.*'$/s.test(literal)) throw invalid(`${prop} takes a quoted string`);
      const value = literal.slice(1, -1).replace(/''/g, "'");
      return (r) => r[prop] === value;
    }
    const at = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(literal) ? Date.parse(literal) : NaN;
    if (Number.isNaN(at)) throw invalid(`${prop} takes an unquoted ISO-8601 date-time, not ${literal}`);
    const test = (
      { ge: (v: number) => v >= at, gt: (v: number) => v > at, le: (v: number) => v <= at, lt: (v: number) => v < at, eq: (v: number) => v === at } as Record<
        string,
        (v: number) => boolean
      >
    )[op];
    if (!test) throw invalid(`${prop} supports ge, gt, le, lt and eq, not ${op}`);
    return (r) => {
      const v = r[prop];
      return typeof v === 'string' && test(Date.parse(v));
    };
  }
}

export function parseFilter(text: string, props: Readonly<Record<string, PropertyKind>>): Predicate {
  return new Parser(tokens(text), props).parse();
}
