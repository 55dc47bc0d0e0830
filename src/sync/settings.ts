// The sync settings: tenant, app credentials and cloud endpoints, read once from the environment and options.
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { isGuid } from '../util/object-id.js';
import { readCertificatePem, type CertificateCredential } from './certificate.js';
import { Secret } from './secret.js';
import { SyncError } from './sync-error.js';

export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';
export const DEFAULT_LOGIN_URL = 'https://login.microsoftonline.com';

export type SyncCredential =
  { readonly kind: 'secret'; readonly secret: Secret } | { readonly kind: 'certificate'; readonly certificate: CertificateCredential };

export interface SyncSettings {
  /** A GUID (lower case) or a domain name of the tenant (lower case), as the token endpoint accepts either. */
  readonly tenant: string;
  /** The application (client) id, a GUID in lower case. */
  readonly clientId: string;
  readonly credential: SyncCredential;
  /** Graph's root, no trailing slash: `https://graph.microsoft.com` or a national cloud's host. */
  readonly graphUrl: string;
  /** The authority's root, no trailing slash: `https://login.microsoftonline.com` or a national cloud's. */
  readonly loginUrl: string;
}

export interface SyncSettingsInput {
  /** `--tenant`. */
  readonly tenant: string;
  /** The environment, passed in: sync reads no `process.env` of its own. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Options that win over the environment (a tenant's stored credentials, tests). */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** PEM text, or the path of a PEM file. */
  readonly certificate?: string;
  readonly graphUrl?: string;
  readonly loginUrl?: string;
  /** For the certificate's validity check. */
  readonly now?: number;
}

/** Every value checked; a `settings` SyncError naming the variable for the first bad one, never quoting a secret. */
export function readSyncSettings(input: SyncSettingsInput): SyncSettings {
  const pick = (option: string | undefined, name: string): string | undefined => {
    const v = option ?? input.env[name];
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  const settings: SyncSettings = {
    tenant: readTenant(input.tenant),
    clientId: readClientId(pick(input.clientId, 'AMR_SYNC_CLIENT_ID')),
    credential: readCredential(pick(input.clientSecret, 'AMR_SYNC_CLIENT_SECRET'), pick(input.certificate, 'AMR_SYNC_CERTIFICATE'), input.now ?? Date.now()),
    graphUrl: readEndpoint(pick(input.graphUrl, 'AMR_GRAPH_URL') ?? DEFAULT_GRAPH_URL, 'AMR_GRAPH_URL'),
    loginUrl: readEndpoint(pick(input.loginUrl, 'AMR_LOGIN_URL') ?? DEFAULT_LOGIN_URL, 'AMR_LOGIN_URL'),
  };
  return Object.freeze({
    ...settings,
    toJSON: () => describeSettings(settings),
    [inspect.custom]: () => `SyncSettings ${JSON.stringify(describeSettings(settings))}`,
  });
}

/** What logs may show: everything but the secret or key. */
export function describeSettings(s: SyncSettings): Record<string, unknown> {
  return {
    tenant: s.tenant,
    clientId: s.clientId,
    credential: s.credential.kind === 'secret' ? 'client secret' : { certificate: s.credential.certificate.toJSON() },
    graphUrl: s.graphUrl,
    loginUrl: s.loginUrl,
  };
}

const RESERVED_TENANTS = new Set(['common', 'organizations', 'consumers']);
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A GUID, or a DNS name such as contoso.onmicrosoft.com (docs/decisions/0071 "Tenant"). */
export function readTenant(raw: string): string {
  const t = raw.trim().toLowerCase();
  if (isGuid(t)) return t;
  if (RESERVED_TENANTS.has(t)) {
    throw new SyncError('settings', `--tenant: "${t}" names no tenant; app-only sync needs the tenant id (a GUID) or one of its verified domains`);
  }
  const labels = t.split('.');
  if (t.length > 253 || labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l)) || /^[0-9]+$/.test(labels.at(-1)!)) {
    throw new SyncError('settings', '--tenant must be the tenant id (a GUID) or a verified domain name such as contoso.onmicrosoft.com');
  }
  return t;
}

function readClientId(raw: string | undefined): string {
  if (raw === undefined) throw new SyncError('settings', 'AMR_SYNC_CLIENT_ID is not set: the application (client) id of the app registration');
  const t = raw.trim();
  if (!isGuid(t)) throw new SyncError('settings', 'AMR_SYNC_CLIENT_ID must be the application (client) id, a GUID');
  return t.toLowerCase();
}

function readCredential(secret: string | undefined, certificate: string | undefined, now: number): SyncCredential {
  if (secret !== undefined && certificate !== undefined) {
    throw new SyncError('settings', 'set only one of AMR_SYNC_CLIENT_SECRET and AMR_SYNC_CERTIFICATE');
  }
  if (secret !== undefined) return { kind: 'secret', secret: new Secret(secret.trim()) };
  if (certificate !== undefined) {
    return { kind: 'certificate', certificate: readCertificatePem(certificateText(certificate), 'AMR_SYNC_CERTIFICATE', now) };
  }
  throw new SyncError('settings', 'neither AMR_SYNC_CLIENT_SECRET nor AMR_SYNC_CERTIFICATE is set: the app needs a client secret or a certificate');
}

/** PEM text as given, or read from the file the value names. */
function certificateText(value: string): string {
  if (value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value.trim(), 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new SyncError('settings', `AMR_SYNC_CERTIFICATE holds no PEM and names no readable file (${typeof code === 'string' ? code : 'unreadable'})`);
  }
}

/** https://, or http:// to a loopback host; no credentials, query or fragment; returned without a trailing slash. */
export function readEndpoint(raw: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SyncError('settings', `${variable} is not an absolute URL`);
  }
  if (url.username !== '' || url.password !== '') throw new SyncError('settings', `${variable} must not carry a user name or password`);
  if (url.protocol === 'http:') {
    if (!isLoopback(url.hostname)) {
      throw new SyncError('settings', `${variable} must use https:// (http:// is accepted only for loopback hosts: 127.0.0.0/8, ::1, localhost)`);
    }
  } else if (url.protocol !== 'https:') {
    throw new SyncError('settings', `${variable} must be an https:// URL`);
  }
  if (url.search !== '' || url.hash !== '') throw new SyncError('settings', `${variable} must not have a query or fragment`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** 127.0.0.0/8, ::1 (as URL writes it, "[::1]") and localhost. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((p) => Number(p) <= 255);
}
