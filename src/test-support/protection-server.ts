// The app over a real store holding the protection fixture for two tenants (no port), and the
// oracle of the first, for the /amr/v1 protection tests (decision 0092).
import { Readable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { ensureSigningKey, mintDevToken, type MintOptions } from '../server/tokens.js';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { testDatabase } from './test-db.js';
import { ProtectionOracle } from './expected-protection.js';
import { PROTECTION_OTHER_TENANT, PROTECTION_TENANT, protectionNdjson, protectionSnapshot } from './protection-http-tenant.js';

export const PROTECTION_NOW = new Date('2026-11-20T12:00:00Z');
/** How many of the fixture's people the other tenant has. */
export const OTHER_TENANT_PEOPLE = 3;
const CALLER = 'cccccccc-0000-4000-8000-000000000001';

export interface ProtectionServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly oracle: ProtectionOracle;
  readonly otherOracle: ProtectionOracle;
  token(options?: Partial<MintOptions>): Promise<string>;
  /** GET with a token of the fixture tenant (or `options`); an absolute next link is accepted. */
  get(url: string, options?: Partial<MintOptions>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startProtectionServer(): Promise<ProtectionServer> {
  const store = await openStore({ db: await testDatabase(), now: () => PROTECTION_NOW });
  const raw = protectionSnapshot();
  const other = protectionSnapshot(PROTECTION_OTHER_TENANT, OTHER_TENANT_PEOPLE);
  for (const [name, snapshot] of [
    ['protection', raw],
    ['other', other],
  ] as const) {
    await importSnapshot(store, Readable.from([protectionNdjson(snapshot)]), { sourceName: name, encoding: 'ndjson', now: () => PROTECTION_NOW });
  }
  const key = await ensureSigningKey(store);
  const app = await buildApp({
    config: loadConfig({}),
    store,
    signingKey: key,
    skipTokenSecret: 'protection-secret',
    logger: false,
    now: () => PROTECTION_NOW,
  });
  // One caller throughout (a next link is bound to its caller); a test names another objectId to be someone else.
  const token = (options: Partial<MintOptions> = {}) => mintDevToken(key, { tenantId: PROTECTION_TENANT, objectId: CALLER, ...options }, PROTECTION_NOW);
  return {
    app,
    store,
    oracle: new ProtectionOracle(raw),
    otherOracle: new ProtectionOracle(other),
    token,
    get: async (url, options = {}) =>
      app.inject({ method: 'GET', url: url.replace(/^https?:\/\/[^/]+/, ''), headers: { authorization: `Bearer ${await token(options)}` } }),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
