// Parses a Graph resource path into segments, including OData function-call syntax
// (graph-api §2.8): name(), name(p='v',q=ns.enumType'v'), namespace-qualified names, keys.
import { badRequest } from './errors.js';

export type ParamLiteral =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'enum'; readonly type: string; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' };

export interface PathSegment {
  /** The segment as written (decoded), for error messages. */
  readonly text: string;
  /** The identifier before any parentheses, namespace removed ("microsoft.graph." prefix). */
  readonly name: string;
  /** Function arguments or a key: null when the segment has no parentheses. */
  readonly args: ReadonlyMap<string, ParamLiteral> | null;
  /** The key in `set('key')` form, when the parentheses held a single literal. */
  readonly key: string | null;
}

const NAMESPACE = /^microsoft\.graph\./i;

function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i++;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += text[i];
  }
  throw badRequest(`Unterminated string literal in '${text}'.`);
}

function readLiteral(text: string, start: number): { literal: ParamLiteral; end: number } {
  if (text[start] === "'") {
    const q = readQuoted(text, start);
    return { literal: { kind: 'string', value: q.value }, end: q.end };
  }
  let end = start;
  while (end < text.length && text[end] !== ',' && text[end] !== ')' && text[end] !== "'") end++;
  const word = text.slice(start, end);
  if (text[end] === "'") {
    // Qualified enum literal: microsoft.graph.includedUserTypes'all'
    const q = readQuoted(text, end);
    return { literal: { kind: 'enum', type: word, value: q.value }, end: q.end };
  }
  if (word === 'true' || word === 'false') return { literal: { kind: 'boolean', value: word === 'true' }, end };
  if (word === 'null') return { literal: { kind: 'null' }, end };
  if (/^-?\d+(\.\d+)?$/.test(word)) return { literal: { kind: 'number', value: Number(word) }, end };
  if (word.startsWith('@')) throw badRequest(`Parameter aliases such as '${word}' are not supported; write the value in the URL.`);
  throw badRequest(`Invalid literal '${word}' in '${text}': quote string and enum values, e.g. '${word}'.`);
}

function parseArgs(segment: string, inner: string): { args: Map<string, ParamLiteral>; key: string | null } {
  const args = new Map<string, ParamLiteral>();
  let i = 0;
  if (inner.trim() === '') return { args, key: null };
  if (inner.startsWith("'")) {
    const q = readQuoted(inner, 0);
    if (q.end !== inner.length) throw badRequest(`Unexpected text after the key in '${segment}'.`);
    return { args, key: q.value };
  }
  while (i < inner.length) {
    const eq = inner.indexOf('=', i);
    if (eq < 0) throw badRequest(`Invalid function parameters in '${segment}': expected name=value pairs separated by commas.`);
    const name = inner.slice(i, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw badRequest(`Invalid parameter name '${name}' in '${segment}'.`);
    if (args.has(name)) throw badRequest(`The parameter '${name}' appears more than once in '${segment}'.`);
    let at = eq + 1;
    while (inner[at] === ' ') at++;
    const { literal, end } = readLiteral(inner, at);
    args.set(name, literal);
    i = end;
    while (inner[i] === ' ') i++;
    if (i < inner.length) {
      if (inner[i] !== ',') throw badRequest(`Invalid function parameters in '${segment}': expected ',' after '${name}'.`);
      i++;
    }
  }
  return { args, key: null };
}

export function parseSegment(raw: string): PathSegment {
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    throw badRequest(`The path segment '${raw}' is not valid percent-encoding.`);
  }
  const open = text.indexOf('(');
  if (open < 0) return { text, name: text.replace(NAMESPACE, ''), args: null, key: null };
  if (!text.endsWith(')')) throw badRequest(`Unbalanced parentheses in the path segment '${text}'.`);
  const name = text.slice(0, open).replace(NAMESPACE, '');
  const { args, key } = parseArgs(text, text.slice(open + 1, -1));
  return { text, name, args, key };
}

/** Splits the path after the version root; an empty path gives no segments. */
export function parsePath(path: string): PathSegment[] {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map(parseSegment);
}
