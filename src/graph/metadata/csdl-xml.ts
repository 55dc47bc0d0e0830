// Writes an Edm model as an OData 4.0 CSDL XML document (EDMX), in the layout of Microsoft's own
// schemas/v1.0-Prod.csdl: enums, complex types, entity types, functions, then the container.
import { ALIAS, CONTAINER, NAMESPACE, type EdmEnum, type EdmFunction, type EdmModel, type EdmStructuredType, type TypeRef } from './edm.js';

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function attrs(pairs: readonly (readonly [string, string | undefined])[]): string {
  return pairs
    .filter((p): p is readonly [string, string] => p[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escape(v)}"`)
    .join('');
}

const typeName = (t: TypeRef): string => (t.collection ? `Collection(${t.type})` : t.type);
/** CSDL XML: Nullable defaults to true, so only false is written (as Microsoft does). */
const nullable = (n: boolean): string | undefined => (n ? undefined : 'false');

function enumType(e: EdmEnum): string[] {
  return [
    `<EnumType${attrs([['Name', e.name]])}>`,
    ...e.members.map(
      ([m, v]) =>
        `  <Member${attrs([
          ['Name', m],
          ['Value', String(v)],
        ])} />`,
    ),
    '</EnumType>',
  ];
}

function structuredType(kind: 'EntityType' | 'ComplexType', t: EdmStructuredType): string[] {
  const head = `<${kind}${attrs([
    ['Name', t.name],
    ['BaseType', t.baseType ?? undefined],
    ['Abstract', t.abstract ? 'true' : undefined],
  ])}`;
  const body = [
    ...(t.key.length > 0 ? ['  <Key>', ...t.key.map((k) => `    <PropertyRef${attrs([['Name', k]])} />`), '  </Key>'] : []),
    ...t.properties.map(
      (p) =>
        `  <Property${attrs([
          ['Name', p.name],
          ['Type', typeName(p)],
          ['Nullable', nullable(p.nullable)],
        ])} />`,
    ),
    ...t.navigations.map(
      (n) =>
        `  <NavigationProperty${attrs([
          ['Name', n.name],
          ['Type', typeName(n)],
          ['ContainsTarget', n.containsTarget ? 'true' : undefined],
        ])} />`,
    ),
  ];
  return body.length === 0 ? [`${head} />`] : [`${head}>`, ...body, `</${kind}>`];
}

function functionType(f: EdmFunction): string[] {
  return [
    `<Function${attrs([
      ['Name', f.name],
      ['IsBound', 'true'],
      ['IsComposable', f.composable ? 'true' : undefined],
    ])}>`,
    ...f.parameters.map(
      (p) =>
        `  <Parameter${attrs([
          ['Name', p.name],
          ['Type', typeName(p)],
          ['Nullable', nullable(p.nullable)],
          ['Unicode', p.unicode === false ? 'false' : undefined],
        ])} />`,
    ),
    `  <ReturnType${attrs([
      ['Type', typeName(f.returnType)],
      ['Nullable', nullable(f.returnType.nullable)],
    ])} />`,
    '</Function>',
  ];
}

export function csdlXml(model: EdmModel): string {
  const schema = [
    ...model.enums.flatMap(enumType),
    ...model.complexTypes.flatMap((t) => structuredType('ComplexType', t)),
    ...model.entityTypes.flatMap((t) => structuredType('EntityType', t)),
    ...model.functions.flatMap(functionType),
    `<EntityContainer${attrs([['Name', CONTAINER]])}>`,
    ...model.singletons.map(
      (s) =>
        `  <Singleton${attrs([
          ['Name', s.name],
          ['Type', s.type],
        ])} />`,
    ),
    '</EntityContainer>',
  ];
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '  <edmx:DataServices>',
    `    <Schema${attrs([
      ['Namespace', NAMESPACE],
      ['Alias', ALIAS],
      ['xmlns', 'http://docs.oasis-open.org/odata/ns/edm'],
    ])}>`,
    ...schema.map((line) => `      ${line}`),
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}
