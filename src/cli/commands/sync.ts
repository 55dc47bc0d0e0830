// `amr sync`, `amr verify` and `amr tenants add`: the callers of the sync orchestrator (src/sync/run/).
import { redactUrl } from '../../store/open-store.js';
import { readFileSync } from 'node:fs';
import * as orchestrator from '../../sync/run/index.js';
import type { SyncApi, SyncOutcome, SyncRequest, TenantCredentialRef } from '../../sync/run/contract.js';
import { readCertificatePem } from '../../sync/certificate.js';
import { readSyncSettings, readTenant } from '../../sync/settings.js';
import { SyncError } from '../../sync/sync-error.js';
import { isGuid } from '../../util/object-id.js';
import { evaluateAfterImport } from './alerts.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { CliError, configFor, type CliIO, type CommonOptions } from '../context.js';
import { formatSyncOutcome, formatVerifyReport, parseMode, redactSecrets, syncFailureReason, syncTarget } from '../sync-format.js';
import { syncProgress, type SyncProgressReporter } from '../sync-progress.js';

const DEFAULT_SYNC: SyncApi = orchestrator;

export const syncApi = (io: CliIO): SyncApi => io.sync ?? DEFAULT_SYNC;

export interface SyncOptions extends CommonOptions {
  readonly tenant?: string;
  readonly all?: boolean;
  readonly mode?: string;
  readonly ssprPolicy?: string;
  readonly out?: string;
  readonly full?: boolean;
}

/** The --sspr-policy file must hold a JSON object (the snapshot's passwordResetPolicy). */
export function checkSsprPolicyFile(file: string, flag = '--sspr-policy'): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new CliError(`${flag} ${file}: cannot read the file (${typeof code === 'string' ? code : 'unreadable'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new CliError(
      `${flag} ${file}: not JSON: expected the snapshot's passwordResetPolicy object, e.g. {"enabledFor":"all","numberOfMethodsRequired":2,"methods":["email","mobilePhone"]}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`${flag} ${file}: expected a JSON object (the snapshot's passwordResetPolicy)`);
  }
}

/** SIGINT/SIGTERM abort the sync (the orchestrator keeps its checkpoints); a second signal exits at once. */
function abortOnSignals(controller: AbortController, report: (signal: string) => void): () => void {
  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const handler = () => {
      if (controller.signal.aborted) process.exit(130);
      report(signal);
      controller.abort(new DOMException(`${signal} received`, 'AbortError'));
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}

/**
 * Checks the environment's app settings before a sync of one tenant, so a missing variable is named
 * before anything is read. A tenant with stored credentials (`amr tenants add`) needs none.
 */
async function checkSettings(io: CliIO, store: Store, tenant: string): Promise<void> {
  try {
    readSyncSettings({ tenant, env: io.env, ...(io.now ? { now: io.now().getTime() } : {}) });
  } catch (err) {
    if (!(err instanceof SyncError)) throw err;
    let stored = false;
    try {
      stored = (await syncApi(io).syncStatus(store)).some((s) => s.tenantId === tenant && s.hasCredentials);
    } catch {
      stored = false;
    }
    if (!stored) throw err;
  }
}

function fail(io: CliIO, what: string, err: unknown): void {
  io.err.write(`amr: ${what}: ${redactSecrets(syncFailureReason(err), io.env)}\n`);
}

/** Returns the exit code: 0 when every tenant's state was replaced. */
export async function syncCommand(io: CliIO, options: SyncOptions): Promise<number> {
  const target = syncTarget(options);
  const mode = parseMode(options.mode);
  if (target.kind === 'all') {
    if (options.out !== undefined) throw new CliError("sync --all: --out writes one tenant's snapshot; use it with --tenant");
    if (options.ssprPolicy !== undefined)
      throw new CliError('sync --all: --sspr-policy is per tenant; store it with `amr tenants add ID --sspr-policy FILE`, or use --tenant');
  }
  if (options.ssprPolicy !== undefined) checkSsprPolicyFile(options.ssprPolicy);
  let tenant = '*';
  if (target.kind === 'tenant') {
    try {
      tenant = readTenant(target.tenant ?? '');
    } catch (err) {
      throw new CliError(`sync ${target.tenant ?? ''}: ${syncFailureReason(err)}`);
    }
  }
  const config = configFor(io, options);
  const store = await openStore({ db: config.db });
  const controller = new AbortController();
  let progress: SyncProgressReporter | null = null;
  const release = abortOnSignals(controller, (signal) => {
    progress?.stop();
    io.err.write(`amr: ${signal} received: stopping the sync at the next checkpoint (a second ${signal} exits at once)\n`);
  });
  try {
    if (target.kind === 'tenant') {
      try {
        await checkSettings(io, store, tenant);
      } catch (err) {
        fail(io, `sync ${tenant}`, err);
        return 1;
      }
    }
    progress = syncProgress(io.err, tenant, { level: config.logLevel });
    const p = progress;
    const common: Omit<SyncRequest, 'tenant' | 'credentials'> = {
      ...(mode !== undefined ? { mode } : {}),
      ...(options.full === true ? { full: true } : {}),
      env: io.env,
      signal: controller.signal,
      onProgress: (x) => p.update(x),
      ...(io.now ? { now: io.now } : {}),
    };
    const api = syncApi(io);
    if (target.kind === 'tenant') {
      let outcome: SyncOutcome;
      try {
        outcome = await api.runSync(store, {
          ...common,
          tenant,
          ...(options.ssprPolicy !== undefined ? { ssprPolicyFile: options.ssprPolicy } : {}),
          ...(options.out !== undefined ? { out: options.out } : {}),
        });
      } catch (err) {
        p.stop();
        fail(io, `sync ${tenant}`, err);
        return 1;
      }
      p.stop();
      io.out.write(formatSyncOutcome(outcome));
      await evaluateAfterImport(io, store, outcome.tenantId);
      if (options.out !== undefined) io.out.write(`  snapshot      written to ${options.out}\n`);
      return 0;
    }
    let results: Awaited<ReturnType<SyncApi['runSyncAll']>>;
    try {
      results = await api.runSyncAll(store, common);
    } catch (err) {
      p.stop();
      fail(io, 'sync --all', err);
      return 1;
    }
    p.stop();
    if (results.length === 0) {
      io.err.write(
        `amr: sync --all: no tenant in ${redactUrl(config.db)} has sync credentials: add one with \`amr tenants add TENANT_ID --client-id APP_ID\`\n`,
      );
      return 1;
    }
    let failed = 0;
    for (const r of results) {
      if ('error' in r) {
        failed++;
        fail(io, `sync ${r.tenantId}`, r.error);
      } else {
        io.out.write(formatSyncOutcome(r));
        await evaluateAfterImport(io, store, r.tenantId);
      }
    }
    io.out.write(
      `${results.length - failed} of ${results.length} tenant${results.length === 1 ? '' : 's'} synced${failed > 0 ? `; ${failed} failed (see above)` : ''}\n`,
    );
    return failed === 0 ? 0 : 1;
  } finally {
    release();
    await store.close();
  }
}

export interface VerifyOptions extends CommonOptions {
  readonly tenant?: string;
  readonly json?: boolean;
}

export async function verifyCommand(io: CliIO, options: VerifyOptions): Promise<number> {
  const tenant = options.tenant?.trim().toLowerCase() ?? '';
  if (!isGuid(tenant))
    throw new CliError(`verify: --tenant ${JSON.stringify(options.tenant ?? '')} is not a tenant id: give the tenant's GUID (\`amr tenants\` lists them)`);
  const config = configFor(io, options);
  const store = await openStore({ db: config.db });
  try {
    const report = await syncApi(io).verifyTenant(store, tenant);
    io.out.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyReport(report));
    return 0;
  } catch (err) {
    fail(io, `verify ${tenant}`, err);
    return 1;
  } finally {
    await store.close();
  }
}

export interface TenantsAddOptions extends CommonOptions {
  readonly clientId?: string;
  readonly secretEnv?: string;
  readonly certificate?: string;
  readonly ssprPolicy?: string;
  readonly mode?: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The credential reference `amr tenants add` stores, every value checked; never a secret. */
export function tenantCredentialRef(id: string, options: TenantsAddOptions, now: number = Date.now()): TenantCredentialRef {
  let tenantId: string;
  try {
    tenantId = readTenant(id);
  } catch (err) {
    throw new CliError(`tenants add: ${syncFailureReason(err)}`);
  }
  const clientId = options.clientId?.trim().toLowerCase() ?? '';
  if (!isGuid(clientId)) throw new CliError('tenants add: --client-id must be the application (client) id of the app registration, a GUID');
  if (options.secretEnv !== undefined && options.certificate !== undefined) {
    throw new CliError('tenants add: give either --secret-env NAME or --certificate FILE, not both');
  }
  if (options.secretEnv !== undefined && !ENV_NAME.test(options.secretEnv)) {
    throw new CliError(`tenants add: --secret-env takes the NAME of an environment variable (letters, digits, _), not the secret itself`);
  }
  if (options.certificate !== undefined) {
    let pem: string;
    try {
      pem = readFileSync(options.certificate, 'utf8');
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      throw new CliError(`tenants add: --certificate ${options.certificate}: cannot read the file (${typeof code === 'string' ? code : 'unreadable'})`);
    }
    try {
      readCertificatePem(pem, `--certificate ${options.certificate}`, now);
    } catch (err) {
      throw new CliError(`tenants add: ${syncFailureReason(err)}`);
    }
  }
  if (options.ssprPolicy !== undefined) checkSsprPolicyFile(options.ssprPolicy);
  const mode = parseMode(options.mode);
  return {
    tenantId,
    clientId,
    ...(options.secretEnv !== undefined ? { secretEnv: options.secretEnv } : {}),
    ...(options.certificate !== undefined ? { certificateFile: options.certificate } : {}),
    ...(options.ssprPolicy !== undefined ? { ssprPolicyFile: options.ssprPolicy } : {}),
    ...(mode !== undefined ? { mode } : {}),
  };
}

export async function tenantsAddCommand(io: CliIO, id: string, options: TenantsAddOptions): Promise<number> {
  const ref = tenantCredentialRef(id, options, (io.now?.() ?? new Date()).getTime());
  const config = configFor(io, options);
  const store = await openStore({ db: config.db });
  try {
    await syncApi(io).saveTenantCredentials(store, ref);
  } catch (err) {
    fail(io, `tenants add ${ref.tenantId}`, err);
    return 1;
  } finally {
    await store.close();
  }
  const credential =
    ref.certificateFile !== undefined ? `certificate ${ref.certificateFile}` : `client secret from $${ref.secretEnv ?? 'AMR_SYNC_CLIENT_SECRET'}`;
  io.out.write(
    `tenant ${ref.tenantId}: sync credentials saved (client id ${ref.clientId}, ${credential}${ref.mode ? `, ${ref.mode} mode` : ''}${ref.ssprPolicyFile ? `, SSPR policy ${ref.ssprPolicyFile}` : ''}); run \`amr sync --tenant ${ref.tenantId}\` or \`amr sync --all\`\n`,
  );
  if (ref.certificateFile === undefined) {
    const name = ref.secretEnv ?? 'AMR_SYNC_CLIENT_SECRET';
    const value = io.env[name];
    if (value === undefined || value.trim() === '') {
      io.err.write(
        `amr: warning: ${name} is not set here; set it wherever \`amr sync\` or \`amr serve --sync-every\` runs (amr stores only its name, never the secret)\n`,
      );
    }
  }
  return 0;
}
