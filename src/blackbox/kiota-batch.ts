// For kiota-sdks.test.ts: a JSON batch built and sent by the SDK core's BatchRequestContent.
import assert from 'node:assert/strict';
import type { Parsable, ParsableFactory, RequestAdapter, RequestInformation } from '@microsoft/kiota-abstractions';
import { BatchRequestContent } from '@microsoft/msgraph-sdk-core';
import { lostInTyping, type Json } from './kiota-compare.js';
import { raw, type Harness } from './kiota-harness.js';

export interface BatchStep {
  readonly id: string;
  readonly request: RequestInformation;
  /** How to read a 200 body; absent for answers that are not a JSON object (an error, a `$count`). */
  readonly factory?: ParsableFactory<Parsable>;
}

/**
 * Sends `steps` as one batch through BatchRequestContent.postAsync() and checks each answer against
 * the same request sent alone: the same status and (for JSON) the same body, which the SDK's
 * models then read without loss. BatchResponseContent reads a body only when it is base64 text
 * (msgraph-sdk-core 1.0.0-preview.17 reads `body` with getByteArrayValue), while Graph and amr send
 * JSON bodies as JSON; so the bodies are read from the same batch posted as JSON.
 */
export async function checkBatch(
  h: Harness,
  adapter: RequestAdapter,
  errors: Record<string, ParsableFactory<Parsable>>,
  steps: readonly BatchStep[],
): Promise<void> {
  const content = new BatchRequestContent(adapter, errors);
  for (const s of steps) content.addBatchRequest(s.request, s.id);
  // What each step answers alone (the wire URL: option names decoded, as the SDK's middleware sends them).
  const alone = new Map<string, { status: number; body: Json | string }>();
  for (const step of content.requests.values()) {
    const answer = await raw(h, `${adapter.baseUrl}${step.url.replace(/%24/g, '$')}`);
    alone.set(step.id, { status: answer.status, body: answer.type.includes('json') ? answer.json() : answer.text });
  }
  const response = await content.postAsync();
  assert.ok(response, 'the SDK read a batch response');
  const statuses = await response.getResponsesStatusCodes();
  assert.deepEqual(Object.fromEntries(statuses), Object.fromEntries([...alone].map(([id, a]) => [id, a.status])), 'each step answers as it does alone');

  const posted = await raw(h, `${adapter.baseUrl}/$batch`, content.getContent());
  assert.equal(posted.status, 200, posted.text.slice(0, 300));
  const responses = (posted.json() as { responses: { id: string; status: number; body?: Json }[] }).responses;
  const parse = adapter.getParseNodeFactory();
  for (const s of steps) {
    const got = responses.find((r) => r.id === s.id);
    const want = alone.get(s.id)!;
    assert.ok(got, `the batch answers ${s.id}`);
    assert.equal(got.status, want.status, s.id);
    if (want.status !== 200) {
      assert.equal((got.body as { error?: { code?: string } }).error?.code, (want.body as { error: { code: string } }).error.code, `${s.id} error code`);
      continue;
    }
    if (!s.factory) continue;
    assert.deepEqual(withoutNextLink(got.body), withoutNextLink(want.body as Json), `${s.id}: the batched body is the body sent alone`);
    const node = parse.getRootParseNode('application/json', new TextEncoder().encode(JSON.stringify(got.body)).buffer);
    assert.deepEqual(lostInTyping(node.getObjectValue(s.factory), got.body ?? null), [], `${s.id}: the SDK's model reads the batched body`);
  }
}

/** A nextLink names the request it continues, which may carry per-request state: compare the rest. */
function withoutNextLink(body: Json | undefined): Json | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const { '@odata.nextLink': _next, ...rest } = body;
  return rest;
}
