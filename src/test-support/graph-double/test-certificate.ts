// A self-signed X.509 certificate made in process (a small DER writer over node:crypto), so tests
// can register a certificate with the double and sign client assertions without openssl; and a
// client-assertion signer as Microsoft's "Certificate credentials" page describes.
import { createHash, createPrivateKey, generateKeyPairSync, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), length(body.length), body]);
const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a! + b!];
  for (const n of rest) {
    const chunk: number[] = [n % 128];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v % 128));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

const utcTime = (d: Date): Buffer => tlv(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'));
const name = (cn: string): Buffer => seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))));
const SHA256_RSA = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

export interface TestCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly privateKey: KeyObject;
  /** base64url SHA-1 and SHA-256 thumbprints of the DER certificate (the x5t and x5t#S256 headers). */
  readonly x5t: string;
  readonly x5tS256: string;
}

/** An RSA-2048 self-signed certificate valid from a day before `now` for `days` days. */
export function createTestCertificate(subject = 'amr graph double test', now = new Date(), days = 365): TestCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serial = Buffer.from(randomUUID().replace(/-/g, ''), 'hex');
  // A positive INTEGER in minimal form: a leading 0x00 before a byte under 0x80 is padding DER
  // forbids (OpenSSL refused 1 certificate in 128 with "illegal padding").
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, serial),
    SHA256_RSA,
    name(subject),
    seq(utcTime(new Date(now.getTime() - 86_400_000)), utcTime(new Date(now.getTime() + days * 86_400_000))),
    name(subject),
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, SHA256_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const certificatePem = `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END CERTIFICATE-----\n`;
  new X509Certificate(certificatePem); // parses, or throws here rather than in a test
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    certificatePem,
    privateKeyPem,
    privateKey: createPrivateKey(privateKeyPem),
    x5t: createHash('sha1').update(der).digest('base64url'),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
  };
}

export interface AssertionOptions {
  readonly clientId: string;
  /** The token endpoint URL: the assertion's audience. */
  readonly audience: string;
  readonly alg?: 'RS256' | 'PS256';
  readonly thumbprint?: 'x5t' | 'x5t#S256';
  /** Seconds since the epoch; default now. */
  readonly issuedAt?: number;
  readonly lifetimeSeconds?: number;
  /** Override claims (tests of refused assertions). */
  readonly claims?: Readonly<Record<string, string | number>>;
}

export async function signClientAssertion(cert: TestCertificate, o: AssertionOptions): Promise<string> {
  const iat = o.issuedAt ?? Math.floor(Date.now() / 1000);
  const header = o.thumbprint === 'x5t#S256' ? { 'x5t#S256': cert.x5tS256 } : { x5t: cert.x5t };
  return new SignJWT({ jti: randomUUID(), ...(o.claims ?? {}) })
    .setProtectedHeader({ alg: o.alg ?? 'RS256', typ: 'JWT', ...header })
    .setIssuer(o.clientId)
    .setSubject(o.clientId)
    .setAudience(o.audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + (o.lifetimeSeconds ?? 600))
    .sign(cert.privateKey);
}
