// A Graph client program, run as its own process by the black-box test: it reads amr with
// Microsoft's official JavaScript client (@microsoft/microsoft-graph-client) exactly as it would
// read Microsoft Graph, with only the base URL changed, and prints what it got as JSON.
import { Client, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';

const baseUrl = process.env.AMR_URL;
const token = process.env.AMR_TOKEN;
if (!baseUrl || !token) throw new Error('set AMR_URL and AMR_TOKEN');

const client = Client.init({
  baseUrl: `${baseUrl}/`,
  defaultVersion: 'v1.0',
  // The client attaches tokens only to Graph's hosts or these (and only over https).
  customHosts: new Set([new URL(baseUrl).hostname]),
  authProvider: (done) => done(null, token),
});

async function readAll(path: string, version: 'v1.0' | 'beta', filter?: string): Promise<unknown[]> {
  let request = client.api(path).version(version);
  if (filter) request = request.filter(filter);
  const first = (await request.get()) as PageCollection;
  const rows: unknown[] = [];
  const iterator = new PageIterator(client, first, (row: unknown) => {
    rows.push(row);
    return true;
  });
  await iterator.iterate();
  return rows;
}

const LIST = '/reports/authenticationMethods/userRegistrationDetails';
const result = {
  v1: await readAll(LIST, 'v1.0'),
  beta: await readAll(LIST, 'beta'),
  filtered: await readAll(LIST, 'v1.0', "isMfaCapable eq false and methodsRegistered/any(m:m eq 'email')"),
  feature: (await client.api("/reports/authenticationMethods/usersRegisteredByFeature(includedUserTypes='all',includedUserRoles='all')").get()) as unknown,
  method: (await client.api('/reports/authenticationMethods/usersRegisteredByMethod()').version('beta').get()) as unknown,
  guests: (await client.api("/reports/authenticationMethods/usersRegisteredByMethod(includedUserTypes='guest',includedUserRoles='all')").get()) as unknown,
  notFound: await client
    .api(`${LIST}/no-such-user`)
    .get()
    .then(
      () => null,
      (e: { statusCode?: number; code?: string }) => ({ statusCode: e.statusCode, code: e.code }),
    ),
  activity: (await client
    .api("/reports/authenticationMethods/userRegistrationActivity(period='d30')")
    .version('beta')
    .header('Prefer', 'include-unknown-enum-members')
    .get()) as unknown,
  events: await readAll('/reports/authenticationMethods/userEventsSummary', 'beta'),
  passwords: (await client.api('/reports/authenticationMethods/userPasswordResetsAndChangesSummary').version('beta').get()) as unknown,
  badPeriod: await client
    .api("/reports/authenticationMethods/userRegistrationActivity(period='d2')")
    .version('beta')
    .get()
    .then(
      () => null,
      (e: { statusCode?: number; code?: string; message?: string }) => ({ statusCode: e.statusCode, code: e.code, message: e.message }),
    ),
};
process.stdout.write(JSON.stringify(result));
