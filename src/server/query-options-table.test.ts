// Issue 14 items 2 and 3, table-driven: every path item of Microsoft's ms-paths.json is served by
// a row of the operations table, and every row by a path item; each option the path item declares
// is answered (200) and each other one refused with Graph's 400 (decision 0082), $skip, $search and
// $expand always, and options on the collection-valued functions; a list's @odata.context is its
// contained navigation path; $select projects by id too; …/$count is text/plain and applies $filter.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { matchOperation } from '../graph/dispatch.js';
import type { ApiVersion } from '../graph/entities.js';
import type { Operation } from '../graph/operation.js';
import { OPERATIONS } from '../graph/operations.js';
import { parsePath } from '../graph/path.js';
import { audit } from '../reports/activity/test-records.js';
import { at } from '../test-support/fixture-activity.js';
import { TENANT, startTestServer, type TestServer } from '../test-support/fixture-tenant.js';
import { ALL_SCOPES, seedActivity } from '../test-support/fuzz-graph.js';

// The repository's copy of Microsoft's path items (spec/graph-csdl/README.md).
const MS_PATHS = fileURLToPath(new URL('../../spec/graph-csdl/ms-paths.json', import.meta.url));

/** The options amr serves where a path item declares them, and those it always refuses (graph-api §2.6). */
const SERVED = ['$filter', '$orderby', '$top', '$select', '$count'] as const;
const REFUSED = ['$skip', '$search', '$expand'] as const;
const EVERY = [...SERVED, ...REFUSED];

/**
 * The collection-valued functions take none of the options their path items declare (generic
 * OpenAPI output, graph-api §2.6), except getCredentialUsageSummary's documented $filter (§3.10).
 */
const FUNCTION_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  userRegistrationActivity: [],
  userSignInsByAuthMethodSummary: [],
  getCredentialUserRegistrationCount: [],
  getCredentialUsageSummary: ['$filter'],
};

/** Path items another branch serves (issue 14 item 1): checked whenever this build serves them. */
const ELSEWHERE = new Set(['/reports']);

/** A valid value of each option, per entity set (the segment naming the collection). */
const SAMPLES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // reportRoot has no structural property to name (v1.0 CSDL: no base type): '*' is valid on any entity.
  reports: { $select: '*' },
  authenticationMethods: { $select: 'id' },
  userRegistrationDetails: { $filter: 'isMfaCapable eq true', $orderby: 'userPrincipalName desc', $select: 'id,userPrincipalName' },
  userEventsSummary: { $filter: "feature eq 'registration'", $orderby: 'userDisplayName', $select: 'id,feature' },
  userCredentialUsageDetails: { $filter: "feature eq 'registration'", $orderby: 'userDisplayName', $select: 'id,feature' },
  credentialUserRegistrationDetails: { $filter: 'isRegistered eq true', $orderby: 'userPrincipalName', $select: 'id,isMfaRegistered' },
  userMfaSignInSummary: { $filter: 'totalSignIns gt 1', $orderby: 'createdDateTime desc', $select: 'id,totalSignIns' },
  userPasswordResetsAndChangesSummary: {
    $filter: 'passwordResetsByAdminCount gt 0',
    $orderby: 'aggregatedDateTime desc',
    $select: 'id,passwordResetsByAdminCount',
  },
  getCredentialUsageSummary: { $filter: "feature eq 'registration'" },
};
const VALUE: Readonly<Record<string, string>> = { $top: '1', $count: 'true', $skip: '1', $search: '"a"', $expand: 'x' };

interface PathItem {
  readonly version: ApiVersion;
  /** The template after {+baseurl}, without its query part. */
  readonly template: string;
  readonly declared: readonly string[];
  readonly kind: 'list' | 'count' | 'byId' | 'single' | 'function';
  /** The entity set or function it addresses. */
  readonly set: string;
}

function pathItems(): PathItem[] {
  const byVersion = JSON.parse(readFileSync(MS_PATHS, 'utf8')) as Record<ApiVersion, string[]>;
  return (['v1.0', 'beta'] as const).flatMap((version) =>
    byVersion[version].map((raw) => {
      const rest = raw.replace('{+baseurl}', '');
      const options = /\{\?([^}]*)\}$/.exec(rest);
      const template = options === null ? rest : rest.slice(0, options.index);
      const query = options?.[1] ?? '';
      const declared = query === '' ? [] : query.split(',').map((o) => decodeURIComponent(o));
      const segments = template.split('/').filter((x) => x !== '');
      const last = segments.at(-1) ?? '';
      const kind =
        last === '$count' ? 'count' : last.startsWith('{') ? 'byId' : last.includes('(') ? 'function' : declared.includes('$top') ? 'list' : 'single';
      const set = kind === 'count' || kind === 'byId' ? segments.at(-2)! : last.replace(/\(.*$/, '');
      return { version, template, declared, kind, set };
    }),
  );
}

let s: TestServer;
let token: string;
/** An id that exists, per entity set. */
const keys = new Map<string, string>();

async function get(url: string) {
  const r = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  return { status: r.statusCode, type: String(r.headers['content-type'] ?? ''), body: r.body, json: () => JSON.parse(r.body) as Record<string, unknown> };
}

const ARGS: Readonly<Record<string, string>> = { includedUserTypes: 'all', includedUserRoles: 'all', period: 'd7' };

/** A concrete path for a path item: a stored key, the functions' arguments. */
function urlOf(item: PathItem): string {
  const path = item.template
    .replace(/\{[A-Za-z]+%2Did\}/, () => keys.get(item.set) ?? 'no-key')
    .replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => ARGS[name] ?? name);
  return `/${item.version}${path}`;
}

function operationOf(item: PathItem): Operation | null {
  try {
    return matchOperation(item.version, parsePath(urlOf(item).slice(item.version.length + 1))).operation;
  } catch {
    return null;
  }
}

/** What amr should accept on a path item, from Microsoft's declaration alone. */
function expected(item: PathItem): string[] {
  if (item.kind === 'function') return [...(FUNCTION_OPTIONS[item.set] ?? [])];
  return SERVED.filter((o) => item.declared.includes(o));
}

const withOption = (url: string, option: string, value: string): string => `${url}?${option}=${encodeURIComponent(value)}`;
const valueOf = (item: PathItem, option: string): string => SAMPLES[item.set]?.[option] ?? VALUE[option] ?? '';

before(async () => {
  s = await startTestServer();
  token = await s.token({ scopes: ALL_SCOPES });
  await seedActivity(s, token);
  // A second day of password events, none by an admin: the daily summaries' filters then leave a day out.
  await s.store.appendActivity(TENANT, {
    signIns: [],
    audits: [
      audit({
        id: 'p9',
        loggedByService: 'Self-service Password Management',
        activityDisplayName: 'Change password (self-service)',
        ...at('2026-11-12T10:00:00.000Z'),
      }),
    ],
  });
  for (const [set, list] of [
    ['userRegistrationDetails', '/beta/reports/authenticationMethods/userRegistrationDetails'],
    ['userEventsSummary', '/beta/reports/authenticationMethods/userEventsSummary'],
    ['userMfaSignInSummary', '/beta/reports/authenticationMethods/userMfaSignInSummary'],
    ['userPasswordResetsAndChangesSummary', '/beta/reports/authenticationMethods/userPasswordResetsAndChangesSummary'],
    ['credentialUserRegistrationDetails', '/beta/reports/credentialUserRegistrationDetails'],
    ['userCredentialUsageDetails', '/beta/reports/userCredentialUsageDetails'],
  ] as const) {
    const first = ((await get(list)).json().value as { id: string }[])[0];
    assert.ok(first, `${list} lists nothing in the fixture`);
    keys.set(set, first.id);
  }
});
after(() => s?.close());

describe('ms-paths.json and the operations table agree', () => {
  test("every path item has a row (bar another branch's), and every row a path item", (t) => {
    const reached = new Set<string>();
    for (const item of pathItems()) {
      const op = operationOf(item);
      if (op === null) {
        assert.ok(ELSEWHERE.has(item.template), `${item.version}${item.template} has no row in the operations table`);
        t.diagnostic(`not served on this branch: ${item.version}${item.template}`);
        continue;
      }
      reached.add(`${op.id}@${item.version}`);
    }
    for (const op of OPERATIONS) for (const v of op.versions) assert.ok(reached.has(`${op.id}@${v}`), `${op.id}@${v} is in no path item of ms-paths.json`);
  });

  test('each row takes exactly the options its path item declares (less $skip, $search, $expand), and $skiptoken only when paged', () => {
    for (const item of pathItems()) {
      const op = operationOf(item);
      if (op === null) continue;
      assert.deepEqual([...op.options.filter((o) => o !== '$skiptoken')].sort(), expected(item).sort(), `${item.version}${item.template}`);
    }
  });
});

describe('every path item answers its declared options and refuses the rest', () => {
  test('declared → 200; undeclared, $skip, $search, $expand → 400 BadRequest naming the option', async () => {
    for (const item of pathItems()) {
      if (operationOf(item) === null) continue;
      const url = urlOf(item);
      assert.equal((await get(url)).status, 200, `${url} without options`);
      const accepted = expected(item);
      for (const option of EVERY) {
        const r = await get(withOption(url, option, valueOf(item, option)));
        if (accepted.includes(option)) {
          assert.equal(r.status, 200, `${url} ${option}=${valueOf(item, option)} → ${r.status} ${r.body.slice(0, 300)}`);
        } else {
          assert.equal(r.status, 400, `${url} ${option} → ${r.status}: it must be refused`);
          const error = (r.json() as { error: { code: string; message: string } }).error;
          assert.equal(error.code, 'BadRequest');
          assert.match(error.message, new RegExp(`^Query option '\\${option}' is not supported for this resource\\.`), `${url} ${option}`);
        }
      }
    }
  });
});

describe('what the options do', () => {
  const items = (kind: PathItem['kind']) => pathItems().filter((i) => i.kind === kind && operationOf(i) !== null);
  const contained = (item: PathItem, select = '', suffix = '') =>
    new RegExp(
      `/${item.version.replace('.', '\\.')}/\\$metadata#${item.template
        .replace(/^\//, '')
        .replace(/\/(\{[^}]+\}|\$count)$/, '')
        .replace(/\$/g, '\\$')}${select.replace(/[()]/g, '\\$&')}${suffix.replace(/\$/g, '\\$')}$`,
    );

  test("a list's @odata.context is its contained navigation path; $top, $count=true and $select apply", async () => {
    for (const item of items('list')) {
      const url = urlOf(item);
      const all = (await get(url)).json();
      assert.match(String(all['@odata.context']), contained(item), url);
      const rows = all.value as Record<string, unknown>[];
      assert.ok(rows.length > 1, `${url}: the fixture needs more than one row here`);
      assert.equal(((await get(withOption(url, '$top', '1'))).json().value as unknown[]).length, 1, `${url} $top=1`);
      assert.equal((await get(withOption(url, '$count', 'true'))).json()['@odata.count'], rows.length, `${url} $count=true`);
      const select = valueOf(item, '$select');
      const projected = (await get(withOption(url, '$select', select))).json();
      assert.match(String(projected['@odata.context']), contained(item, `(${select})`), `${url} $select`);
      for (const row of projected.value as Record<string, unknown>[]) {
        assert.deepEqual(
          Object.keys(row)
            .filter((k) => k !== '@odata.type')
            .sort(),
          select.split(',').sort(),
          `${url} $select=${select}`,
        );
      }
    }
  });

  test('by id, $select projects, with the @odata.context of a projected entity', async () => {
    for (const item of items('byId')) {
      const url = urlOf(item);
      const full = (await get(url)).json();
      assert.match(String(full['@odata.context']), contained(item, '', '/$entity'), url);
      const select = valueOf(item, '$select');
      const r = await get(withOption(url, '$select', select));
      assert.equal(r.status, 200, `${url} $select → ${r.body}`);
      const one = r.json();
      assert.match(String(one['@odata.context']), contained(item, `(${select})`, '/$entity'), `${url} $select`);
      const names = Object.keys(one).filter((k) => !k.startsWith('@odata.'));
      assert.deepEqual(names.sort(), select.split(',').sort(), `${url} $select=${select}: ${r.body}`);
      for (const n of names) assert.deepEqual(one[n], full[n]);
      assert.ok(Object.keys(full).length > names.length + 1, `${url}: without $select every property`);
    }
  });

  test('…/$count answers text/plain, and applies $filter as the list does', async () => {
    for (const item of items('count')) {
      const url = urlOf(item);
      const list = url.replace(/\/\$count$/, '');
      const filter = valueOf(item, '$filter');
      const all = await get(url);
      assert.equal(all.status, 200, `${url} → ${all.body}`);
      assert.match(all.type, /^text\/plain/, url);
      assert.equal(Number(all.body), ((await get(list)).json().value as unknown[]).length, url);
      const some = await get(withOption(url, '$filter', filter));
      assert.match(some.body, /^\d+$/);
      const listed = ((await get(withOption(list, '$filter', filter))).json().value as unknown[]).length;
      assert.equal(Number(some.body), listed, `${url} $filter=${filter}`);
      assert.ok(Number(some.body) < Number(all.body), `${url}: the sample $filter ${filter} must leave some rows out`);
    }
  });
});
