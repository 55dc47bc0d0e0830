// What `amr sync`, `amr verify` and `amr tenants` print: option checks, summaries, failure reasons.
// Pure functions over the orchestrator's contract types, so they are tested without a sync.
import type { SyncMode, SyncOutcome, SyncStatus, VerifyReport } from '../sync/run/contract.js';
import { SyncError } from '../sync/sync-error.js';
import { formatAge, formatDuration } from '../util/duration.js';
import { CliError } from './context.js';

const n = (v: number): string => v.toLocaleString('en-US');

/** `--mode`: full (default) or mirror. */
export function parseMode(raw: string | undefined): SyncMode | undefined {
  if (raw === undefined) return undefined;
  const m = raw.trim().toLowerCase();
  if (m === 'full' || m === 'mirror') return m;
  throw new CliError(
    `--mode ${JSON.stringify(raw)} is not a sync mode: use full (every user's methods, the default) or mirror (Entra's userRegistrationDetails only, for very large tenants)`,
  );
}

export interface SyncTarget {
  readonly kind: 'tenant' | 'all';
  readonly tenant?: string;
}

/** `--tenant ID` or `--all`: exactly one. */
export function syncTarget(options: { readonly tenant?: string; readonly all?: boolean }, command = 'sync'): SyncTarget {
  const tenant = options.tenant?.trim();
  if (options.all === true && tenant !== undefined) throw new CliError(`${command}: give either --tenant ID or --all, not both`);
  if (options.all === true) return { kind: 'all' };
  if (tenant === undefined || tenant === '')
    throw new CliError(`${command}: give --tenant TENANT_ID (the tenant id or a verified domain), or --all for every tenant with stored credentials`);
  return { kind: 'tenant', tenant };
}

const SSPR_SOURCE: Readonly<Record<SyncOutcome['ssprPolicySource'], string>> = {
  file: 'from the --sspr-policy file',
  inferred: "inferred from Entra's isSsprEnabled values (no Graph API exposes it; give --sspr-policy FILE to set it)",
  default: 'the default (no file and nothing to infer from; give --sspr-policy FILE to set it)',
};

const LICENCE: Readonly<Record<SyncOutcome['license'], string>> = { free: 'Microsoft Entra ID Free', P1: 'Microsoft Entra ID P1', P2: 'Microsoft Entra ID P2' };

function seconds(startedAt: string, finishedAt: string): string {
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '?';
}

/** The summary on stdout after a sync that replaced the tenant's state. */
export function formatSyncOutcome(o: SyncOutcome): string {
  const lines = [
    `tenant ${o.tenantId}: synced (${o.pass} pass, ${o.mode} mode) in ${seconds(o.startedAt, o.finishedAt)}`,
    `  users         ${n(o.users)}`,
    `  methods read  ${o.mode === 'mirror' ? "none (mirror mode: Entra's userRegistrationDetails only)" : `for ${n(o.usersRead)} user${o.usersRead === 1 ? '' : 's'}${o.pass === 'incremental' ? ' (new or changed since the last sync)' : ''}`}`,
    `  groups        ${n(o.groups)}`,
    `  roles         ${n(o.roleAssignments)} assignments`,
    `  audits        ${n(o.audits)} records`,
    `  sign-ins      ${n(o.signIns)} records`,
    `  licence       ${LICENCE[o.license]}`,
    `  SSPR policy   ${SSPR_SOURCE[o.ssprPolicySource]}`,
    `  requests      ${n(o.requests)}; throttled (429) ${n(o.throttled)}; waited ${o.waitedMs < 60_000 ? `${(o.waitedMs / 1000).toFixed(1)} s` : formatDuration(o.waitedMs)}`,
    `  reports       generation ${o.generation}`,
    ...o.warnings.map((w) => `  warning       ${w}`),
    '',
  ];
  return lines.join('\n');
}

const AUTH_HINT: Readonly<Record<string, string>> = {
  invalidSecret: "the client secret was refused: check AMR_SYNC_CLIENT_SECRET (the secret's value, not its id)",
  secretExpired: 'the client secret has expired: add a new one to the app registration and set AMR_SYNC_CLIENT_SECRET',
  invalidCertificate: 'the certificate was refused: upload its public part to the app registration (Certificates & secrets) and check AMR_SYNC_CERTIFICATE',
  appNotFound:
    'no such application in this tenant: check AMR_SYNC_CLIENT_ID, the tenant, and AMR_LOGIN_URL for a national cloud; a multi-tenant app needs admin consent in each tenant',
  tenantNotFound: 'no such tenant: check --tenant and, for a national cloud, AMR_LOGIN_URL',
  consentMissing: 'admin consent has not been granted: an administrator must grant it (App registrations > API permissions > Grant admin consent)',
  appDisabled: 'the application is disabled in this tenant',
  blockedByPolicy: 'a Conditional Access or tenant policy blocks the application',
  invalidToken: "Graph refused the access token: check AMR_GRAPH_URL matches AMR_LOGIN_URL's cloud",
};

/** One line: why a sync failed and what to do, never a secret. */
export function syncFailureReason(err: unknown): string {
  if (err instanceof SyncError) {
    const where = err.request !== undefined ? ` (${err.request}${err.requestId !== undefined ? `, request-id ${err.requestId}` : ''})` : '';
    switch (err.kind) {
      case 'permission':
        return `permission missing: the app needs the Microsoft Graph application permission ${err.permission ?? '(see the message)'}; add it to the app registration and grant admin consent — ${err.message}${where}`;
      case 'licence':
        return `licence: ${err.message}${where}; the tenant needs Microsoft Entra ID P1 or P2 for this`;
      case 'auth': {
        const hint = err.reason !== undefined ? AUTH_HINT[err.reason] : undefined;
        return `authentication failed: ${hint !== undefined ? `${hint} — ` : ''}${err.message}${where}`;
      }
      case 'network':
        return `network: ${err.message}${where}; check the connection, proxy and firewall, and AMR_GRAPH_URL / AMR_LOGIN_URL`;
      case 'throttled':
        return `throttled: Graph kept answering 429/503 after the retries — ${err.message}${where}; run again later (completed work is kept)`;
      case 'settings':
        return err.message;
      default:
        return `${err.kind}: ${err.message}${where}`;
    }
  }
  if (err instanceof Error && err.name === 'AbortError') return 'interrupted; completed work is kept in checkpoints: run the same command again to resume';
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Removes the values of secret variables from text that may quote them. */
export function redactSecrets(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[] = ['AMR_SYNC_CLIENT_SECRET', 'AMR_SYNC_CERTIFICATE'],
): string {
  let out = text;
  for (const name of names) {
    const value = env[name]?.trim();
    if (value !== undefined && value.length >= 4) out = out.split(value).join('[redacted]');
  }
  return out;
}

/** `amr verify`'s text report. */
export function formatVerifyReport(r: VerifyReport, shown = 5): string {
  const first = (items: readonly string[]) => items.slice(0, shown).join(', ') + (items.length > shown ? `, … (${n(items.length - shown)} more)` : '');
  const total = r.differences.reduce((a, d) => a + d.users.length, 0);
  const lines = [
    `tenant ${r.tenantId}: amr's answer against Entra's userRegistrationDetails from the sync of ${r.syncedAt}`,
    `  users compared   ${n(r.usersCompared)}`,
    `  only in Entra    ${n(r.onlyInEntra.length)}${r.onlyInEntra.length > 0 ? `: ${first(r.onlyInEntra)}` : ''}`,
    `  only in amr      ${n(r.onlyInAmr.length)}${r.onlyInAmr.length > 0 ? `: ${first(r.onlyInAmr)}` : ''}`,
  ];
  if (r.differences.length === 0) {
    lines.push('  differences      none: amr and Entra agree on every property for every user compared');
  } else {
    lines.push(`  differences      ${n(total)} in ${r.differences.length} propert${r.differences.length === 1 ? 'y' : 'ies'}:`);
    const width = Math.max(...r.differences.map((d) => d.property.length));
    for (const d of r.differences) {
      lines.push(`    ${d.property.padEnd(width)}  ${String(n(d.users.length)).padStart(6)}  ${first(d.users.map((u) => u.userPrincipalName || u.id))}`);
      for (const u of d.users.slice(0, Math.min(shown, 3))) {
        lines.push(`    ${' '.repeat(width)}          ${u.userPrincipalName || u.id}: amr ${JSON.stringify(u.amr)}, Entra ${JSON.stringify(u.entra)}`);
      }
    }
  }
  lines.push('');
  return lines.join('\n');
}

/** The sync columns of `amr tenants`, and a warning line when Entra's logs are about to be lost. */
export function formatSyncColumns(s: SyncStatus | undefined, now: Date): { readonly columns: string; readonly warning: string | null } {
  if (s === undefined || (!s.hasCredentials && s.lastAttemptAt === null)) return { columns: 'sync -', warning: null };
  const age = (iso: string | null) => (iso === null ? 'never' : `${formatAge(now.getTime() - Date.parse(iso))} ago`);
  const outcome = s.lastOutcome ?? 'never run';
  const parts = [`last sync ${s.lastAttemptAt ?? '-'}`, `outcome ${outcome}`, `age ${s.lastSuccessAt === null ? 'never succeeded' : age(s.lastSuccessAt)}`];
  if (s.lastOutcome === 'failed' && s.lastError !== null) parts.push(`(${s.lastError.kind}: ${s.lastError.message})`);
  if (!s.hasCredentials) parts.push('(no stored credentials)');
  const warning = s.logsAtRisk
    ? `warning: tenant ${s.tenantId}: ${s.lastSuccessAt === null ? 'never synced successfully' : `last successful sync ${age(s.lastSuccessAt)}`}; Entra keeps its audit and sign-in logs ${s.retentionDays} days: sync now or activity older than that is lost`
    : null;
  return { columns: parts.join('  '), warning };
}
