// Generators of admin upload bodies for the fuzz tests: the fixture's tenant snapshot and real-shaped
// audit and sign-in records (ingest/logs/sample-logs.ts), as NDJSON or JSON, then damaged at every
// level — a JSON value replaced by one of another type or deleted, lines dropped, doubled, swapped or
// replaced, characters inserted, the text cut short, bytes flipped, gzip broken.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { azureMonitorRecord, graphAudit, graphSignIn, logAnalyticsAudit, logAnalyticsSignIn } from '../ingest/logs/sample-logs.js';
import { fixtureSnapshot } from './fixture-tenant.js';
import { mutated, nastyString } from './fuzz.js';

/** One upload: its bytes, its Content-Type (null: none sent) and a short label for messages. */
export interface Upload {
  readonly body: Buffer;
  readonly contentType: string | null;
  readonly label: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value inside a JSON value (the root included). */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

interface Edit {
  readonly at: number;
  readonly kind: 'replace' | 'delete' | 'stringify' | 'emptyString' | 'nullify' | 'addKey';
  readonly value: Json;
}

const wrongValueArb: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(
    null,
    true,
    0,
    -1,
    1e308,
    '',
    'x',
    [],
    {},
    '2026-13-45T99:99:99Z',
    '00000000-0000-0000-0000-000000000000',
    'ＡＢＣ',
    '\u0000',
    'x'.repeat(70_000),
  ),
  nastyString(20),
);

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  kind: fc.constantFrom('replace', 'replace', 'delete', 'stringify', 'emptyString', 'nullify', 'addKey'),
  value: wrongValueArb,
});

function applyEdit(root: Json, e: Edit): Json {
  const all = paths(root);
  const path = all[Math.min(all.length - 1, Math.floor(e.at * all.length))]!;
  if (path.length === 0) return e.kind === 'delete' ? {} : e.value;
  const parent = path.slice(0, -1).reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, root) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1]!;
  const current = (parent as Record<string | number, Json>)[key]!;
  switch (e.kind) {
    case 'replace':
      (parent as Record<string | number, Json>)[key] = e.value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 'stringify':
      (parent as Record<string | number, Json>)[key] = JSON.stringify(current);
      break;
    case 'emptyString':
      (parent as Record<string | number, Json>)[key] = '';
      break;
    case 'nullify':
      (parent as Record<string | number, Json>)[key] = null;
      break;
    case 'addKey':
      if (current !== null && typeof current === 'object' && !Array.isArray(current)) current['extra'] = e.value;
      break;
  }
  return root;
}

/** A JSON value with a few of its values replaced, deleted, stringified or emptied. */
export function editedJson(value: Json, maxEdits = 2): fc.Arbitrary<Json> {
  return fc.array(editArb, { maxLength: maxEdits }).map((edits) => edits.reduce(applyEdit, structuredClone(value)));
}

type LineOp = { kind: 'delete' | 'duplicate' | 'swap' | 'garbage' | 'blank' | 'crlf'; at: number; other: number; text: string };

const lineOpArb: fc.Arbitrary<LineOp> = fc.record({
  kind: fc.constantFrom('delete', 'duplicate', 'swap', 'garbage', 'blank', 'crlf'),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  other: fc.double({ min: 0, max: 1, noNaN: true }),
  text: fc.oneof(
    nastyString(30),
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    fc.constantFrom('{', '}', '[', '{}', '[]', 'null', '{"user":{}}', '{"group":null}', '{"amrSnapshot":1}'),
  ),
});

function applyLineOp(lines: string[], op: LineOp): string[] {
  if (lines.length === 0) return [op.text];
  const i = Math.min(lines.length - 1, Math.floor(op.at * lines.length));
  const j = Math.min(lines.length - 1, Math.floor(op.other * lines.length));
  const out = [...lines];
  switch (op.kind) {
    case 'delete':
      out.splice(i, 1);
      break;
    case 'duplicate':
      out.splice(i, 0, out[i]!);
      break;
    case 'swap':
      [out[i], out[j]] = [out[j]!, out[i]!];
      break;
    case 'garbage':
      out.splice(i, 0, op.text);
      break;
    case 'blank':
      out.splice(i, 0, ' ');
      break;
    case 'crlf':
      out[i] = `${out[i]!}\r`;
      break;
  }
  return out;
}

/** Bytes damaged after encoding: a flipped bit, a cut, or a BOM (or left alone). */
const byteDamageArb: fc.Arbitrary<{ readonly name: string; readonly apply: (b: Buffer) => Buffer }> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ name: '', apply: (b: Buffer) => b }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 7 })).map(([at, bit]) => ({
      name: '+bitflip',
      apply: (b: Buffer) => {
        const out = Buffer.from(b);
        if (out.length > 0) out[Math.min(out.length - 1, Math.floor(at * out.length))]! ^= 1 << bit;
        return out;
      },
    })),
  },
  {
    weight: 1,
    arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((at) => ({ name: '+cut', apply: (b: Buffer) => b.subarray(0, Math.floor(at * b.length)) })),
  },
  { weight: 1, arbitrary: fc.constant({ name: '+bom', apply: (b: Buffer) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]) }) },
);

const CONTENT_TYPES = [
  'application/x-ndjson',
  'application/json',
  'application/gzip',
  'application/octet-stream',
  'application/jsonl',
  'application/ndjson',
  'application/json; charset=utf-8',
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  '',
  'x/y; ==',
];

/** The Content-Type for a body: the right one most of the time, anything sometimes, none sometimes. */
function contentTypeArb(natural: string): fc.Arbitrary<string | null> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(natural) },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

/** Text as UTF-8, gzip (sound or damaged) or UTF-16; then maybe damaged bytes. */
function encodeArb(text: string, natural: string): fc.Arbitrary<Upload> {
  return fc.tuple(fc.constantFrom('utf8', 'utf8', 'utf8', 'gzip', 'utf16le'), byteDamageArb, contentTypeArb(natural)).map(([enc, damage, type]) => {
    const raw = enc === 'gzip' ? gzipSync(text) : Buffer.from(text, enc === 'utf16le' ? 'utf16le' : 'utf8');
    const contentType = enc === 'gzip' && type === natural ? 'application/gzip' : type;
    const body = damage.apply(raw);
    const label = `${enc}${damage.name}`;
    // fast-check prints a counterexample with this rather than every byte.
    return {
      body,
      contentType,
      label,
      [fc.toStringMethod]: () =>
        `${label} ${String(contentType)} ${JSON.stringify(body.toString('latin1').slice(0, 400))}${body.length > 400 ? `… (${body.length} bytes)` : ''}`,
    };
  });
}

// ---- snapshots ----

function snapshotLines(tenantId: string): Json[] {
  return fixtureSnapshot(tenantId)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Json);
}

/** The same content as one JSON document (tenant-snapshot.md: both encodings carry the same content). */
function asDocument(lines: readonly Json[]): Json {
  const [header, ...rest] = lines as Record<string, Json>[];
  const pick = (k: string) => rest.filter((l) => l !== null && typeof l === 'object' && k in l).map((l) => l[k]!);
  return { ...header, users: pick('user'), groups: pick('group'), roleAssignments: pick('roleAssignment') };
}

/** A snapshot body for tenantId: the fixture, with its values, lines, text and bytes damaged in a few ways. */
export function snapshotUploadArb(tenantId: string): fc.Arbitrary<Upload> {
  const lines = snapshotLines(tenantId);
  const ndjson = fc
    .tuple(fc.array(fc.tuple(fc.nat({ max: lines.length - 1 }), editArb), { maxLength: 2 }), fc.array(lineOpArb, { maxLength: 2 }))
    .map(([edits, ops]) => {
      const edited = structuredClone(lines);
      for (const [i, e] of edits) edited[i] = applyEdit(edited[i]!, e);
      return (
        ops
          .reduce(
            applyLineOp,
            edited.map((l) => JSON.stringify(l)),
          )
          .join('\n') + '\n'
      );
    });
  const document = editedJson(asDocument(lines), 3).chain((doc) => fc.constantFrom(JSON.stringify(doc), JSON.stringify(doc, null, 2)));
  // Edits a reader may well accept: an unknown member added, a string emptied or replaced by another string.
  const plausibleEdit = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    kind: fc.constantFrom<Edit['kind']>('addKey', 'emptyString', 'replace'),
    value: nastyString(12) as fc.Arbitrary<Json>,
  });
  const plausible = fc.tuple(fc.nat({ max: lines.length - 1 }), plausibleEdit).map(([i, e]) => {
    const edited = structuredClone(lines);
    edited[i] = applyEdit(edited[i]!, e);
    return edited.map((l) => JSON.stringify(l)).join('\n') + '\n';
  });
  return fc.oneof(
    {
      weight: 2,
      arbitrary: plausible.chain((t) =>
        fc
          .record({ body: fc.constant(Buffer.from(t)), contentType: fc.constant('application/x-ndjson'), label: fc.constant('plausible') })
          .map((u) => ({ ...u, [fc.toStringMethod]: () => `plausible ${JSON.stringify(t.slice(0, 400))}` })),
      ),
    },
    { weight: 4, arbitrary: ndjson.chain((t) => encodeArb(t, 'application/x-ndjson')) },
    { weight: 2, arbitrary: document.chain((t) => encodeArb(t, 'application/json')) },
    { weight: 2, arbitrary: mutated(fc.constant(fixtureSnapshot(tenantId)), 3).chain((t) => encodeArb(t, 'application/x-ndjson')) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(nastyString(200), fc.constantFrom('', '\n', '{}', '[]', 'null', '{"amrSnapshot":1}'))
        .chain((t) => encodeArb(t, 'application/x-ndjson')),
    },
  );
}

// ---- audit and sign-in logs ----

/** Times inside the reports' windows (the fixture clock is 2026-11-20T12:00Z), outside them, and odd ones. */
const timeArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 29 * 24 }).map((h) => new Date(Date.parse('2026-11-20T11:00:00Z') - h * 3_600_000).toISOString()) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2026-11-20T11:00:00.1234567+00:00',
      '2024-01-01T00:00:00Z',
      '2030-01-01T00:00:00Z',
      '1970-01-01T00:00:00Z',
      '2026-11-20',
      'yesterday',
      '',
    ),
  },
);

/** A real-shaped record of one of the shapes the reader takes; ids from a small range so re-sends happen. */
function recordArb(tenantId: string): fc.Arbitrary<Json> {
  const i = fc.nat({ max: 40 });
  const tenant = fc.constantFrom(tenantId, tenantId, tenantId.toUpperCase(), '4bbb79f7-5724-4c9e-95f3-de075f6ec090', 'not-a-tenant');
  const audit = fc.tuple(i, timeArb).map(([n, t]) => graphAudit(n, { activityDateTime: t }) as Json);
  const signIn = fc.tuple(i, timeArb).map(([n, t]) => graphSignIn(n, { createdDateTime: t }) as Json);
  return fc
    .oneof(
      { weight: 3, arbitrary: audit },
      { weight: 3, arbitrary: signIn },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom('AuditLogs', 'SignInLogs', 'NonInteractiveUserSignInLogs', 'ServicePrincipalSignInLogs', 'Other'), audit, signIn, tenant)
          .map(([cat, a, si, t]) => azureMonitorRecord(cat, (cat === 'AuditLogs' ? a : si) as Record<string, unknown>, { tenantId: t }) as Json),
      },
      { weight: 1, arbitrary: fc.tuple(i, tenant).map(([n, t]) => logAnalyticsSignIn(n, 'SigninLogs', { TenantId: t }) as Json) },
      { weight: 1, arbitrary: fc.tuple(i, tenant).map(([n, t]) => logAnalyticsAudit(n, { TenantId: t }) as Json) },
    )
    .chain((r) => fc.oneof({ weight: 3, arbitrary: fc.constant(r) }, { weight: 2, arbitrary: editedJson(r, 2) }));
}

/** A log export for tenantId: real-shaped records, some damaged, in one of the framings the reader takes, then damaged itself. */
export function logUploadArb(tenantId: string): fc.Arbitrary<Upload> {
  const records = fc.array(recordArb(tenantId), { minLength: 0, maxLength: 6 });
  const framed = fc
    .tuple(records, fc.constantFrom('ndjson', 'array', 'value', 'records', 'single'), fc.array(lineOpArb, { maxLength: 1 }))
    .map(([rs, framing, ops]) => {
      switch (framing) {
        case 'ndjson':
          return {
            text: ops
              .reduce(
                applyLineOp,
                rs.map((r) => JSON.stringify(r)),
              )
              .join('\n'),
            type: 'application/x-ndjson',
          };
        case 'array':
          return { text: JSON.stringify(rs), type: 'application/json' };
        case 'value':
          return {
            text: JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits', value: rs }),
            type: 'application/json',
          };
        case 'records':
          return { text: JSON.stringify({ records: rs }), type: 'application/json' };
        default:
          return { text: JSON.stringify(rs[0] ?? {}), type: 'application/json' };
      }
    });
  return fc.oneof(
    { weight: 6, arbitrary: framed.chain(({ text, type }) => encodeArb(text, type)) },
    {
      weight: 2,
      arbitrary: mutated(
        framed.map((f) => f.text),
        3,
      ).chain((t) => encodeArb(t, 'application/x-ndjson')),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(nastyString(200), fc.constantFrom('', '\n', '{}', '[]', 'null', '{"value":null}', '{"records":{}}', '[[[[[[[[[[[['))
        .chain((t) => encodeArb(t, 'application/json')),
    },
  );
}
