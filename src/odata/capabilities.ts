// Capability descriptors: what an entity's properties are and which query operations each one allows.

export type EdmKind = 'boolean' | 'string' | 'enum' | 'int64' | 'dateTimeOffset' | 'guid' | 'stringCollection' | 'enumCollection';

export type FilterOp = 'eq' | 'ne' | 'in' | 'gt' | 'ge' | 'lt' | 'le' | 'startswith' | 'any';

/** Operators that may be applied to the range variable inside `prop/any(x: …)`. */
export type ElementFilterOp = 'eq' | 'ne' | 'in' | 'startswith';

export interface EnumType {
  /** Qualified name, e.g. microsoft.graph.signInUserType. */
  readonly name: string;
  /** CSDL order, including unknownFutureValue; members after it are evolvable (graph-api §2.7). */
  readonly members: readonly string[];
}

export interface PropertyCapability {
  /** Wire name, matched case-sensitively as OData requires. */
  readonly name: string;
  readonly type: EdmKind;
  /** The enum (or the element enum of an enumCollection). */
  readonly enum?: EnumType;
  readonly nullable: boolean;
  /** Operators allowed in $filter; empty means the property can't be filtered. */
  readonly filter: readonly FilterOp[];
  /** For collections with 'any': what the lambda may do with its range variable; default eq, in. */
  readonly elementFilter?: readonly ElementFilterOp[];
  readonly orderby: boolean;
  /** String eq/startswith/ordering compare case-insensitively (graph-api §3.1: userPrincipalName). */
  readonly caseInsensitive?: boolean;
  /**
   * The values that are GUIDs are stored in lower case (object ids), so a GUID literal compared
   * with the property is lower-cased when bound: it matches in any case, in SQL and in memory alike.
   */
  readonly lowerCaseGuids?: boolean;
}

export interface EntityCapabilities {
  /** Qualified type name, e.g. microsoft.graph.userRegistrationDetails. */
  readonly typeName: string;
  readonly properties: readonly PropertyCapability[];
}

export const DEFAULT_ELEMENT_FILTER: readonly ElementFilterOp[] = Object.freeze(['eq', 'in']);

const OPS_BY_KIND: Readonly<Record<EdmKind, readonly FilterOp[]>> = {
  boolean: ['eq', 'ne', 'in'],
  string: ['eq', 'ne', 'in', 'gt', 'ge', 'lt', 'le', 'startswith'],
  // Enum ordering would need CSDL values, which SQL stores don't keep: refuse it up front.
  enum: ['eq', 'ne', 'in'],
  int64: ['eq', 'ne', 'in', 'gt', 'ge', 'lt', 'le'],
  dateTimeOffset: ['eq', 'ne', 'in', 'gt', 'ge', 'lt', 'le'],
  guid: ['eq', 'ne', 'in'],
  stringCollection: ['any'],
  enumCollection: ['any'],
};

const lookups = new WeakMap<EntityCapabilities, ReadonlyMap<string, PropertyCapability>>();

/** The property with exactly this name, or undefined. */
export function propertyOf(entity: EntityCapabilities, name: string): PropertyCapability | undefined {
  let map = lookups.get(entity);
  if (map === undefined) {
    map = new Map(entity.properties.map((p) => [p.name, p]));
    lookups.set(entity, map);
  }
  return map.get(name);
}

/** "Could not find a property named …" (ODL's wording) and, when only the case is wrong, a hint. */
export function unknownProperty(entity: EntityCapabilities, name: string): { readonly what: string; readonly hint: string } {
  const lower = name.toLowerCase();
  const near = entity.properties.find((p) => p.name.toLowerCase() === lower);
  return {
    what: `Could not find a property named '${name}' on type '${entity.typeName}'`,
    hint: near === undefined ? '' : `Did you mean '${near.name}'? Property names are case-sensitive.`,
  };
}

export function isCollection(type: EdmKind): type is 'stringCollection' | 'enumCollection' {
  return type === 'stringCollection' || type === 'enumCollection';
}

/** True for members declared after unknownFutureValue (graph-api §2.7). */
export function isEvolvableMember(enumType: EnumType, member: string): boolean {
  const sentinel = enumType.members.indexOf('unknownFutureValue');
  return sentinel >= 0 && enumType.members.indexOf(member) > sentinel;
}

/** The members a caller may name, given whether it sent Prefer: include-unknown-enum-members. */
export function usableMembers(enumType: EnumType, includeUnknown: boolean): readonly string[] {
  return includeUnknown ? enumType.members : enumType.members.filter((m) => !isEvolvableMember(enumType, m));
}

/** Checks a descriptor for contradictions (a programming error, so a plain Error) and freezes it. */
export function defineEntity(entity: EntityCapabilities): EntityCapabilities {
  const seen = new Set<string>();
  for (const p of entity.properties) {
    if (seen.has(p.name)) throw new Error(`${entity.typeName}: property '${p.name}' is declared twice`);
    seen.add(p.name);
    checkProperty(entity.typeName, p);
  }
  return Object.freeze({
    typeName: entity.typeName,
    properties: Object.freeze(entity.properties.map(freezeProperty)),
  });
}

function checkProperty(typeName: string, p: PropertyCapability): void {
  const where = `${typeName}.${p.name}`;
  const needsEnum = p.type === 'enum' || p.type === 'enumCollection';
  if (needsEnum !== (p.enum !== undefined)) throw new Error(`${where}: enum is required exactly for enum types`);
  const bad = p.filter.filter((op) => !OPS_BY_KIND[p.type].includes(op));
  if (bad.length > 0) throw new Error(`${where}: ${bad.join(', ')} not possible on ${p.type}`);
  if (p.orderby && isCollection(p.type)) throw new Error(`${where}: collections can't be ordered`);
  // Collections compare their elements exactly: the SQL bitmask can't fold case.
  if (p.caseInsensitive === true && p.type !== 'string') throw new Error(`${where}: caseInsensitive is for strings`);
  if (p.lowerCaseGuids === true && p.type !== 'string') throw new Error(`${where}: lowerCaseGuids is for strings`);
  if (p.elementFilter !== undefined) {
    if (!isCollection(p.type)) throw new Error(`${where}: elementFilter is for collections`);
    if (p.type === 'enumCollection' && p.elementFilter.includes('startswith')) {
      throw new Error(`${where}: startswith is not possible on enum elements`);
    }
  }
}

function freezeProperty(p: PropertyCapability): PropertyCapability {
  const e = p.enum === undefined ? undefined : Object.freeze({ name: p.enum.name, members: Object.freeze([...p.enum.members]) });
  return Object.freeze({
    ...p,
    ...(e === undefined ? {} : { enum: e }),
    filter: Object.freeze([...p.filter]),
    ...(p.elementFilter === undefined ? {} : { elementFilter: Object.freeze([...p.elementFilter]) }),
  });
}
