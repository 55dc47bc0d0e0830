// For kiota-sdks.test.ts: the built server over TLS on a seeded tenant, Microsoft's two Kiota
// clients on it, and the checks every case shares (typed answer vs the raw JSON of the same request).
import { selfSignedCert, tlsArgs, tlsIn } from '../test-support/tls-cert.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Parsable, ParsableFactory, RequestAdapter, RequestConfiguration } from '@microsoft/kiota-abstractions';
import { PageIterator, type PageCollection } from '@microsoft/msgraph-sdk-core';
import { AMR, serveBuilt, type BuiltServer } from '../test-support/built-server.js';
import { testDatabaseFile } from '../test-support/test-db.js';
import { kiotaAdapters, type KiotaAdapters } from './kiota-client.js';
import { lostInTyping, type Json } from './kiota-compare.js';
import type { Getter } from './kiota-builders.js';
import { v1Client, type V1Client } from './kiota-reports-v1.js';
import { betaClient, type BetaClient } from './kiota-reports-beta.js';

const run = promisify(execFile);

export interface Harness {
  readonly origin: string;
  readonly token: string;
  readonly adapters: KiotaAdapters;
  readonly v1: V1Client;
  readonly beta: BetaClient;
  stop(): Promise<void>;
}

/** 300 users with a month of activity (`amr seed` into the database), served over https by the built CLI. */
export async function startHarness(): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'amr-kiota-'));
  let server: BuiltServer | undefined;
  try {
    await selfSignedCert(dir);
    const db = await testDatabaseFile(dir);
    await run(process.execPath, [AMR, 'seed', '--db', db, '--users', '300', '--seed', 'kiota', '--no-history']);
    const token = (await run(process.execPath, [AMR, 'token', '--db', db])).stdout.trim();
    server = await serveBuilt(db, { args: tlsArgs(tlsIn(dir)) });
    const origin = server.url.replace(/\/$/, '');
    const adapters = kiotaAdapters(origin, token, await readFile(tlsIn(dir).certFile, 'utf8'));
    const started = server;
    return {
      origin,
      token,
      adapters,
      v1: v1Client(adapters.v1),
      beta: betaClient(adapters.beta),
      stop: async () => {
        started.process.kill('SIGTERM');
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    server?.process.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

export interface RawAnswer {
  readonly status: number;
  readonly type: string;
  readonly text: string;
  json(): Json;
}

/** The same request without the SDK: GET (or POST `body`) with the token, as curl would send it. */
export async function raw(h: Harness, url: string, body?: unknown): Promise<RawAnswer> {
  const res = await h.adapters.fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${h.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) as Json };
}

/** The URL the SDK sends for a builder's GET, after its middleware decodes `%24` in option names to `$`. */
export function wireUrl<Q extends object>(adapter: RequestAdapter, builder: Getter<unknown, Q>, config?: RequestConfiguration<Q>): string {
  const info = builder.toGetRequestInformation(config);
  info.pathParameters['baseurl'] = adapter.baseUrl;
  return info.URL.replace(/%24/g, '$');
}

/**
 * The typed answer of `builder.get(config)` and the raw JSON of the same request; fails with the
 * SDK's error if the typed call throws, and lists every value the SDK's model lost.
 */
export async function typedAndRaw<T, Q extends object>(
  h: Harness,
  adapter: RequestAdapter,
  builder: Getter<T, Q>,
  config?: RequestConfiguration<Q>,
): Promise<{ typed: T; raw: Json }> {
  const url = wireUrl(adapter, builder, config);
  const typed = await builder.get(config);
  const answer = await raw(h, url);
  assert.equal(answer.status, 200, `GET ${url}: ${answer.text.slice(0, 300)}`);
  assert.ok(typed !== undefined, `GET ${url}: the SDK returned no object`);
  assert.deepEqual(lostInTyping(typed, answer.json()), [], `GET ${url}: the SDK's model differs from the JSON`);
  return { typed, raw: answer.json() };
}

/** Every raw page of a listing, following @odata.nextLink. */
export async function rawPages(h: Harness, url: string): Promise<Json[]> {
  const pages: Json[] = [];
  for (let next: string | undefined = url; next !== undefined;) {
    const answer = await raw(h, next);
    assert.equal(answer.status, 200, `GET ${next}: ${answer.text.slice(0, 300)}`);
    const page = answer.json() as { '@odata.nextLink'?: string };
    pages.push(page as Json);
    next = page['@odata.nextLink'];
  }
  return pages;
}

interface Listing<T> {
  value?: T[] | null;
  odataNextLink?: string | null;
}

/**
 * Reads a whole listing with the SDK core's PageIterator from the first typed page, and the raw
 * pages of the same request; `lost` lists what the typed items lost against the raw ones.
 */
export async function iterateAll<T extends Parsable & { id?: string | null }, C extends Listing<T> & Parsable, Q extends object>(
  h: Harness,
  adapter: RequestAdapter,
  builder: Getter<C, Q>,
  factory: ParsableFactory<C>,
  errors: Record<string, ParsableFactory<Parsable>>,
  config: RequestConfiguration<Q>,
): Promise<{ items: T[]; pages: number; rawItems: number; lost: string[] }> {
  const first = await builder.get(config);
  assert.ok(first?.value, 'the first page has a value');
  const items: T[] = [];
  const start: PageCollection<T> = { value: first.value, ...(first.odataNextLink ? { odataNextLink: first.odataNextLink } : {}) };
  const iterator = new PageIterator<T>(
    adapter,
    start,
    (item) => {
      items.push(item);
      return true;
    },
    factory as unknown as ParsableFactory<PageCollection<T>>,
    errors,
  );
  await iterator.iterate();
  const pages = await rawPages(h, wireUrl(adapter, builder, config));
  const rawItems = pages.flatMap((p) => (p as { value: Json[] }).value);
  const lost = items.flatMap((item, i) => (i < rawItems.length ? lostInTyping(item, rawItems[i]!, `item ${i} (${String(item.id)})`) : []));
  return { items, pages: pages.length, rawItems: rawItems.length, lost };
}

/** The ids of a listing's first page, read without the SDK (so an SDK failure there hides nothing else). */
export async function rawIds<Q extends object>(h: Harness, adapter: RequestAdapter, builder: Getter<unknown, Q>, n: number): Promise<string[]> {
  const answer = await raw(h, wireUrl(adapter, builder));
  assert.equal(answer.status, 200, answer.text.slice(0, 300));
  const ids = (answer.json() as { value: { id: string }[] }).value.slice(0, n).map((r) => r.id);
  assert.ok(ids.length > 0, 'the listing has rows in the seeded tenant');
  return ids;
}
