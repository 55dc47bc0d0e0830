// $filter: parses the supported OData subset into a frozen tree, validated against a capability descriptor.
// Over 200 lines because the grammar reads best in one place; the lexer, literal checks and
// token cursor live in their own files.

import type { EntityCapabilities, PropertyCapability } from './capabilities.js';
import { DEFAULT_ELEMENT_FILTER, isCollection, propertyOf, unknownProperty } from './capabilities.js';
import { bindLiteral, isLiteralToken, type LiteralTarget, type ScalarKind } from './bind-literal.js';
import type { AnyNode, CompareOp, ElementNode, FilterNode, Literal } from './filter-ast.js';
import { deepFreeze } from './filter-ast.js';
import { tokenize, type Token } from './filter-lexer.js';
import { filterError } from './odata-error.js';
import { TokenStream } from './token-stream.js';

export interface FilterParseOptions {
  /** The caller sent Prefer: include-unknown-enum-members (graph-api §2.7). */
  readonly includeUnknownEnumMembers: boolean;
  /** Nesting of parentheses, not and any(); default 32. */
  readonly maxDepth?: number;
  /** In UTF-16 code units; default 4096. */
  readonly maxLength?: number;
}

export const DEFAULT_FILTER_MAX_DEPTH = 32;
export const DEFAULT_FILTER_MAX_LENGTH = 4096;

const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const RESERVED: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'in',
  'has',
  'add',
  'sub',
  'mul',
  'div',
  'divby',
  'mod',
]);

export function parseFilter(text: string, entity: EntityCapabilities, options: FilterParseOptions): FilterNode {
  const maxLength = options.maxLength ?? DEFAULT_FILTER_MAX_LENGTH;
  if (text.length > maxLength) {
    throw filterError(`the expression is ${text.length} characters long; the limit is ${maxLength}`);
  }
  if (text.trim() === '') throw filterError('the expression is empty');
  return deepFreeze(new FilterParser(text, entity, options).parse());
}

/** How one grammar (top level or inside a lambda) builds its nodes. */
interface Grammar<N> {
  leaf(afterNot: boolean): N;
  and(left: N, right: N): N;
  or(left: N, right: N): N;
  not(operand: N): N;
}

/** Where comparisons point: a property at top level, the range variable inside any(). */
interface Subject {
  readonly target: LiteralTarget;
  readonly allowed: readonly string[];
  /** Where an operator is refused, for messages: "for 'isAdmin'", "inside methodsRegistered/any()". */
  readonly place: string;
}

class FilterParser {
  private readonly s: TokenStream;
  private depth = 0;
  private readonly maxDepth: number;
  private readonly top: Grammar<FilterNode> = {
    leaf: (afterNot) => this.predicate(afterNot),
    and: (left, right) => ({ kind: 'and', left, right }),
    or: (left, right) => ({ kind: 'or', left, right }),
    not: (operand) => ({ kind: 'not', operand }),
  };

  constructor(
    text: string,
    private readonly entity: EntityCapabilities,
    private readonly options: FilterParseOptions,
  ) {
    this.s = new TokenStream(tokenize(text));
    this.maxDepth = options.maxDepth ?? DEFAULT_FILTER_MAX_DEPTH;
  }

  parse(): FilterNode {
    const node = this.or(this.top);
    const rest = this.s.peek();
    if (rest.kind !== 'end') throw this.s.unexpected(rest, "Expected 'and', 'or' or the end of the expression.");
    return node;
  }

  // Precedence (OData Part 2 §5.1.1, Operator Precedence): not > comparison > and > or.
  private or<N>(g: Grammar<N>): N {
    let left = this.and(g);
    while (this.s.isKeyword('or')) {
      this.s.next();
      left = g.or(left, this.and(g));
    }
    return left;
  }

  private and<N>(g: Grammar<N>): N {
    let left = this.unary(g, false);
    while (this.s.isKeyword('and')) {
      this.s.next();
      left = g.and(left, this.unary(g, false));
    }
    return left;
  }

  /** `not` applies to the parenthesised or primary boolean expression right after it. */
  private unary<N>(g: Grammar<N>, afterNot: boolean): N {
    const token = this.s.peek();
    if (this.s.isKeyword('not')) {
      this.s.next();
      return this.nested(token, () => g.not(this.unary(g, true)));
    }
    if (token.kind === 'open') {
      this.s.next();
      return this.nested(token, () => {
        const inner = this.or(g);
        this.s.expect('close');
        return inner;
      });
    }
    return g.leaf(afterNot);
  }

  private nested<T>(at: Token, body: () => T): T {
    this.depth += 1;
    if (this.depth > this.maxDepth) throw filterError(`the expression nests more than ${this.maxDepth} levels deep`, at.position);
    const result = body();
    this.depth -= 1;
    return result;
  }

  /** A primary boolean expression at top level: a property test, startswith(…) or prop/any(…). */
  private predicate(afterNot: boolean): FilterNode {
    const name = this.nameToken('a property name');
    if (this.s.peek(1).kind === 'open') {
      return this.functionCall(name, this.top, (first) => {
        const property = this.property(first);
        return { kind: 'startswith', property: property.name, prefix: this.startsWithRest(this.subjectOf(property), name) };
      });
    }
    this.s.next();
    const property = this.property(name);
    if (this.s.peek().kind === 'slash') return this.lambda(property);
    if (isCollection(property.type)) {
      throw filterError(`'${property.name}' is a collection`, name.position, `Filter it with ${property.name}/any(x: x eq 'value').`);
    }
    const subject = this.subjectOf(property);
    return this.comparison<FilterNode>(subject, afterNot, name, {
      compare: (op, value) => ({ kind: 'compare', op, property: property.name, value }),
      in: (values) => ({ kind: 'in', property: property.name, values }),
      bare: () => {
        if (property.type !== 'boolean') {
          throw filterError(`'${property.name}' is not a Boolean property`, name.position, 'Compare it with a value, e.g. using eq.');
        }
        // A bare Boolean property is a boolCommonExpr (OData ABNF); it means "prop eq true".
        this.checkAllowed(subject, 'eq', name);
        return { kind: 'compare', op: 'eq', property: property.name, value: { kind: 'boolean', value: true } };
      },
    });
  }

  private comparison<N>(
    subject: Subject,
    afterNot: boolean,
    at: Token,
    make: { compare(op: CompareOp, value: Literal): N; in(values: readonly Literal[]): N; bare(): N },
  ): N {
    const opToken = this.s.peek();
    const op = opToken.kind === 'identifier' ? opToken.value.toLowerCase() : '';
    if (!COMPARE_OPS.has(op) && op !== 'in') return make.bare();
    if (afterNot) {
      throw filterError(`'not' binds tighter than '${opToken.text}'`, opToken.position, `Write not (${at.text} ${opToken.text} …).`);
    }
    this.checkAllowed(subject, op, opToken);
    this.s.next();
    if (op === 'in') return make.in(this.inList(subject));
    const nullError = op === 'eq' || op === 'ne' ? undefined : `null can only be compared with eq or ne`;
    return make.compare(op as CompareOp /* checked against COMPARE_OPS above */, this.literal(subject, nullError));
  }

  private inList(subject: Subject): readonly Literal[] {
    this.s.expect('open');
    if (this.s.peek().kind === 'close') throw filterError("an 'in' list needs at least one value", this.s.peek().position);
    const values: Literal[] = [this.literal(subject, "null is not allowed in an 'in' list; use eq null")];
    while (this.s.peek().kind === 'comma') {
      this.s.next();
      values.push(this.literal(subject, "null is not allowed in an 'in' list; use eq null"));
    }
    this.s.expect('close');
    return values;
  }

  private literal(subject: Subject, nullError: string | undefined): Literal {
    const token = this.s.peek();
    // A bare name is not a value; bindLiteral refuses it with a hint to quote strings.
    const bareName = token.kind === 'identifier' && !RESERVED.has(token.value.toLowerCase());
    if (!isLiteralToken(token) && !bareName) throw this.s.unexpected(token, 'Expected a value.');
    this.s.next();
    return bindLiteral(token, subject.target, this.options.includeUnknownEnumMembers, nullError);
  }

  /** `prop/any()` or `prop/any(x: predicate over x)`. */
  private lambda(property: PropertyCapability): FilterNode {
    const slash = this.s.next();
    const fn = this.s.peek();
    if (!this.s.isKeyword('any')) {
      const hint = this.s.isKeyword('all') ? 'Only any() is supported, not all().' : `Expected any(…) after '${property.name}/'.`;
      throw this.s.unexpected(fn, hint);
    }
    if (!isCollection(property.type)) {
      throw filterError(`'${property.name}' is not a collection`, slash.position, 'any() applies to collection properties.');
    }
    this.checkAllowed(this.subjectOf(property), 'any', fn);
    this.s.next();
    const open = this.s.expect('open');
    const node = this.nested(open, (): AnyNode => {
      if (this.s.peek().kind === 'close') {
        this.s.next();
        return { kind: 'any', property: property.name, variable: null, predicate: null };
      }
      const variable = this.nameToken('a range variable name, as in any(x: x eq …)');
      this.s.next();
      this.s.expect('colon');
      const predicate = this.or(this.elementGrammar(property, variable.value));
      this.s.expect('close');
      return { kind: 'any', property: property.name, variable: variable.value, predicate };
    });
    return this.foldBoolean(node, this.top);
  }

  private elementGrammar(property: PropertyCapability, variable: string): Grammar<ElementNode> {
    const subject = this.elementSubject(property);
    const g: Grammar<ElementNode> = {
      and: (left, right) => ({ kind: 'and', left, right }),
      or: (left, right) => ({ kind: 'or', left, right }),
      not: (operand) => ({ kind: 'not', operand }),
      leaf: (afterNot) => {
        const name = this.nameToken(`the range variable '${variable}'`);
        if (this.s.peek(1).kind === 'open') {
          return this.functionCall(name, g, (first) => {
            this.rangeVariable(first, variable, property);
            return { kind: 'startswith', prefix: this.startsWithRest(subject, name) };
          });
        }
        this.s.next();
        this.rangeVariable(name, variable, property);
        return this.comparison<ElementNode>(subject, afterNot, name, {
          compare: (op, value) => ({ kind: 'compare', op, value }),
          in: (values) => ({ kind: 'in', values }),
          bare: () => {
            throw filterError(`the range variable '${variable}' must be compared with a value`, name.position, `Write ${variable} eq '…'.`);
          },
        });
      },
    };
    return g;
  }

  private rangeVariable(token: Token, variable: string, property: PropertyCapability): void {
    if (token.value !== variable) {
      throw filterError(`inside ${property.name}/any() only the range variable '${variable}' can be used; found '${token.text}'`, token.position);
    }
    if (this.s.peek().kind === 'slash') {
      throw filterError(`the elements of '${property.name}' have no properties`, this.s.peek().position);
    }
  }

  /** name(…) where name is a function; only startswith is supported. */
  private functionCall<N>(name: Token, g: Grammar<N>, body: (first: Token) => N): N {
    if (name.value.toLowerCase() !== 'startswith') {
      throw filterError(`the function '${name.text}' is not supported`, name.position, "Only startswith(property,'prefix') and property/any(…) are.");
    }
    this.s.next();
    const open = this.s.expect('open');
    const node = this.nested(open, () => {
      const first = this.s.peek();
      if (first.kind !== 'identifier' || isLiteralToken(first)) {
        throw this.s.unexpected(first, 'The first argument of startswith must be a property.');
      }
      this.s.next();
      return body(first);
    });
    return this.foldBoolean(node, g);
  }

  /** The `,'prefix')` part of startswith, after its first argument. */
  private startsWithRest(subject: Subject, fn: Token): string {
    this.checkAllowed(subject, 'startswith', fn);
    this.s.expect('comma');
    const at = this.s.peek();
    const value = this.literal(subject, 'startswith needs a string prefix, not null');
    this.s.expect('close');
    // Only string-typed subjects allow startswith (capabilities.ts), so this is a string.
    if (value.kind !== 'string') throw filterError('startswith needs a string prefix', at.position);
    return value.value;
  }

  /** `f(…) eq true` is f(…); `eq false` and `ne true` negate it. */
  private foldBoolean<N>(node: N, g: Grammar<N>): N {
    if (!this.s.isKeyword('eq') && !this.s.isKeyword('ne')) return node;
    const op = this.s.next().value.toLowerCase();
    const value = this.s.next();
    const word = value.kind === 'identifier' ? value.value.toLowerCase() : '';
    if (word !== 'true' && word !== 'false') {
      throw filterError('a function result can only be compared with true or false', value.position);
    }
    return (op === 'eq') === (word === 'true') ? node : g.not(node);
  }

  private nameToken(expected: string): Token {
    const token = this.s.peek();
    if (token.kind !== 'identifier' || isLiteralToken(token) || RESERVED.has(token.value.toLowerCase())) {
      throw this.s.unexpected(token, `Expected ${expected}.`);
    }
    return token;
  }

  private property(token: Token): PropertyCapability {
    const property = propertyOf(this.entity, token.value);
    if (property === undefined) {
      const { what, hint } = unknownProperty(this.entity, token.value);
      throw filterError(what, token.position, hint);
    }
    return property;
  }

  private subjectOf(property: PropertyCapability): Subject {
    const target: LiteralTarget = {
      label: `'${property.name}'`,
      kind: scalarKind(property),
      ...(property.enum ? { enum: property.enum } : {}),
      ...(property.lowerCaseGuids === true ? { lowerCaseGuids: true } : {}),
    };
    return { target, allowed: property.filter, place: `for '${property.name}'` };
  }

  private elementSubject(property: PropertyCapability): Subject {
    const target: LiteralTarget = {
      label: `each element of '${property.name}'`,
      kind: scalarKind(property),
      ...(property.enum ? { enum: property.enum } : {}),
    };
    return { target, allowed: property.elementFilter ?? DEFAULT_ELEMENT_FILTER, place: `inside ${property.name}/any()` };
  }

  private checkAllowed(subject: Subject, op: string, at: Token): void {
    if (subject.allowed.includes(op)) return;
    if (subject.allowed.length === 0) throw filterError(`filtering is not supported ${subject.place}`, at.position);
    const shown = subject.allowed.map((o) => (o === 'startswith' || o === 'any' ? `${o}()` : o)).join(', ');
    const name = op === 'startswith' || op === 'any' ? `${op}()` : `the operator '${op}'`;
    throw filterError(`${name} is not supported ${subject.place}`, at.position, `Supported: ${shown}.`);
  }
}

/** The type of a property's values, or of its elements for a collection. */
function scalarKind(property: PropertyCapability): ScalarKind {
  switch (property.type) {
    case 'stringCollection':
      return 'string';
    case 'enumCollection':
      return 'enum';
    default:
      return property.type;
  }
}
