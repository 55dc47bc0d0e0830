// Checks a literal token against the type it is compared with and turns it into a tree Literal.

import type { EnumType } from './capabilities.js';
import { isEvolvableMember, usableMembers } from './capabilities.js';
import type { Literal } from './filter-ast.js';
import type { Token } from './filter-lexer.js';
import { filterError } from './odata-error.js';
import { canonicalId } from '../util/object-id.js';

export type ScalarKind = 'boolean' | 'string' | 'enum' | 'int64' | 'dateTimeOffset' | 'guid';

export interface LiteralTarget {
  /** How messages name the target: "'isAdmin'" or "the elements of 'methodsRegistered'". */
  readonly label: string;
  readonly kind: ScalarKind;
  readonly enum?: EnumType;
  /** A GUID string literal is lower-cased (PropertyCapability.lowerCaseGuids). */
  readonly lowerCaseGuids?: boolean;
}

const KEYWORD_LITERALS: ReadonlySet<string> = new Set(['true', 'false', 'null']);

export function isLiteralToken(token: Token): boolean {
  switch (token.kind) {
    case 'string':
    case 'integer':
    case 'dateTimeOffset':
    case 'guid':
    case 'enum':
      return true;
    // ABNF quoted strings are case-insensitive (RFC 5234 §2.3), so TRUE and Null are literals too.
    case 'identifier':
      return KEYWORD_LITERALS.has(token.value.toLowerCase());
    default:
      return false;
  }
}

/**
 * `nullError` is the message to give when null is not allowed here (ordering operators,
 * `in` lists); undefined allows null.
 */
export function bindLiteral(token: Token, target: LiteralTarget, includeUnknownEnumMembers: boolean, nullError?: string): Literal {
  const word = token.kind === 'identifier' ? token.value.toLowerCase() : '';
  if (word === 'null') {
    if (nullError !== undefined) throw filterError(nullError, token.position);
    return { kind: 'null' };
  }
  switch (target.kind) {
    case 'boolean':
      if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
      break;
    case 'string':
      if (token.kind === 'string') return { kind: 'string', value: target.lowerCaseGuids === true ? canonicalId(token.value) : token.value };
      break;
    case 'int64':
      if (token.kind === 'integer') return { kind: 'int64', value: bindInteger(token) };
      break;
    case 'dateTimeOffset':
      if (token.kind === 'dateTimeOffset') return { kind: 'dateTimeOffset', value: token.value };
      break;
    case 'guid':
      if (token.kind === 'guid') return { kind: 'guid', value: token.value };
      break;
    case 'enum':
      if (token.kind === 'string' || token.kind === 'enum') return bindEnum(token, target, includeUnknownEnumMembers);
      break;
  }
  const bareName = token.kind === 'identifier' && !isLiteralToken(token);
  const hint = bareName ? 'Quote string values; comparing two properties is not supported.' : undefined;
  throw filterError(`${target.label} takes ${expected(target)}; found ${describe(token)}`, token.position, hint);
}

function bindInteger(token: Token): number {
  const n = Number(token.value);
  if (!Number.isSafeInteger(n)) {
    throw filterError(`the number ${token.value} is outside the supported range ±${Number.MAX_SAFE_INTEGER}`, token.position);
  }
  return n;
}

function bindEnum(token: Token, target: LiteralTarget, includeUnknown: boolean): Literal {
  const enumType = target.enum;
  if (enumType === undefined) throw new Error(`${target.label}: enum type missing from the descriptor`);
  if (token.typeName !== undefined && !sameEnumType(token.typeName, enumType.name)) {
    throw filterError(`${target.label} takes ${enumType.name} values; found ${token.text}`, token.position);
  }
  const member = token.value;
  if (!enumType.members.includes(member)) {
    const near = enumType.members.find((m) => m.toLowerCase() === member.toLowerCase());
    const didYouMean = near === undefined ? '' : `Did you mean '${near}'? Enum members are case-sensitive. `;
    const allowed = usableMembers(enumType, includeUnknown).join(', ');
    throw filterError(`'${member}' is not a member of ${enumType.name}`, token.position, `${didYouMean}Members: ${allowed}.`);
  }
  if (!includeUnknown && isEvolvableMember(enumType, member)) {
    // graph-api §2.7: members after unknownFutureValue need Prefer: include-unknown-enum-members.
    throw filterError(
      `'${member}' is an evolvable member of ${enumType.name}`,
      token.position,
      "Send the header 'Prefer: include-unknown-enum-members' to use it.",
    );
  }
  return { kind: 'enum', value: member };
}

/** microsoft.graph.x matches itself and any dot-suffix of itself (graph.x, x): aliases and short forms. */
function sameEnumType(written: string, declared: string): boolean {
  return written === declared || declared.endsWith(`.${written}`);
}

function expected(target: LiteralTarget): string {
  switch (target.kind) {
    case 'boolean':
      return 'a Boolean (true or false, without quotes)';
    case 'string':
      return 'a string in single quotes';
    case 'int64':
      return 'a whole number (Int64)';
    case 'dateTimeOffset':
      return 'a dateTimeOffset such as 2026-01-01T00:00:00Z (without quotes)';
    case 'guid':
      return 'a GUID such as 01234567-89ab-cdef-0123-456789abcdef (without quotes)';
    case 'enum':
      return `a ${target.enum?.name ?? 'enum'} member in single quotes`;
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'string':
      return `the string ${token.text}`;
    case 'integer':
      return `the number ${token.text}`;
    case 'dateTimeOffset':
      return `the dateTimeOffset ${token.text}`;
    case 'guid':
      return `the GUID ${token.text}`;
    case 'enum':
      return `the enum value ${token.text}`;
    case 'identifier': {
      const word = token.value.toLowerCase();
      if (word === 'true' || word === 'false') return `the Boolean ${token.text}`;
      return `the name '${token.text}'`;
    }
    default:
      return `'${token.text}'`;
  }
}
