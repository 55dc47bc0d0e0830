// GETs a small JSON document (an OpenID discovery document, a JWKS) with a deadline on the whole
// exchange and a cap on the body, so a slow, broken or hostile endpoint can neither hold a request
// for long nor make amr buffer more than `maxBytes` (decision 0057).

export interface FetchLimits {
  /** Connect, headers and body together. */
  readonly timeoutMs: number;
  /** Largest body read; a longer one is refused (by Content-Length, or once this many bytes arrived). */
  readonly maxBytes: number;
}

/** Why a document could not be had; `message` is meant for the caller's error message. */
export class FetchFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FetchFailure';
  }
}

export async function fetchJson(url: string, limits: FetchLimits): Promise<unknown> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const timedOut = () => new FetchFailure(`${url} did not answer within ${limits.timeoutMs} ms`);
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (err) {
    if (signal.aborted) throw timedOut();
    const cause = (err as { cause?: { message?: unknown } }).cause?.message;
    throw new FetchFailure(`${url} is unreachable (${typeof cause === 'string' ? cause : (err as Error).message})`, { cause: err });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new FetchFailure(`${url} answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new FetchFailure(`${url} sent more than ${limits.maxBytes} bytes`);
  }
  let text: string;
  try {
    text = await readCapped(response, limits.maxBytes);
  } catch (err) {
    if (err instanceof FetchFailure) throw new FetchFailure(`${url} ${err.message}`);
    if (signal.aborted) throw timedOut();
    throw new FetchFailure(`${url} broke off (${(err as Error).message})`, { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FetchFailure(`${url} did not send JSON`);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FetchFailure(`sent more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
