// Property: on an injected clock, no request is sent before a Retry-After it was told of has passed (issue 12 item 5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GraphClient } from './graph-client.js';
import { classifyRequest } from './limits.js';
import { ManualClock } from './manual-clock.js';
import { RequestScheduler } from './scheduler.js';
import { BearerToken, type TokenProvider } from './token-source.js';

type Answer =
  | { readonly kind: 'ok' }
  | { readonly kind: '429'; readonly ra: { readonly form: 'int' | 'frac' | 'date'; readonly ms: number } | undefined }
  | { readonly kind: '503' };

const answer: fc.Arbitrary<Answer> = fc.oneof(
  fc.constant<Answer>({ kind: 'ok' }),
  fc.constant<Answer>({ kind: '503' }),
  fc.record({
    kind: fc.constant('429' as const),
    ra: fc.option(
      fc.oneof(
        fc.integer({ min: 0, max: 30 }).map((s) => ({ form: 'int' as const, ms: s * 1000 })),
        fc.integer({ min: 1, max: 20_000 }).map((ms) => ({ form: 'frac' as const, ms })),
        fc.integer({ min: 1, max: 20 }).map((s) => ({ form: 'date' as const, ms: s * 1000 })),
      ),
      { nil: undefined },
    ),
  }),
);

interface Event {
  readonly order: number;
  readonly at: number;
  readonly tenant: string;
  readonly cls: string;
}

const PATHS = ['/v1.0/auditLogs/directoryAudits', '/v1.0/organization', '/beta/reports/authenticationMethods/userRegistrationDetails'];

test('property: after a 429 is read, nothing of its tenant and class is sent before its Retry-After has passed', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(answer, { maxLength: 30 }),
      fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 30 }),
      fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 12 }),
      async (script, latencies, calls) => {
        const clock = new ManualClock(Date.UTC(2025, 0, 1, 0, 0, 0, 0));
        const scheduler = new RequestScheduler({ clock });
        let order = 0;
        let next = 0;
        const sends: Event[] = [];
        const deadlines: (Event & { until: number })[] = [];
        const tokens: TokenProvider = { getToken: async () => new BearerToken('t', clock.now() + 86_400_000), invalidate: () => undefined };
        const client = (tenant: string): GraphClient =>
          new GraphClient({
            settings: { graphUrl: 'https://graph.example', tenant, clientId: 'app' },
            tokens,
            scheduler,
            clock,
            random: () => 0.5,
            maxAttempts: 50,
            fetch: (url) => {
              const cls = classifyRequest('GET', url.slice('https://graph.example'.length)).cls;
              sends.push({ order: order++, at: clock.now(), tenant, cls });
              const a = script[next] ?? { kind: 'ok' };
              const latency = latencies[next % latencies.length]!;
              next++;
              return new Promise((resolve) =>
                clock.setTimer(latency, () =>
                  resolve(
                    respond(a, clock, (until) => {
                      deadlines.push({ order: order++, at: clock.now(), tenant, cls, until });
                    }),
                  ),
                ),
              );
            },
          });
        const clients = { a: client('a'), b: client('b') };
        const work = calls.map(([tenant, p]) => clients[tenant as 'a' | 'b'].get(PATHS[p]!));
        await clock.runUntil(Promise.all(work));
        for (const d of deadlines) {
          for (const s of sends) {
            if (s.tenant === d.tenant && s.cls === d.cls && s.order > d.order)
              assert.ok(s.at >= d.until, `sent at +${s.at - d.at} ms, Retry-After until +${d.until - d.at} ms`);
          }
        }
      },
    ),
    { numRuns: 150 },
  );
});

/** A Response for `a`; a 429's deadline is noted when the client first reads its status. */
function respond(a: Answer, clock: ManualClock, told: (until: number) => void): Response {
  if (a.kind === 'ok') return new Response('{"value":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
  if (a.kind === '503') return new Response('{}', { status: 503 });
  const headers: Record<string, string> = {};
  let until = clock.now();
  if (a.ra !== undefined) {
    if (a.ra.form === 'date') {
      until = Math.floor(clock.now() / 1000) * 1000 + a.ra.ms;
      headers['retry-after'] = new Date(until).toUTCString();
    } else {
      headers['retry-after'] = a.ra.form === 'int' ? String(a.ra.ms / 1000) : (a.ra.ms / 1000).toFixed(3);
      until = clock.now() + a.ra.ms;
    }
  }
  const res = new Response('{"error":{"code":"TooManyRequests","message":"Please retry again later."}}', { status: 429, headers });
  let noted = false;
  Object.defineProperty(res, 'status', {
    get: () => {
      if (!noted) told(until);
      noted = true;
      return 429;
    },
  });
  return res;
}
