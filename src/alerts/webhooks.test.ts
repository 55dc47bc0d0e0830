// Webhook delivery against a loopback receiver: the signature checked by an independent HMAC, retries
// with back-off on 5xx / 429 (Retry-After) / network errors, none on other 4xx, every attempt
// logged; a pending delivery survives a restart. The clock and the sleep are injected.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { testDatabaseFile } from '../test-support/test-db.js';
import { WebhookSender } from './sender.js';
import { checkWebhookUrl, retryDelayMs, signBody } from './webhooks.js';
import { AlertInputError } from './rules.js';

const TENANT = 'dd5bff5f-1a20-4f27-864d-c3b9d8f78e1f';
const SECRET = 'test-secret-0123456789';

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** Answers each request with the next scripted status (the last one repeats). */
class Receiver {
  readonly received: Received[] = [];
  script: (number | [number, Record<string, string>])[] = [200];
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const step = this.script.length > 1 ? this.script.shift()! : this.script[0]!;
        const [status, headers] = Array.isArray(step) ? step : [step, {}];
        res.writeHead(status, headers).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

/** A manual clock: sleeping advances it; the sleeps are recorded. */
function manualClock(start: string) {
  let t = Date.parse(start);
  const slept: number[] = [];
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
    slept,
  };
}

/** One open alert with one delivery queued for `url`. */
async function queue(store: Store, url: string, at: Date, alertId = 'alert-1'): Promise<void> {
  await store.addWebhook({ tenantId: TENANT, id: 'hook-1', url, secret: SECRET, enabled: true, createdAt: at.toISOString() });
  await store.updateAlerts(TENANT, () => ({
    opened: [
      {
        tenantId: TENANT,
        id: alertId,
        ruleId: 'r',
        conditionKey: `r|${alertId}`,
        status: 'open',
        firstSeenAt: at.toISOString(),
        lastSeenAt: at.toISOString(),
        resolvedAt: null,
        detailJson: '{}',
      },
    ],
    resolved: [],
    seen: [],
    deliveries: [
      {
        tenantId: TENANT,
        id: `delivery-${alertId}`,
        webhookId: 'hook-1',
        alertId,
        event: 'alert.opened',
        payloadJson: JSON.stringify({ id: `delivery-${alertId}`, event: 'alert.opened', tenantId: TENANT, alert: { id: alertId } }),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at.toISOString(),
        lastStatusCode: null,
        lastError: null,
        createdAt: at.toISOString(),
      },
    ],
  }));
}

describe('webhook delivery', () => {
  const receiver = new Receiver();
  let dir: string;
  before(async () => {
    await receiver.start();
    dir = await mkdtemp(join(tmpdir(), 'amr-webhooks-'));
  });
  after(async () => {
    await receiver.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('signed body: X-Amr-Signature is the HMAC-SHA256 of the raw body; retried after 503, 429 (Retry-After) and 500; logged', async () => {
    receiver.received.length = 0;
    receiver.script = [503, [429, { 'Retry-After': '30' }], 500, 204];
    const clock = manualClock('2026-12-07T10:00:00Z');
    const store = await openStore({ db: await testDatabaseFile(dir, 'a.db') });
    try {
      await queue(store, receiver.url, clock.now());
      const sender = new WebhookSender(store, { now: clock.now, sleep: clock.sleep, random: () => 0.5, baseDelayMs: 1000, factor: 4 });
      await sender.drain();
      assert.equal(receiver.received.length, 4);
      for (const r of receiver.received) {
        const expected = Buffer.from(`sha256=${createHmac('sha256', Buffer.from(SECRET, 'utf8')).update(Buffer.from(r.body, 'utf8')).digest('hex')}`);
        const given = Buffer.from(String(r.headers['x-amr-signature']));
        assert.ok(given.length === expected.length && timingSafeEqual(given, expected), 'the signature verifies');
        assert.equal(r.headers['x-amr-delivery'], 'delivery-alert-1');
        assert.equal(r.headers['content-type'], 'application/json');
        const body = JSON.parse(r.body) as { id: string; event: string; tenantId: string; sentDateTime: string };
        assert.deepEqual([body.id, body.event, body.tenantId], ['delivery-alert-1', 'alert.opened', TENANT]);
        assert.equal(r.headers['x-amr-timestamp'], String(Math.floor(Date.parse(body.sentDateTime) / 1000)));
      }
      // Back-off with equal jitter at random 0.5: 0.75 × 1 s, then Retry-After 30 s (above 3 s), then 0.75 × 16 s.
      assert.deepEqual(clock.slept, [750, 30_000, 12_000]);
      const [log] = await store.listDeliveries(TENANT, 'hook-1', 10);
      assert.equal(log!.status, 'succeeded');
      assert.deepEqual(
        log!.attemptLog.map((a) => a.statusCode),
        [503, 429, 500, 204],
      );
    } finally {
      await store.close();
    }
  });

  test('a 400 is final: no retry; a network error is retried until the attempts run out', async () => {
    receiver.received.length = 0;
    receiver.script = [400];
    const clock = manualClock('2026-12-07T10:00:00Z');
    const store = await openStore({ db: await testDatabaseFile(dir, 'b.db') });
    try {
      await queue(store, receiver.url, clock.now());
      await new WebhookSender(store, { now: clock.now, sleep: clock.sleep, random: () => 0 }).drain();
      assert.equal(receiver.received.length, 1);
      const [log] = await store.listDeliveries(TENANT, 'hook-1', 10);
      assert.deepEqual([log!.status, log!.attempts, log!.lastStatusCode], ['failed', 1, 400]);

      await store.deleteWebhook(TENANT, 'hook-1');
      await queue(store, 'http://127.0.0.1:1/refused', clock.now(), 'alert-2'); // nothing listens on port 1
      await new WebhookSender(store, { now: clock.now, sleep: clock.sleep, random: () => 0, maxAttempts: 3 }).drain();
      const [gone] = await store.listDeliveries(TENANT, 'hook-1', 10);
      assert.deepEqual([gone!.status, gone!.attempts, gone!.lastStatusCode], ['failed', 3, null]);
      assert.ok(gone!.attemptLog.every((a) => a.error !== null));
    } finally {
      await store.close();
    }
  });

  test('a pending delivery survives a restart: a new server resumes it from the table', async () => {
    receiver.received.length = 0;
    receiver.script = [503, 200];
    const clock = manualClock('2026-12-07T10:00:00Z');
    const file = await testDatabaseFile(dir, 'c.db');
    const first = await openStore({ db: file });
    await queue(first, receiver.url, clock.now());
    // The first server makes one attempt, then stops before the retry is due.
    let stopAfterOne: WebhookSender | null = null;
    stopAfterOne = new WebhookSender(first, { now: clock.now, random: () => 0, sleep: async () => void (await stopAfterOne!.stop()) });
    await stopAfterOne.drain();
    await first.close();
    assert.equal(receiver.received.length, 1);

    clock.advance(60_000);
    const second = await openStore({ db: file });
    try {
      await new WebhookSender(second, { now: clock.now, sleep: clock.sleep }).drain();
      assert.equal(receiver.received.length, 2);
      const [log] = await second.listDeliveries(TENANT, 'hook-1', 10);
      assert.deepEqual([log!.status, log!.attempts], ['succeeded', 2]);
      assert.equal((JSON.parse(receiver.received[1]!.body) as { id: string }).id, 'delivery-alert-1', 'the same delivery, not a new one');
    } finally {
      await second.close();
    }
  });
});

test('back-off grows by the factor, with jitter between half and all of it, and honours a longer Retry-After', () => {
  const o = { baseDelayMs: 1000, factor: 4, maxDelayMs: 3_600_000 };
  assert.deepEqual(
    [1, 2, 3].map((a) => retryDelayMs(a, null, { ...o, random: () => 1 })),
    [1000, 4000, 16000],
  );
  assert.deepEqual(
    [1, 2, 3].map((a) => retryDelayMs(a, null, { ...o, random: () => 0 })),
    [500, 2000, 8000],
  );
  assert.equal(retryDelayMs(1, 90_000, { ...o, random: () => 0 }), 90_000);
  assert.equal(retryDelayMs(20, null, { ...o, random: () => 1 }), 3_600_000);
});

test('webhook URLs: http(s) only, no credentials', () => {
  assert.equal(checkWebhookUrl('https://hooks.example.org/amr'), 'https://hooks.example.org/amr');
  for (const bad of ['ftp://x.org/', 'file:///etc/passwd', 'https://user:pw@x.org/', 'not a url', '', 42]) {
    assert.throws(
      () => checkWebhookUrl(bad),
      (e: unknown) => e instanceof AlertInputError && e.field === 'url',
      String(bad),
    );
  }
  assert.equal(signBody('k', 'body'), `sha256=${createHmac('sha256', 'k').update('body').digest('hex')}`);
});
