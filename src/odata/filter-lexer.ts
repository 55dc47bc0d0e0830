// Splits a $filter expression into tokens by scanning characters once (no regular expressions).

import { filterError } from './odata-error.js';
import { parseDateTimeOffset } from './date-time-offset.js';

export type TokenKind = 'identifier' | 'string' | 'integer' | 'dateTimeOffset' | 'guid' | 'enum' | 'open' | 'close' | 'comma' | 'slash' | 'colon' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier text, unescaped string, integer digits, canonical date, lower-case GUID, or enum member. */
  readonly value: string;
  /** The source text of the token, for messages. */
  readonly text: string;
  /** 1-based position of the token's first character. */
  readonly position: number;
  /** The qualified type name of an enum literal such as microsoft.graph.featureType'reset'. */
  readonly typeName?: string;
}

const PUNCTUATION: Readonly<Record<string, TokenKind>> = { '(': 'open', ')': 'close', ',': 'comma', '/': 'slash', ':': 'colon' };

export function tokenize(text: string): readonly Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i += 1;
      continue;
    }
    const token = readToken(text, i);
    tokens.push(token);
    i += token.text.length;
  }
  tokens.push({ kind: 'end', value: '', text: '', position: text.length + 1 });
  return tokens;
}

function readToken(text: string, i: number): Token {
  const ch = text[i] ?? '';
  const punct = PUNCTUATION[ch];
  if (punct !== undefined) return { kind: punct, value: ch, text: ch, position: i + 1 };
  if (ch === "'") {
    const { value, end } = readString(text, i);
    return { kind: 'string', value, text: text.slice(i, end), position: i + 1 };
  }
  if (isHex(text.charCodeAt(i)) && isGuidAt(text, i)) {
    const raw = text.slice(i, i + 36);
    return { kind: 'guid', value: raw.toLowerCase(), text: raw, position: i + 1 };
  }
  if (isDigit(text.charCodeAt(i)) || (ch === '-' && isDigit(text.charCodeAt(i + 1)))) return readNumber(text, i);
  if (isIdentStart(text.charCodeAt(i))) return readIdentifier(text, i);
  throw filterError(`unexpected character ${describeChar(text, i)}`, i + 1);
}

/** A quoted literal; '' inside stands for one quote (OData ABNF SQUOTE-in-string). */
function readString(text: string, start: number): { value: string; end: number } {
  let value = '';
  let from = start + 1;
  for (;;) {
    const close = text.indexOf("'", from);
    if (close < 0) throw filterError('unterminated string literal (a closing quote is missing)', start + 1);
    value += text.slice(from, close);
    if (text[close + 1] !== "'") return { value, end: close + 1 };
    value += "'";
    from = close + 2;
  }
}

function readNumber(text: string, start: number): Token {
  let i = start + (text[start] === '-' ? 1 : 0);
  const digitsStart = i;
  while (isDigit(text.charCodeAt(i))) i += 1;
  if (text[start] !== '-' && i - digitsStart === 4 && text[i] === '-') return readDateTime(text, start);
  if (text[i] === '.' && isDigit(text.charCodeAt(i + 1))) {
    throw filterError('decimal numbers are not supported; only whole numbers (Int64) are', start + 1);
  }
  if (isIdentPart(text.charCodeAt(i))) {
    throw filterError(`unexpected character ${describeChar(text, i)} after a number`, i + 1);
  }
  const raw = text.slice(start, i);
  return { kind: 'integer', value: raw, text: raw, position: start + 1 };
}

function readDateTime(text: string, start: number): Token {
  let i = start;
  while (i < text.length && isDateTimeChar(text.charCodeAt(i))) i += 1;
  const raw = text.slice(start, i);
  const parsed = parseDateTimeOffset(raw);
  if (!parsed.ok) throw filterError(`invalid dateTimeOffset literal '${raw}': ${parsed.reason}`, start + 1);
  return { kind: 'dateTimeOffset', value: parsed.value, text: raw, position: start + 1 };
}

/** name(.name)* and, when a quote follows at once, a qualified enum literal ns.type'member'. */
function readIdentifier(text: string, start: number): Token {
  let i = start + 1;
  for (;;) {
    while (isIdentPart(text.charCodeAt(i))) i += 1;
    if (text[i] !== '.' || !isIdentStart(text.charCodeAt(i + 1))) break;
    i += 2;
  }
  const name = text.slice(start, i);
  if (text[i] !== "'") return { kind: 'identifier', value: name, text: name, position: start + 1 };
  const { value, end } = readString(text, i);
  return { kind: 'enum', value, typeName: name, text: text.slice(start, end), position: start + 1 };
}

/** 8-4-4-4-12 hex digits not followed by an identifier character. Fixed length, so O(1). */
function isGuidAt(text: string, i: number): boolean {
  if (i + 36 > text.length || isIdentPart(text.charCodeAt(i + 36))) return false;
  for (let k = 0; k < 36; k += 1) {
    const c = text.charCodeAt(i + k);
    const ok = k === 8 || k === 13 || k === 18 || k === 23 ? c === 45 : isHex(c);
    if (!ok) return false;
  }
  return true;
}

function describeChar(text: string, i: number): string {
  const cp = text.codePointAt(i) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return cp < 32 || cp === 127 ? `U+${hex}` : `'${String.fromCodePoint(cp)}'`;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}
/** Digits, T/t, Z/z, ':', '.', '+', '-': everything a dateTimeOffset literal can contain. */
function isDateTimeChar(c: number): boolean {
  return isDigit(c) || c === 84 || c === 116 || c === 90 || c === 122 || c === 58 || c === 46 || c === 43 || c === 45;
}
