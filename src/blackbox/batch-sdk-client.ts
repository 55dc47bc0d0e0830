// A client program, run as its own process by batch-sdk.test.ts: it sends JSON batches to amr with
// the batch helpers of Microsoft's two JavaScript SDKs (@microsoft/microsoft-graph-client's
// BatchRequestContent / BatchResponseContent, and the Kiota SDK core's BatchRequestContent over
// @microsoft/msgraph-sdk's request adapter), changing only the base URL, and prints what it got.
import { BatchRequestContent, BatchResponseContent, Client } from '@microsoft/microsoft-graph-client';
import { AllowedHostsValidator, BaseBearerTokenAuthenticationProvider, HttpMethod, RequestInformation } from '@microsoft/kiota-abstractions';
import { BatchRequestContent as KiotaBatchRequestContent } from '@microsoft/msgraph-sdk-core';
import { GraphRequestAdapter } from '@microsoft/msgraph-sdk';
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js';

const baseUrl = process.env.AMR_URL;
const token = process.env.AMR_TOKEN;
const userId = process.env.AMR_USER_ID;
if (!baseUrl || !token || !userId) throw new Error('set AMR_URL, AMR_TOKEN and AMR_USER_ID');

const LIST = '/reports/authenticationMethods/userRegistrationDetails';

interface Seen {
  status: number;
  contentType: string | null;
  body: unknown;
}

/** graph-client: steps are fetch Requests; their urls name the host without the version (the client strips only the host: issue #1178). */
async function graphClientBatch(): Promise<Record<string, Seen>> {
  const client = Client.init({
    baseUrl: `${baseUrl}/`,
    defaultVersion: 'v1.0',
    customHosts: new Set([new URL(baseUrl!).hostname]),
    authProvider: (done) => done(null, token!),
  });
  const request = (path: string) => new Request(`${baseUrl}${path}`, { method: 'GET' });
  const content = new BatchRequestContent([
    { id: 'page', request: request(`${LIST}?$top=2`) },
    { id: 'count', request: request(`${LIST}/$count`), dependsOn: ['page'] },
    { id: 'user', request: request(`${LIST}/${userId}`), dependsOn: ['page'] },
    { id: 'missing', request: request(`${LIST}/no-such-user`), dependsOn: ['page'] },
  ]);
  const answer = new BatchResponseContent((await client.api('/$batch').post(await content.getContent())) as { responses: [] });
  const out: Record<string, Seen> = {};
  for (const [id, response] of answer.getResponses()) {
    const type = response.headers.get('Content-Type');
    out[id] = { status: response.status, contentType: type, body: type?.startsWith('application/json') ? await response.json() : await response.text() };
  }
  return out;
}

/** Kiota: steps are RequestInformation, as the generated request builders make them; tokens go only to the allowed host, over https. */
async function kiotaBatch(): Promise<{ statuses: Record<string, number>; ids: string[]; headers: Record<string, unknown> }> {
  const auth = new BaseBearerTokenAuthenticationProvider({
    getAuthorizationToken: async () => token!,
    getAllowedHostsValidator: () => new AllowedHostsValidator(new Set([new URL(baseUrl!).host])),
  });
  const adapter = new GraphRequestAdapter(auth);
  adapter.baseUrl = `${baseUrl}/v1.0`;
  const content = new KiotaBatchRequestContent(adapter, { XXX: createODataErrorFromDiscriminatorValue });
  const add = (id: string, template: string) => content.addBatchRequest(new RequestInformation(HttpMethod.GET, `{+baseurl}${template}`), id);
  add('list', `${LIST}?%24top=3`);
  add('byId', `${LIST}/${userId}`);
  add('feature', '/reports/authenticationMethods/usersRegisteredByFeature()');
  add('missing', `${LIST}/no-such-user`);
  const answer = await content.postAsync();
  if (answer === undefined) throw new Error('Kiota: no batch response');
  const statuses = Object.fromEntries(await answer.getResponsesStatusCodes());
  const list = answer.getResponseById('list');
  return { statuses, ids: [...answer.getResponses().keys()].sort(), headers: JSON.parse(JSON.stringify(list?.headers ?? null)) as Record<string, unknown> };
}

process.stdout.write(JSON.stringify({ graphClient: await graphClientBatch(), kiota: await kiotaBatch() }));
