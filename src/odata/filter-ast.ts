// The $filter syntax tree: plain frozen data with `kind` tags, shared by the evaluator and SQL translator.

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** A literal after validation against the property it is compared with. */
export type Literal =
  | { readonly kind: 'null' }
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** Original text, even for case-insensitive properties: consumers lower-case. */
  | { readonly kind: 'string'; readonly value: string }
  /** Bare member name; a qualified literal microsoft.graph.x'member' is normalised to 'member'. */
  | { readonly kind: 'enum'; readonly value: string }
  /** A safe integer (Int64 beyond ±2^53 is refused). */
  | { readonly kind: 'int64'; readonly value: number }
  /** Canonical UTC 'YYYY-MM-DDTHH:MM:SS.fffffffZ' (7 fractional digits): compares as text. */
  | { readonly kind: 'dateTimeOffset'; readonly value: string }
  /** Lower-case 8-4-4-4-12 form. */
  | { readonly kind: 'guid'; readonly value: string };

export interface CompareNode {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly property: string;
  readonly value: Literal;
}

export interface InNode {
  readonly kind: 'in';
  readonly property: string;
  readonly values: readonly Literal[];
}

export interface StartsWithNode {
  readonly kind: 'startswith';
  readonly property: string;
  readonly prefix: string;
}

export interface AnyNode {
  readonly kind: 'any';
  readonly property: string;
  /** The range variable's name as written; null with `prop/any()`. */
  readonly variable: string | null;
  /** null for `prop/any()`: true when the collection is non-empty. */
  readonly predicate: ElementNode | null;
}

export interface AndNode<N> {
  readonly kind: 'and';
  readonly left: N;
  readonly right: N;
}
export interface OrNode<N> {
  readonly kind: 'or';
  readonly left: N;
  readonly right: N;
}
export interface NotNode<N> {
  readonly kind: 'not';
  readonly operand: N;
}

export type FilterNode = CompareNode | InNode | StartsWithNode | AnyNode | AndNode<FilterNode> | OrNode<FilterNode> | NotNode<FilterNode>;

/** Inside a lambda only the range variable can be tested, so element nodes carry no property. */
export interface ElementCompareNode {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly value: Literal;
}
export interface ElementInNode {
  readonly kind: 'in';
  readonly values: readonly Literal[];
}
export interface ElementStartsWithNode {
  readonly kind: 'startswith';
  readonly prefix: string;
}

export type ElementNode = ElementCompareNode | ElementInNode | ElementStartsWithNode | AndNode<ElementNode> | OrNode<ElementNode> | NotNode<ElementNode>;

/** Freezes a freshly built tree in place, all the way down. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value as Readonly<Record<string, unknown>>)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
