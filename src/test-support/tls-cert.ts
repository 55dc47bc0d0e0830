// A throwaway self-signed certificate for the tests that serve amr over TLS (as Microsoft's clients
// require https): P-256, one day, for localhost and 127.0.0.1, written as cert.pem and key.pem in `dir`.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** Where selfSignedCert(dir) writes the certificate and its key. */
export const tlsIn = (dir: string): TlsFiles => ({ certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') });

export async function selfSignedCert(dir: string): Promise<TlsFiles> {
  const { certFile, keyFile } = tlsIn(dir);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ]);
  return { certFile, keyFile };
}

/** `amr serve`'s flags for these files. */
export const tlsArgs = (tls: TlsFiles): string[] => ['--tls-cert', tls.certFile, '--tls-key', tls.keyFile];
