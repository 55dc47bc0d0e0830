// The export yardstick (issue 13 §6): a bare node:http server, in its own process, sending the
// same rows of the same SQLite file pre-serialised: each row's JSON text, made once by SQLite
// (json_object) into a table of its own in the bench database, is read back keyset-paged by id,
// 1,000 at a time with a next link as amr pages an export, and the page is the rows' texts
// joined. No token, no OData, no framework, no serialising per request: what node:http and
// SQLite alone achieve on this machine. amr's export is measured against it in the same run.
// Usage: node bare-export-server.js DB → prints "bare export serving http://127.0.0.1:PORT".
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import { METHODS_REGISTERED } from '../reports/methods.js';
import { SYSTEM_PREFERRED_MODES } from '../store/sql/registration-columns.js';
import { registrationDetailsProjection } from '../graph/wire/registration-details.js';

const PAGE = 1000;
const PATH = '/v1.0/reports/authenticationMethods/userRegistrationDetails';
const CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** A bitmask column as a JSON array of the names of its set bits, in bit order, built by SQLite. */
function maskArray(column: string, names: readonly string[]): string {
  const parts = names.map((n, i) => `iif(${column} & ${2 ** i}, '${JSON.stringify(n)},', '')`);
  return `json('[' || rtrim(${parts.join(' || ')}, ',') || ']')`;
}

const bool = (column: string) => `json(iif(${column} = 1, 'true', 'false'))`;
/** Each wire property as the SQL expression of its JSON value. */
const EXPRESSIONS: Readonly<Record<string, string>> = {
  id: 'id',
  userPrincipalName: 'user_principal_name',
  userDisplayName: 'user_display_name',
  isAdmin: bool('is_admin'),
  isPrivilegedAdmin: bool('is_privileged_admin'),
  isSsprRegistered: bool('is_sspr_registered'),
  isSsprEnabled: bool('is_sspr_enabled'),
  isSsprCapable: bool('is_sspr_capable'),
  isMfaRegistered: bool('is_mfa_registered'),
  isMfaCapable: bool('is_mfa_capable'),
  isPasswordlessCapable: bool('is_passwordless_capable'),
  lastUpdatedDateTime: 'last_updated',
  methodsRegistered: maskArray('methods_mask', METHODS_REGISTERED),
  defaultMfaMethod: 'default_mfa',
  isSystemPreferredAuthenticationMethodEnabled: bool('is_system_preferred_enabled'),
  systemPreferredAuthenticationMethods: maskArray('system_preferred_mask', SYSTEM_PREFERRED_MODES),
  userPreferredMethodForSecondaryAuthentication: 'user_preferred',
  userType: 'user_type',
};

const db = new Database(process.argv[2]!, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('mmap_size = 268435456');
const tenant = db.prepare('select tenant_key as k, current_generation as g from tenants where current_generation is not null limit 1').get() as {
  k: number;
  g: number;
};

/** The rows' JSON texts, made once per report generation (the bench keeps its database between runs). */
function preSerialise(): void {
  db.exec('create table if not exists bench_bare_export (id text primary key, generation integer not null, json text not null) without rowid');
  const made = db.prepare('select generation from bench_bare_export limit 1').get() as { generation: number } | undefined;
  if (made?.generation === tenant.g) return;
  const row = `json_object(${registrationDetailsProjection('v1.0', null)
    .map((p) => `'${p}', ${EXPRESSIONS[p]!}`)
    .join(', ')})`;
  db.transaction(() => {
    db.exec('delete from bench_bare_export');
    db.prepare(`insert into bench_bare_export select id, generation, ${row} from registration_details where tenant_key = ? and generation = ?`).run(
      tenant.k,
      tenant.g,
    );
  })();
}
preSerialise();
const page = db.prepare(`select id, json from bench_bare_export where id > ? order by id limit ${PAGE + 1}`).raw(true);

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const rows = page.all(url.searchParams.get('after') ?? '') as [string, string][];
  const more = rows.length > PAGE;
  if (more) rows.pop();
  const origin = `http://${req.headers.host}`;
  let body = `{"@odata.context":"${origin}/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails"`;
  if (more) body += `,"@odata.nextLink":"${origin}${PATH}?after=${encodeURIComponent(rows[rows.length - 1]![0])}"`;
  body += ',"value":[';
  for (let i = 0; i < rows.length; i++) body += i === 0 ? rows[i]![1] : `,${rows[i]![1]}`;
  body += ']}';
  res.writeHead(200, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`bare export serving http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  db.close();
  process.exit(0);
});
