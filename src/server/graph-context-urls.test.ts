// Every @odata.context amr sends names something its own $metadata declares: a type, a
// Collection of one, the reports singleton, or a path of contained navigations from it, with
// `/$entity` and a `$select` projection where given (OData 4.01 Part 1 §10). Sampled on every
// operation of the table, in both versions, over the fixture tenant and its activity.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiVersion } from '../graph/entities.js';
import { csdlDocument } from '../graph/handlers/metadata-document.js';
import type { Operation, SegmentPattern } from '../graph/operation.js';
import { OPERATIONS } from '../graph/operations.js';
import { FIXTURE_ACTIVITY } from '../test-support/fixture-activity.js';
import { FIXTURE_USERS, TENANT, serverWithToken, type TestServer } from '../test-support/fixture-tenant.js';

type Json = Record<string, unknown>;

let s: TestServer;
let token: string;

before(async () => {
  ({ s, token } = await serverWithToken());
  await s.store.appendActivity(TENANT, FIXTURE_ACTIVITY);
});
after(() => s.close());

async function get(url: string): Promise<{ status: number; body: Json | null }> {
  const r = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, prefer: 'include-unknown-enum-members' } });
  return { status: r.statusCode, body: String(r.headers['content-type']).startsWith('application/json') ? (r.json() as Json) : null };
}

const schemaOf = (version: ApiVersion): Json => (JSON.parse(csdlDocument(version, 'json')) as Json)['microsoft.graph'] as Json;

/** A declared structured type, by 'microsoft.graph.x' or 'graph.x'. */
function structured(schema: Json, qualified: string): Json {
  const type = schema[qualified.replace(/^(microsoft\.)?graph\./, '')] as Json | undefined;
  assert.ok(type && (type.$Kind === 'EntityType' || type.$Kind === 'ComplexType'), `no type ${qualified} in $metadata`);
  return type;
}

/** A member of a type or of its base types. */
function member(schema: Json, type: Json, name: string): Json | undefined {
  for (let t: Json | undefined = type; t !== undefined; t = typeof t.$BaseType === 'string' ? structured(schema, t.$BaseType) : undefined) {
    const m = t[name] as Json | undefined;
    if (m !== undefined) return m;
  }
  return undefined;
}

/** Throws unless the fragment resolves in the schema; returns what it names, for the record. */
function resolve(schema: Json, fragment: string): string {
  const collection = /^Collection\((microsoft\.graph\.\w+)\)$/.exec(fragment);
  if (collection) return `Collection of ${String(structured(schema, collection[1]!).$Kind)}`;
  if (/^microsoft\.graph\.\w+$/.test(fragment)) return String(structured(schema, fragment).$Kind);
  const entity = fragment.endsWith('/$entity');
  const [, path, projection] = /^([^()]*?)(?:\(([^()]*)\))?$/.exec(entity ? fragment.slice(0, -'/$entity'.length) : fragment) ?? [];
  assert.ok(path !== undefined, `unreadable fragment ${fragment}`);
  const [root, ...navs] = path.split('/');
  const container = schema.GraphService as Json;
  const singleton = container[root!] as Json | undefined;
  assert.ok(singleton && singleton.$Collection !== true, `${root} is not a singleton of the container`);
  let type = structured(schema, String(singleton.$Type));
  let many = false;
  for (const nav of navs) {
    const m = member(schema, type, nav);
    assert.equal(m?.$Kind, 'NavigationProperty', `${nav} is not a navigation property (in ${fragment})`);
    type = structured(schema, String(m!.$Type));
    many = m!.$Collection === true;
  }
  for (const p of projection?.split(',') ?? []) assert.ok(member(schema, type, p) !== undefined, `$select names ${p}, not a property (in ${fragment})`);
  assert.ok(!entity || navs.length > 0, `/$entity on the singleton itself (${fragment})`);
  return `${entity ? 'an entity' : many ? 'a collection' : 'a single value'} of ${path}`;
}

/** A URL that exercises the operation: its path with the first overload's first allowed arguments. */
function sampleUrl(version: ApiVersion, op: Operation, key: string): string {
  const segment = (p: SegmentPattern): string => {
    if (p.kind === 'name') return p.name;
    if (p.kind === 'key') return key;
    return `${p.name}(${(p.overloads.at(-1) ?? []).map((a) => `${a.name}='${a.allowed[0]}'`).join(',')})`;
  };
  return `/${version}/${op.path.map(segment).join('/')}`;
}

test('every @odata.context amr sends resolves in its own $metadata', async (t) => {
  const resolved: string[] = [];
  for (const version of ['v1.0', 'beta'] as const) {
    const schema = schemaOf(version);
    const keys = new Map<string, string>([['userRegistrationDetails', FIXTURE_USERS[0]!.id]]);
    // Lists first: their rows give the keys of the by-id operations.
    const ops = OPERATIONS.filter((op) => op.versions.includes(version) && !op.path.some((p) => p.kind === 'name' && p.name.startsWith('$'))).sort(
      (a, b) => Number(a.path.at(-1)?.kind === 'key') - Number(b.path.at(-1)?.kind === 'key'),
    );
    for (const op of ops) {
      const named = op.path.flatMap((p) => (p.kind === 'name' ? [p.name] : []));
      const set = named.at(-1) ?? '';
      const urls = [sampleUrl(version, op, keys.get(set) ?? 'none')];
      if (op.options.includes('$select')) {
        // Two of the entity's own properties (the containers have one, reportRoot none: `*`).
        const selectable = (op.entity?.[version].properties ?? []).map((p) => p.name).slice(0, 2);
        urls.push(`${urls[0]}?$select=${selectable.length > 0 ? selectable.join(',') : '*'}`);
      }
      for (const url of urls) {
        const { status, body } = await get(url);
        if (op.path.at(-1)?.kind === 'key' && status === 404) continue; // no row of that set in the fixture
        assert.equal(status, 200, `${url}: ${JSON.stringify(body)}`);
        const context = body?.['@odata.context'];
        assert.equal(typeof context, 'string', `${url} sends no @odata.context`);
        const prefix = `http://localhost:80/${version}/$metadata#`;
        assert.ok(String(context).startsWith(prefix), `${url}: ${String(context)} is not under ${prefix}`);
        resolved.push(`${url} → ${resolve(schema, String(context).slice(prefix.length))}`);
        const first = (body?.value as Json[] | undefined)?.[0];
        if (typeof first?.id === 'string' && !keys.has(set)) keys.set(set, first.id);
      }
    }
  }
  // Sanity: the sample covers the table (every operation but $count and keys with no row).
  assert.ok(resolved.length >= 25, resolved.join('\n'));
  for (const r of resolved) t.diagnostic(r);
  assert.ok(resolved.some((r) => r.startsWith('/v1.0/reports →')) && resolved.some((r) => r.includes('$select')), resolved.join('\n'));
});

test('the resolver refuses what $metadata does not declare', () => {
  const schema = schemaOf('v1.0');
  for (const bad of [
    'reports/authenticationMethods/userEventsSummary',
    'Collection(microsoft.graph.userEventsSummary)',
    'users',
    'reports/authenticationMethods/userRegistrationDetails(id,nope)',
    'microsoft.graph.nothing',
    'reports/$entity',
  ]) {
    assert.throws(() => resolve(schema, bad), assert.AssertionError, bad);
  }
  assert.equal(
    resolve(schema, 'reports/authenticationMethods/userRegistrationDetails(id,userType)/$entity'),
    'an entity of reports/authenticationMethods/userRegistrationDetails',
  );
});
