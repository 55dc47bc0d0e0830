// Who is asking and under which origin amr answers (docs/decisions/0056-proxies-and-cors.md): the origin of
// every link amr writes (AMR_PUBLIC_URL, else forwarding headers from a trusted proxy, else the
// request's own Host or, without one, the socket's address), the client's address, and whether a
// request may count as coming from this machine (the demo sign-in, keyless /metrics).
import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { badRequest } from '../graph/errors.js';

export interface ProxySettings {
  /** scheme://host[:port] of every link amr writes (AMR_PUBLIC_URL), or null. */
  readonly publicUrl: string | null;
  /** Peers whose forwarding headers count (AMR_TRUST_PROXY): addresses and CIDRs. */
  readonly trustProxy: readonly string[];
}

/** True when amr is told it sits behind a proxy: then nothing counts as "this machine" any more. */
export const behindProxy = (p: ProxySettings): boolean => p.publicUrl !== null || p.trustProxy.length > 0;

// RFC 3986 §3.2.2 host (reg-name as DNS-style labels, IPv4, or a bracketed IPv6 literal) and port.
const LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?';
const HOST_PORT = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*\\.?|\\[[0-9A-Fa-f:.]{2,45}\\])(?::(\\d{1,5}))?$`);

/** Whether `value` is a host with an optional port, as a Host header or X-Forwarded-Host must be. */
export function isHostPort(value: string): boolean {
  if (value.length > 261) return false;
  const m = HOST_PORT.exec(value);
  if (m === null) return false;
  if (value.startsWith('[') && isIP(value.slice(1, value.indexOf(']'))) !== 6) return false;
  return m[1] === undefined || Number(m[1]) <= 65535;
}

/** The address without an IPv4-mapped IPv6 prefix (`::ffff:127.0.0.1` → `127.0.0.1`). */
export function plainAddress(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

function contains(list: BlockList, address: string): boolean {
  const plain = plainAddress(address);
  const family = isIP(plain);
  return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

export const isLoopback = (address: string): boolean => contains(LOOPBACK, address);

/**
 * AMR_TRUST_PROXY's entries as a BlockList: `loopback`, addresses, and CIDRs (IPv4 or IPv6). An
 * entry that is none of these throws, naming it.
 */
export function trustList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    if (entry.toLowerCase() === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || extra !== undefined) throw new Error(`'${entry}' is not an IP address or CIDR (e.g. 10.0.0.5, 10.0.0.0/8, fd00::/8, loopback)`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      list.addAddress(address!, type);
      continue;
    }
    const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (!(bits >= 0 && bits <= (family === 4 ? 32 : 128))) throw new Error(`'${entry}' has a prefix length that is not valid for ${type}`);
    list.addSubnet(address!, bits, type);
  }
  return list;
}

/** How many Host header lines the request had (rawHeaders alternates names and values). */
function hostLines(rawHeaders: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.length === 4 && rawHeaders[i]!.toLowerCase() === 'host') n++;
  return n;
}

/** The origin a client named in an absolute-form request line (`GET http://host/path`), kept by rewriteUrl. */
const ABSOLUTE_FORM = /^(https?):\/\/([^/?#]*)/i;
const namedAuthority = new WeakMap<IncomingMessage, string>();

/**
 * fastify's rewriteUrl: an absolute-form request target (RFC 9112 §3.2.2, which a server MUST
 * accept) is routed by its path, and its authority stands for the Host header.
 */
export function rewriteAbsoluteForm(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const m = ABSOLUTE_FORM.exec(url);
  if (m === null) return url;
  namedAuthority.set(req, m[2]!);
  const rest = url.slice(m[0].length);
  req.url = rest.startsWith('/') ? rest : `/${rest}`;
  return req.url;
}

/** The last element of a comma-separated header (the one the nearest proxy added). */
function lastOf(value: string | string[] | undefined): string | undefined {
  const joined = Array.isArray(value) ? value.join(',') : value;
  if (joined === undefined) return undefined;
  const parts = joined
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return parts[parts.length - 1];
}

/** RFC 7239 `Forwarded`: the pairs of its last element (the nearest proxy's). */
function forwardedPairs(value: string | string[] | undefined): Map<string, string> {
  const pairs = new Map<string, string>();
  const element = lastOf(value);
  if (element === undefined) return pairs;
  for (const pair of element.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const v = pair.slice(eq + 1).trim();
    pairs.set(pair.slice(0, eq).trim().toLowerCase(), v.startsWith('"') && v.endsWith('"') && v.length >= 2 ? v.slice(1, -1) : v);
  }
  return pairs;
}

const invalidHost = (what: string): Error => badRequest(`The ${what} is not a valid host[:port]. Set AMR_PUBLIC_URL when amr is reached under another name.`);

export interface RequestParty {
  /** scheme://host[:port] for absolute links. */
  readonly origin: string;
  /** The client's address: the socket's peer, or what a trusted proxy says it forwarded for. */
  readonly clientAddress: string;
  /** The request came through a proxy amr knows of, or amr was told it sits behind one. */
  readonly proxied: boolean;
}

/** Resolves origins and client addresses for one server's settings. */
export class PublicOrigin {
  private readonly trusted: BlockList;

  constructor(private readonly settings: ProxySettings) {
    this.trusted = trustList(settings.trustProxy);
  }

  get behindProxy(): boolean {
    return behindProxy(this.settings);
  }

  /** Throws a 400 in Graph's envelope for a Host (or forwarded host) that is not host[:port]. */
  resolve(request: FastifyRequest): RequestParty {
    const raw = request.raw;
    const socket = raw.socket;
    const peer = plainAddress(socket.remoteAddress ?? '');
    const fromProxy = this.settings.trustProxy.length > 0 && contains(this.trusted, peer);
    const ownScheme = (socket as TLSSocket).encrypted === true ? 'https' : 'http';
    // RFC 9112 §3.2: a request with more than one Host line gets a 400 (Node keeps only the first).
    if (hostLines(raw.rawHeaders) > 1) throw badRequest('The request has more than one Host header; send exactly one (RFC 9112 §3.2).');
    const named = namedAuthority.get(raw);
    const host = named ?? request.headers.host;
    if (named === undefined && host !== undefined && !isHostPort(host)) throw invalidHost('Host header');
    if (named !== undefined && !isHostPort(named)) throw invalidHost('authority in the request line');
    let origin: string;
    let clientAddress = peer;
    if (fromProxy) {
      const forwarded = forwardedPairs(request.headers.forwarded);
      const proto = (forwarded.get('proto') ?? lastOf(request.headers['x-forwarded-proto']))?.toLowerCase();
      const fwdHost = forwarded.get('host') ?? lastOf(request.headers['x-forwarded-host']);
      if (fwdHost !== undefined && !isHostPort(fwdHost)) throw invalidHost('forwarded host');
      const scheme = proto === 'https' || proto === 'http' ? proto : ownScheme;
      origin = `${scheme}://${fwdHost ?? host ?? this.socketHost(raw)}`;
      clientAddress = this.forwardedFor(peer, request) ?? peer;
    } else {
      origin = `${ownScheme}://${host ?? this.socketHost(raw)}`;
    }
    if (this.settings.publicUrl !== null) origin = this.settings.publicUrl;
    return { origin, clientAddress, proxied: this.behindProxy || fromProxy };
  }

  /**
   * The nearest untrusted address in the chain: X-Forwarded-For (or Forwarded's for=) read from
   * the right, skipping the trusted proxies' own entries.
   */
  private forwardedFor(peer: string, request: FastifyRequest): string | null {
    const forwarded = request.headers.forwarded;
    const chain =
      forwarded !== undefined
        ? (Array.isArray(forwarded) ? forwarded.join(',') : forwarded).split(',').map((e) => forwardedPairs(e).get('for') ?? '')
        : lastOfAll(request.headers['x-forwarded-for']);
    let client: string | null = null;
    for (let i = chain.length - 1; i >= 0; i--) {
      const address = plainAddress(chain[i]!.replace(/^\[([^\]]+)\](:\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1'));
      if (isIP(address) === 0) return client ?? peer;
      client = address;
      if (!contains(this.trusted, address)) return address;
    }
    return client;
  }

  private socketHost(raw: IncomingMessage): string {
    const address = plainAddress(raw.socket.localAddress ?? '127.0.0.1');
    const port = raw.socket.localPort;
    const host = isIP(address) === 6 ? `[${address}]` : address;
    return port === undefined ? host : `${host}:${port}`;
  }
}

function lastOfAll(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * A request from this machine, in a server that is not behind a proxy: a loopback peer, no
 * forwarding headers, addressed by a loopback name (a DNS-rebinding page reaches 127.0.0.1 under
 * its own host name). A proxy on this machine passes the first two, which is why behind a proxy
 * (AMR_PUBLIC_URL or AMR_TRUST_PROXY) nothing is local, and the demo sign-in also needs its code.
 */
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip'];

export function isLocalRequest(request: FastifyRequest, settings: ProxySettings): boolean {
  return (
    !behindProxy(settings) &&
    isLoopback(request.socket.remoteAddress ?? '') &&
    LOOPBACK_HOST.test(namedAuthority.get(request.raw) ?? request.headers.host ?? '') &&
    !FORWARDING_HEADERS.some((h) => h in request.headers)
  );
}
