// Builds the Edm model of one API version from what amr serves: the operations table's paths
// (singleton, contained navigations, bound functions and their overloads), the query descriptors
// of entities.ts, amr's enums, and types.ts for the rest. Only the types those reach are declared.
import type { EntityCapabilities, PropertyCapability } from '../../odata/capabilities.js';
import {
  credentialUsageSummaryEntity,
  credentialUserRegistrationDetailsEntity,
  passwordResetsSummaryEntity,
  registrationDetailsEntity,
  userCredentialUsageDetailsEntity,
  userEventsSummaryEntity,
  type ApiVersion,
} from '../entities.js';
import type { Operation, ParameterSpec } from '../operation.js';
import { OPERATIONS } from '../operations.js';
import {
  aliased,
  localName,
  NAMESPACE,
  type EdmEnum,
  type EdmFunction,
  type EdmModel,
  type EdmNavigation,
  type EdmProperty,
  type EdmStructuredType,
} from './edm.js';
import { COMPLEX_TYPES, ENTITY_TYPES, ENUM_VALUES, ENUMS, FUNCTIONS, NAVIGATIONS, SINGLETONS } from './types.js';

/** Edm types of the descriptors' kinds; enums are named by the property's own enum. */
const EDM: Readonly<Record<PropertyCapability['type'], string | null>> = {
  boolean: 'Edm.Boolean',
  string: 'Edm.String',
  int64: 'Edm.Int64',
  dateTimeOffset: 'Edm.DateTimeOffset',
  guid: 'Edm.Guid',
  stringCollection: 'Edm.String',
  enum: null,
  enumCollection: null,
};

function descriptors(version: ApiVersion): ReadonlyMap<string, EntityCapabilities> {
  const all = [
    registrationDetailsEntity[version],
    passwordResetsSummaryEntity,
    credentialUserRegistrationDetailsEntity,
    credentialUsageSummaryEntity,
    userEventsSummaryEntity,
    userCredentialUsageDetailsEntity,
  ];
  return new Map(all.map((e) => [localName(e.typeName), e]));
}

function fromCapability(prop: PropertyCapability): EdmProperty {
  const collection = prop.type === 'stringCollection' || prop.type === 'enumCollection';
  if (prop.enum !== undefined) {
    const known = ENUMS.get(localName(prop.enum));
    // One list of members per enum: a descriptor's copy must agree with enums.ts.
    if (known === undefined || known.members.join() !== prop.enum.members.join()) throw new Error(`$metadata: enum ${prop.enum.name} differs from enums.ts`);
    return { name: prop.name, type: aliased(prop.enum.name), nullable: prop.nullable, collection };
  }
  const type = EDM[prop.type];
  if (type === null) throw new Error(`$metadata: the enum property ${prop.name} names no enum`);
  return { name: prop.name, type, nullable: prop.nullable, collection };
}

const byName = <T extends { readonly name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** What the operations table reaches in one version: navigations per type, and the bound functions. */
interface Reach {
  readonly navigations: Map<string, Map<string, EdmNavigation>>;
  readonly functions: EdmFunction[];
}

function parameterOf(spec: ParameterSpec, required: readonly string[], nonUnicode: readonly string[]) {
  return {
    name: spec.name,
    type: spec.type === 'string' ? 'Edm.String' : aliased(spec.type),
    collection: false,
    nullable: !required.includes(spec.name),
    ...(nonUnicode.includes(spec.name) ? { unicode: false as const } : {}),
  };
}

function boundFunctions(name: string, overloads: readonly (readonly ParameterSpec[])[], bindingType: string): EdmFunction[] {
  const sig = FUNCTIONS.get(name);
  if (sig === undefined) throw new Error(`$metadata: no signature for the function ${name} (graph/metadata/types.ts)`);
  return overloads.map((params) => ({
    name,
    composable: true,
    parameters: [
      { name: sig.bindingParameter, type: `graph.${bindingType}`, collection: false, nullable: true },
      ...params.map((s) => parameterOf(s, sig.required, sig.nonUnicode ?? [])),
    ],
    returnType: { type: `graph.${sig.returnType}`, collection: sig.collection, nullable: false },
  }));
}

function walk(op: Operation, reach: Reach): void {
  const [first, ...rest] = op.path;
  let current = first?.kind === 'name' ? SINGLETONS.get(first.name) : undefined;
  if (current === undefined) throw new Error(`$metadata: ${op.id} does not start at a singleton`);
  for (const segment of rest) {
    if (segment.kind === 'key' || (segment.kind === 'name' && segment.name.startsWith('$'))) continue;
    if (segment.kind === 'function') {
      if (!reach.functions.some((f) => f.name === segment.name)) reach.functions.push(...boundFunctions(segment.name, segment.overloads, current));
      return;
    }
    const nav = NAVIGATIONS.get(segment.name);
    if (nav === undefined) throw new Error(`$metadata: no type for the navigation ${segment.name} (graph/metadata/types.ts)`);
    const navs = reach.navigations.get(current) ?? new Map<string, EdmNavigation>();
    navs.set(segment.name, { name: segment.name, type: `graph.${nav.type}`, collection: nav.collection, containsTarget: true });
    reach.navigations.set(current, navs);
    current = nav.type;
  }
}

/** Declared types, enums included, that a type reference names (graph.x → x). */
const local = (type: string): string | null => (type.startsWith('graph.') ? type.slice('graph.'.length) : null);

function structured(name: string, version: ApiVersion, reach: Reach): { kind: 'entity' | 'complex'; type: EdmStructuredType } {
  const navigations = [...(reach.navigations.get(name)?.values() ?? [])].sort(byName);
  const descriptor = descriptors(version).get(name);
  if (descriptor !== undefined) {
    const properties = descriptor.properties
      .filter((p) => p.name !== 'id')
      .map(fromCapability)
      .sort(byName);
    return { kind: 'entity', type: { name, baseType: 'graph.entity', abstract: false, key: [], properties, navigations } };
  }
  const complex = COMPLEX_TYPES.get(name);
  if (complex !== undefined) return { kind: 'complex', type: { name, ...complex, navigations } };
  const body = ENTITY_TYPES.get(name);
  if (body === undefined) throw new Error(`$metadata: no definition for the type ${name}`);
  return { kind: 'entity', type: { name, ...body, navigations } };
}

function enumOf(name: string): EdmEnum {
  const en = ENUMS.get(name)!;
  const values = ENUM_VALUES[name] ?? {};
  return { name, members: en.members.map((m, i) => [m, values[m] ?? i] as const) };
}

export function buildModel(version: ApiVersion): EdmModel {
  const reach: Reach = { navigations: new Map(), functions: [] };
  for (const op of OPERATIONS) if (op.versions.includes(version)) walk(op, reach);
  const entities = new Map<string, EdmStructuredType>();
  const complexes = new Map<string, EdmStructuredType>();
  const enums = new Map<string, EdmEnum>();
  const pending = [...SINGLETONS.values(), ...reach.functions.flatMap((f) => [...f.parameters, f.returnType].map((t) => t.type))].map((t) => local(t) ?? t);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (name.startsWith('Edm.') || entities.has(name) || complexes.has(name) || enums.has(name)) continue;
    if (ENUMS.has(name)) {
      enums.set(name, enumOf(name));
      continue;
    }
    const { kind, type } = structured(name, version, reach);
    (kind === 'entity' ? entities : complexes).set(name, type);
    for (const ref of [type.baseType, ...type.properties.map((p) => p.type), ...type.navigations.map((n) => n.type)]) {
      const next = ref === null ? null : local(ref);
      if (next !== null) pending.push(next);
    }
  }
  return {
    enums: [...enums.values()].sort(byName),
    complexTypes: [...complexes.values()].sort(byName),
    entityTypes: [...entities.values()].sort(byName),
    functions: [...reach.functions].sort(byName),
    singletons: [...SINGLETONS].map(([name, type]) => ({ name, type: `${NAMESPACE}.${type}` })),
  };
}

const models = new Map<ApiVersion, EdmModel>();

/** The model of one version, built once (the operations table is fixed at start-up). */
export function modelOf(version: ApiVersion): EdmModel {
  let model = models.get(version);
  if (model === undefined) {
    model = buildModel(version);
    models.set(version, model);
  }
  return model;
}
