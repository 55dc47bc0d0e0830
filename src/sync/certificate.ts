// Reads AMR_SYNC_CERTIFICATE: a PEM holding an RSA private key and its certificate, for a signed client assertion.
import { X509Certificate, createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { SyncError } from './sync-error.js';

/** The key that signs client assertions and the thumbprints Entra uses to find the registered certificate. */
export class CertificateCredential {
  readonly #key: KeyObject;
  /** base64url SHA-1 of the certificate's DER (the `x5t` header). */
  readonly x5t: string;
  /** base64url SHA-256 of the certificate's DER (the `x5t#S256` header). */
  readonly x5tS256: string;
  readonly notAfter: Date;
  readonly subject: string;

  constructor(key: KeyObject, cert: X509Certificate) {
    this.#key = key;
    this.x5t = createHash('sha1').update(cert.raw).digest('base64url');
    this.x5tS256 = createHash('sha256').update(cert.raw).digest('base64url');
    this.notAfter = new Date(cert.validTo);
    this.subject = cert.subject;
  }

  /** The private key, for the token source's signer only. */
  privateKey(): KeyObject {
    return this.#key;
  }

  toJSON(): Record<string, string> {
    return { x5t: this.x5t, 'x5t#S256': this.x5tS256, notAfter: this.notAfter.toISOString(), subject: this.subject };
  }

  [inspect.custom](): string {
    return `CertificateCredential ${JSON.stringify(this.toJSON())}`;
  }
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);

/**
 * The credential in `pem`, or a `settings` SyncError naming `variable` that never quotes the PEM. The key must be
 * RSA (assertions are signed PS256), unencrypted, and one certificate in the PEM must match it and be valid at `now`.
 */
export function readCertificatePem(pem: string, variable: string, now: number): CertificateCredential {
  const blocks = [...pem.matchAll(BLOCK)].map((m) => ({ label: m[1]!, text: m[0] }));
  const bad = (why: string): SyncError => new SyncError('settings', `${variable}: ${why}`);
  if (blocks.some((b) => b.label === 'ENCRYPTED PRIVATE KEY')) {
    throw bad('the private key is encrypted; export it without a passphrase and protect the file instead');
  }
  const keyBlock = blocks.find((b) => KEY_LABELS.has(b.label));
  if (keyBlock === undefined) throw bad('no private key found (expected a "BEGIN PRIVATE KEY" block in the PEM)');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyBlock.text, format: 'pem' });
  } catch {
    throw bad('the private key could not be read');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw bad(`the private key is ${key.asymmetricKeyType ?? 'of an unknown type'}; an RSA key is needed (assertions are signed PS256)`);
  }
  const certs = blocks.filter((b) => b.label === 'CERTIFICATE');
  if (certs.length === 0) throw bad('no certificate found (expected a "BEGIN CERTIFICATE" block in the PEM)');
  const cert = certs.map((b) => parseCert(b.text)).find((c) => c !== undefined && c.checkPrivateKey(key));
  if (cert === undefined) throw bad('no certificate in the PEM matches its private key');
  if (Date.parse(cert.validTo) <= now) throw bad(`the certificate expired on ${new Date(cert.validTo).toISOString()}`);
  if (Date.parse(cert.validFrom) > now) throw bad(`the certificate is not valid before ${new Date(cert.validFrom).toISOString()}`);
  return new CertificateCredential(key, cert);
}

function parseCert(text: string): X509Certificate | undefined {
  try {
    return new X509Certificate(text);
  } catch {
    return undefined;
  }
}
