// amr's CSDL against Microsoft's: both documents parsed by an independent parser (the OASIS
// odata-csdl converter), compared type by type with the slices of Microsoft's CSDL in
// ../shared/spec/graph-csdl, and amr's own JSON CSDL compared with the parser's reading of its XML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ApiVersion } from '../entities.js';
import { csdlDocument } from '../handlers/metadata-document.js';

type Json = Record<string, unknown>;
type Csdl = Record<string, Json | string>;
const { xml2json } = createRequire(import.meta.url)('odata-csdl') as {
  xml2json: (xml: string, options: { strict: boolean; messages: unknown[] }) => Csdl;
};

// The repository's copy of the reference slices (spec/graph-csdl/README.md): the comparison runs wherever the repo does.
const SLICES = fileURLToPath(new URL('../../../spec/graph-csdl/', import.meta.url));

interface SliceType {
  abstract: boolean;
  baseType: string | null;
  key: string[];
  openType: boolean;
  properties: Json;
  navigationProperties: Record<string, Json>;
}
interface Slice {
  enumTypes: Record<string, { isFlags: boolean; members: [string, string][] }>;
  complexTypes: Record<string, SliceType>;
  entityTypes: Record<string, SliceType>;
  functions: Json[];
  roots: Record<string, { baseType: string | null; navigationProperties: Record<string, { containsTarget: boolean; type: string }> }>;
  container: { kind: string; type: string };
}

const slice = (v: ApiVersion): Slice => JSON.parse(readFileSync(`${SLICES}model-${v}.json`, 'utf8')) as Slice;

/** amr's XML CSDL as the independent parser reads it, in the slices' shape. */
const shaped = (version: ApiVersion) => sliceShape(parsed(version), csdlDocument(version, 'xml'));

/** amr's XML CSDL as the independent parser reads it; strict: any schema error throws. */
function parsed(version: ApiVersion): Csdl {
  const messages: unknown[] = [];
  const json = xml2json(csdlDocument(version, 'xml'), { strict: true, messages });
  assert.deepEqual(messages, []);
  return json;
}

const typeOf = (m: Json): string => {
  const t = typeof m.$Type === 'string' ? m.$Type : 'Edm.String';
  return m.$Collection === true ? `Collection(${t})` : t;
};
const members = (t: Json): [string, Json][] => Object.entries(t).filter((e): e is [string, Json] => !e[0].startsWith('$'));

/**
 * Whether the XML declares a collection-valued property nullable. The parser cannot say: CSDL XML
 * 4.0 leaves a collection without Nullable unspecified, and it writes no $Nullable for either
 * spelling; the slices read the missing attribute as XML's default, true. So read the XML text.
 */
function collectionNullable(xml: string, type: string, property: string): boolean {
  const body = new RegExp(`<(Entity|Complex)Type Name="${type}"[^>]*>([\\s\\S]*?)</\\1Type>`).exec(xml)?.[2] ?? '';
  const line = new RegExp(`<Property Name="${property}" [^>]*/>`).exec(body)?.[0];
  assert.ok(line, `${type}/${property} in the XML`);
  return !line.includes('Nullable="false"');
}

/** A CSDL JSON schema in the slices' shape (the shape of ../shared/spec/graph-csdl/model-*.json). */
function sliceShape(csdl: Csdl, xml: string) {
  const schema = csdl['microsoft.graph'] as Json;
  const out = {
    enumTypes: {} as Json,
    complexTypes: {} as Json,
    entityTypes: {} as Record<string, SliceType & { contains: Json }>,
    functions: [] as Json[],
    singletons: {} as Json,
  };
  for (const [name, def] of Object.entries(schema)) {
    if (name.startsWith('$')) continue;
    if (Array.isArray(def)) {
      out.functions.push(
        ...(def as Json[]).map((f) => {
          const [binding, ...params] = f.$Parameter as Json[];
          const ret = f.$ReturnType as Json;
          return {
            bindingType: binding!.$Type,
            isBound: f.$IsBound === true,
            isComposable: f.$IsComposable === true,
            name,
            parameters: params.map((p) => ({ name: p.$Name, nullable: p.$Nullable === true, type: typeOf(p) })),
            returnNullable: ret.$Nullable === true,
            returnType: typeOf(ret),
          };
        }),
      );
      continue;
    }
    const d = def as Json;
    if (d.$Kind === 'EnumType') out.enumTypes[name] = { isFlags: d.$IsFlags === true, members: members(d).map(([m, v]) => [m, String(v)]) };
    if (d.$Kind === 'EntityContainer') for (const [n, s] of members(d)) out.singletons[n] = s.$Type;
    if (d.$Kind !== 'EntityType' && d.$Kind !== 'ComplexType') continue;
    const props = members(d).filter(([, m]) => m.$Kind === undefined);
    const navs = members(d).filter(([, m]) => m.$Kind === 'NavigationProperty');
    const shaped = {
      abstract: d.$Abstract === true,
      baseType: (d.$BaseType as string | undefined) ?? null,
      key: (d.$Key as string[] | undefined) ?? [],
      openType: d.$OpenType === true,
      properties: Object.fromEntries(
        props.map(([n, m]) => [
          n,
          {
            nullable: m.$Collection === true ? collectionNullable(xml, name, n) : m.$Nullable === true,
            type: typeOf(m),
          },
        ]),
      ),
      navigationProperties: Object.fromEntries(navs.map(([n, m]) => [n, { type: typeOf(m) }])),
      contains: Object.fromEntries(navs.map(([n, m]) => [n, m.$ContainsTarget === true])),
    };
    (d.$Kind === 'EntityType' ? out.entityTypes : out.complexTypes)[name] = shaped;
  }
  return out;
}

const sortedKeys = (o: object): string[] => Object.keys(o).sort();
const canonical = (fs: readonly Json[]): string[] => fs.map((f) => JSON.stringify(f, Object.keys(f).sort())).sort();

/** Throws unless amr's model matches Microsoft's slice for every type, enum and function amr declares. */
function compare(amr: ReturnType<typeof sliceShape>, ms: Slice, servedRootNavs: readonly string[]): void {
  assert.deepEqual(sortedKeys(amr.enumTypes), sortedKeys(ms.enumTypes), 'enum types');
  for (const [n, e] of Object.entries(ms.enumTypes)) assert.deepEqual(amr.enumTypes[n], e, `enum ${n}: members, values and order`);
  assert.deepEqual(sortedKeys(amr.complexTypes), sortedKeys(ms.complexTypes), 'complex types');
  for (const [n, t] of Object.entries(ms.complexTypes)) {
    const { contains: _, ...shaped } = amr.complexTypes[n] as SliceType & { contains: Json };
    assert.deepEqual(shaped, t, `complex type ${n}`);
  }
  assert.deepEqual(sortedKeys(amr.entityTypes), [...sortedKeys(ms.entityTypes), 'reportRoot'].sort(), 'entity types');
  for (const [n, t] of Object.entries(ms.entityTypes)) {
    const { contains, ...shaped } = amr.entityTypes[n]!;
    assert.deepEqual(shaped, t, `entity type ${n}: base, key, properties, types, nullability, navigations`);
    for (const nav of Object.keys(t.navigationProperties))
      assert.equal(contains[nav], ms.roots[n]?.navigationProperties[nav]?.containsTarget ?? false, `${n}/${nav} ContainsTarget`);
  }
  // reportRoot: only the navigations amr serves, each as Microsoft declares it.
  const root = amr.entityTypes.reportRoot!;
  assert.equal(root.baseType, ms.roots.reportRoot!.baseType);
  assert.deepEqual(root.key, []);
  assert.deepEqual(Object.keys(root.properties), []);
  assert.deepEqual(sortedKeys(root.navigationProperties), [...servedRootNavs]);
  for (const nav of servedRootNavs) {
    const want = ms.roots.reportRoot!.navigationProperties[nav]!;
    assert.deepEqual({ type: root.navigationProperties[nav]!.type, containsTarget: root.contains[nav] }, want, `reportRoot/${nav}`);
  }
  assert.deepEqual(canonical(amr.functions), canonical(ms.functions), 'functions: binding, IsComposable, parameters, return types, overloads');
  assert.deepEqual(amr.singletons, { reports: `graph.${ms.container.type.split('.').pop()}` }, 'the reports singleton');
  assert.equal(ms.container.kind, 'Singleton');
}

const ROOT_NAVS: Readonly<Record<ApiVersion, readonly string[]>> = {
  'v1.0': ['authenticationMethods'],
  beta: ['authenticationMethods', 'credentialUserRegistrationDetails', 'userCredentialUsageDetails'],
};

for (const version of ['v1.0', 'beta'] as const) {
  test(`${version} CSDL matches Microsoft's type by type`, () => {
    compare(shaped(version), slice(version), ROOT_NAVS[version]);
  });

  test(`${version} JSON CSDL is what the OASIS converter reads from the XML CSDL`, () => {
    assert.deepEqual(JSON.parse(csdlDocument(version, 'json')) as unknown, parsed(version));
  });
}

test("the comparison fails on a model that is not Microsoft's", () => {
  assert.throws(() => compare(shaped('v1.0'), slice('beta'), ROOT_NAVS.beta), /enum types/);
  const beta = shaped('beta');
  const changed = structuredClone(beta);
  (changed.enumTypes.signInUserType as { members: [string, string][] }).members.reverse();
  assert.throws(() => compare(changed, slice('beta'), ROOT_NAVS.beta), /signInUserType/);
});

test("binding parameter names are Microsoft's (graph-api §4.3)", () => {
  const xml = csdlDocument('beta', 'xml');
  for (const [fn, binding] of [
    ['usersRegisteredByFeature', 'bindingParameter'],
    ['userRegistrationActivity', 'bindingParameter'],
    ['getCredentialUsageSummary', 'reportRoot'],
    ['getCredentialUserRegistrationCount', 'reportRoot'],
  ] as const) {
    assert.match(xml, new RegExp(`<Function Name="${fn}" IsBound="true" IsComposable="true">\\s*<Parameter Name="${binding}" `), fn);
  }
  assert.match(xml, /<Parameter Name="period" Type="Edm.String" Nullable="false" Unicode="false" \/>/);
});
