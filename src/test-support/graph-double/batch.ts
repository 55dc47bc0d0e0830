// POST /{version}/$batch (Graph "Combine multiple requests in one HTTP call using JSON batching"):
// at most 20 requests, each {id, method, url relative to the version, dependsOn?}; each runs
// through dispatch on its own (its own fault, permission and throttling check), and the answer is
// {responses:[{id,status,headers,body}]}. A request whose dependency failed gets 424.
import { GraphError, badRequest, graphErrorBody, type RequestIds } from './errors.js';
import { dispatch, type DoubleEnv, type Outcome } from './dispatch.js';
import { isArray, isRecord, type JsonRecord } from './json.js';
import type { ApiVersion } from './route.js';

export const MAX_BATCH = 20;

export interface InnerLog {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
}

interface Step {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly dependsOn: readonly string[];
}

function parseSteps(body: unknown): Step[] {
  if (!isRecord(body) || !isArray(body.requests)) throw badRequest('Invalid batch payload format: the body must be {"requests":[…]}.');
  const requests = body.requests;
  if (requests.length === 0) throw badRequest('Invalid batch payload format: requests is empty.');
  if (requests.length > MAX_BATCH) throw badRequest(`The batch has ${requests.length} requests; JSON batch requests are limited to ${MAX_BATCH}.`);
  const seen = new Set<string>();
  return requests.map((r, i) => {
    if (!isRecord(r)) throw badRequest(`Invalid batch payload format: requests[${i}] is not an object.`);
    const { id, method, url } = r;
    if (typeof id !== 'string' || id === '') throw badRequest(`Invalid batch payload format: requests[${i}].id must be a non-empty string.`);
    if (seen.has(id)) throw badRequest(`Invalid batch payload format: the id '${id}' appears twice.`);
    if (typeof method !== 'string' || method === '') throw badRequest(`Invalid batch payload format: requests[${i}].method must be a string.`);
    if (typeof url !== 'string' || url === '') throw badRequest(`Invalid batch payload format: requests[${i}].url must be a string.`);
    if (/^[a-z][a-z0-9+.-]*:/i.test(url))
      throw badRequest(`Invalid batch payload format: requests[${i}].url must be relative to the version ('/users/…'), not ${url}.`);
    const depends = r.dependsOn ?? [];
    if (!isArray(depends) || depends.some((d) => typeof d !== 'string' || !seen.has(d))) {
      throw badRequest(`Invalid batch payload format: requests[${i}].dependsOn must name ids of earlier requests.`);
    }
    seen.add(id);
    return { id, method: method.toUpperCase(), url, dependsOn: depends.filter((d): d is string => typeof d === 'string') };
  });
}

export interface BatchOutcome {
  readonly body: JsonRecord;
  readonly inner: InnerLog[];
  readonly drop: boolean;
  readonly delayMs: number;
}

export async function runBatch(env: DoubleEnv, version: ApiVersion, body: unknown, authorization: string | undefined, ids: RequestIds): Promise<BatchOutcome> {
  const steps = parseSteps(body);
  const status = new Map<string, number>();
  const responses: JsonRecord[] = [];
  const inner: InnerLog[] = [];
  let delayMs = 0;
  for (const step of steps) {
    const [rawPath, rawQuery = ''] = step.url.split('?', 2) as [string, string?];
    const path = `/${version}${rawPath.startsWith('/') ? '' : '/'}${rawPath}`;
    const query = new URLSearchParams(rawQuery);
    const failed = step.dependsOn.find((d) => (status.get(d) ?? 0) >= 400);
    const outcome: Outcome =
      failed !== undefined
        ? { status: 424, headers: {}, body: new GraphError(424, 'FailedDependency', `The request depends on '${failed}', which failed.`), appId: null }
        : await dispatch(env, { method: step.method, path, query, authorization });
    if (outcome.drop) return { body: {}, inner, drop: true, delayMs };
    delayMs += outcome.delayMs ?? 0;
    status.set(step.id, outcome.status);
    inner.push({ id: step.id, method: step.method, path, query: Object.fromEntries(query), status: outcome.status });
    const payload = outcome.body instanceof GraphError ? graphErrorBody(outcome.body, ids, env.state.now()) : outcome.body;
    responses.push({ id: step.id, status: outcome.status, headers: { 'Content-Type': 'application/json', ...outcome.headers }, body: payload });
  }
  return { body: { responses }, inner, drop: false, delayMs };
}
