// Test support for the sync client's tests: a node:http server on loopback whose answers each test scripts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** Date.now() when the request's body had arrived. */
  readonly at: number;
}

export type Handler = (req: Received, res: ServerResponse) => void | Promise<void>;

export interface Loopback {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with a free port; every request is recorded, then handed to `handler`. */
export async function startLoopback(handler: Handler): Promise<Loopback> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      received.push(r);
      Promise.resolve(handler(r, res)).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Graph's error envelope (graph-api §2.5). */
export function graphErrorBody(code: string, message: string): unknown {
  return {
    error: {
      code,
      message,
      innerError: {
        date: '2025-01-01T00:00:00',
        'request-id': '94fb3b52-452a-4535-a601-69e0a90e3aa2',
        'client-request-id': '94fb3b52-452a-4535-a601-69e0a90e3aa2',
      },
    },
  };
}

/** An Entra token-endpoint error body, shaped as Entra sends it. */
export function aadErrorBody(error: string, code: number, text: string): unknown {
  return {
    error,
    error_description: `AADSTS${code}: ${text}\r\nTrace ID: 0000\r\nCorrelation ID: 1111\r\nTimestamp: 2025-01-01 00:00:00Z`,
    error_codes: [code],
    timestamp: '2025-01-01 00:00:00Z',
    trace_id: '0000',
    correlation_id: '1111',
    error_uri: 'https://login.microsoftonline.com/error?code=' + String(code),
  };
}

/** Parses a JSON text into unknown, for tests that look inside bodies. */
export function parse(text: string): unknown {
  return JSON.parse(text) as unknown;
}
