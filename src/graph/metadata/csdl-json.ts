// Writes an Edm model as a CSDL JSON document (OData CSDL JSON Format 4.01), the same model as
// csdl-xml.ts: $Version "4.0" because every construct is OData 4.0's. Defaults differ from XML:
// in JSON, $Nullable is false unless written, and an Edm.String $Type is left out. A collection
// gets no $Nullable: in CSDL XML 4.0 a collection without Nullable leaves its items' nullability
// unspecified (CSDL XML 4.01 §7.2.1), and the OASIS converter writes none for it.
import {
  aliased,
  ALIAS,
  CONTAINER,
  NAMESPACE,
  type EdmEnum,
  type EdmFunction,
  type EdmModel,
  type EdmParameter,
  type EdmStructuredType,
  type TypeRef,
} from './edm.js';

type Json = Readonly<Record<string, unknown>>;

/** $Collection, $Type and the facets of a typed element, in the order the OASIS converter writes them. */
function typed(t: TypeRef & { readonly nullable?: boolean }, extra: Json = {}): Json {
  return {
    ...(t.collection ? { $Collection: true } : {}),
    ...(t.type === 'Edm.String' ? {} : { $Type: t.type }),
    ...(t.nullable === true && !t.collection ? { $Nullable: true } : {}),
    // CSDL XML 4.0: a DateTimeOffset without Precision has precision 0; JSON must say so.
    ...(t.type === 'Edm.DateTimeOffset' ? { $Precision: 0 } : {}),
    ...extra,
  };
}

function enumType(e: EdmEnum): Json {
  return { $Kind: 'EnumType', ...Object.fromEntries(e.members) };
}

function structuredType(kind: 'EntityType' | 'ComplexType', t: EdmStructuredType): Json {
  return {
    $Kind: kind,
    ...(t.baseType === null ? {} : { $BaseType: t.baseType }),
    ...(t.abstract ? { $Abstract: true } : {}),
    ...(t.key.length > 0 ? { $Key: t.key } : {}),
    ...Object.fromEntries(t.properties.map((p) => [p.name, typed(p)])),
    ...Object.fromEntries(
      t.navigations.map((n) => [
        n.name,
        {
          $Kind: 'NavigationProperty',
          // A single-valued navigation is nullable unless declared otherwise (CSDL XML default).
          ...typed({ ...n, nullable: !n.collection }),
          ...(n.containsTarget ? { $ContainsTarget: true } : {}),
        },
      ]),
    ),
  };
}

function parameter(p: EdmParameter): Json {
  return { $Name: p.name, ...typed(p, p.unicode === false ? { $Unicode: false } : {}) };
}

function functionOverload(f: EdmFunction): Json {
  return {
    $Kind: 'Function',
    $IsBound: true,
    ...(f.composable ? { $IsComposable: true } : {}),
    $Parameter: f.parameters.map(parameter),
    $ReturnType: typed(f.returnType),
  };
}

export function csdlJson(model: EdmModel): Json {
  const functions = new Map<string, Json[]>();
  for (const f of model.functions) functions.set(f.name, [...(functions.get(f.name) ?? []), functionOverload(f)]);
  return {
    $Version: '4.0',
    [NAMESPACE]: {
      $Alias: ALIAS,
      ...Object.fromEntries(model.enums.map((e) => [e.name, enumType(e)])),
      ...Object.fromEntries(model.complexTypes.map((t) => [t.name, structuredType('ComplexType', t)])),
      ...Object.fromEntries(model.entityTypes.map((t) => [t.name, structuredType('EntityType', t)])),
      ...Object.fromEntries(functions),
      [CONTAINER]: { $Kind: 'EntityContainer', ...Object.fromEntries(model.singletons.map((s) => [s.name, { $Type: aliased(s.type) }])) },
    },
    $EntityContainer: `${NAMESPACE}.${CONTAINER}`,
  };
}
