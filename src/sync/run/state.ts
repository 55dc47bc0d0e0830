// The sync state kept per tenant (decision 0073): its JSON shapes and their readers. The store keeps
// the text; these functions narrow it back (no `any`) and refuse what they do not recognise.
import type { Store } from '../../store/store.js';
import type { SyncErrorKind } from '../sync-error.js';
import type { AssembledSnapshot } from '../assemble/index.js';
import type { SyncMode, TenantCredentialRef } from './contract.js';

export type LicenseName = 'free' | 'P1' | 'P2';

/** The small part of the state (state_json). */
export interface RunState {
  readonly mode: SyncMode | null;
  readonly license: LicenseName | null;
  /** The users delta link of the last successful full-mode pass, and when that round began. */
  readonly deltaLink: string | null;
  readonly deltaLinkAt: string | null;
  /** Audits and sign-ins were read up to here (the start of the run that read them). */
  readonly auditWatermark: string | null;
  readonly signInWatermark: string | null;
  /** When Entra's userRegistrationDetails were last read (the daily drift check). */
  readonly registrationReadAt: string | null;
  readonly lastAttemptAt: string | null;
  readonly lastSuccessAt: string | null;
  readonly lastOutcome: 'succeeded' | 'failed' | null;
  readonly lastError: { readonly kind: SyncErrorKind | 'other'; readonly message: string } | null;
}

export const EMPTY_STATE: RunState = {
  mode: null,
  license: null,
  deltaLink: null,
  deltaLinkAt: null,
  auditWatermark: null,
  signInWatermark: null,
  registrationReadAt: null,
  lastAttemptAt: null,
  lastSuccessAt: null,
  lastOutcome: null,
  lastError: null,
};

/**
 * Progress of an unfinished full pass: what was read, so a run started again skips it. Bodies are
 * Graph's, unparsed, as the assembler takes them.
 */
export interface Checkpoint {
  readonly version: 1;
  readonly mode: SyncMode;
  /** When the interrupted run began: the log watermark of the run that completes it. */
  readonly startedAt: string;
  /** Every page of the users delta round, once it is complete (null before). */
  readonly usersDelta: readonly unknown[] | null;
  /** Methods pages and signInPreferences bodies read so far, by user id. */
  readonly methods: Readonly<Record<string, readonly unknown[]>>;
  readonly signInPreferences: Readonly<Record<string, unknown>>;
}

export interface TenantSyncState {
  readonly tenantId: string;
  readonly credentials: TenantCredentialRef | null;
  readonly state: RunState;
  readonly snapshot: AssembledSnapshot | null;
  /** Entra's userRegistrationDetails rows of the last read (objects as Graph sent them). */
  readonly registrationRows: readonly Readonly<Record<string, unknown>>[] | null;
  readonly checkpoint: Checkpoint | null;
}

export function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The array, typed as holding unknowns (Array.isArray alone narrows to any[]), or null. */
export function asArray(v: unknown): readonly unknown[] | null {
  return Array.isArray(v) ? (v as readonly unknown[]) : null;
}

function parse(text: string | null, what: string): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`the stored sync state's ${what} is not JSON`);
  }
}

const str = (o: Readonly<Record<string, unknown>>, k: string): string | null => (typeof o[k] === 'string' ? o[k] : null);

export function readRunState(text: string): RunState {
  const o = parse(text, 'state');
  if (!isRecord(o)) return EMPTY_STATE;
  const mode = o['mode'] === 'full' || o['mode'] === 'mirror' ? o['mode'] : null;
  const license = o['license'] === 'free' || o['license'] === 'P1' || o['license'] === 'P2' ? o['license'] : null;
  const outcome = o['lastOutcome'] === 'succeeded' || o['lastOutcome'] === 'failed' ? o['lastOutcome'] : null;
  const err = o['lastError'];
  return {
    mode,
    license,
    deltaLink: str(o, 'deltaLink'),
    deltaLinkAt: str(o, 'deltaLinkAt'),
    auditWatermark: str(o, 'auditWatermark'),
    signInWatermark: str(o, 'signInWatermark'),
    registrationReadAt: str(o, 'registrationReadAt'),
    lastAttemptAt: str(o, 'lastAttemptAt'),
    lastSuccessAt: str(o, 'lastSuccessAt'),
    lastOutcome: outcome,
    lastError:
      isRecord(err) && typeof err['message'] === 'string' && typeof err['kind'] === 'string'
        ? { kind: err['kind'] as SyncErrorKind | 'other', message: err['message'] }
        : null,
  };
}

export function readCredentials(text: string | null): TenantCredentialRef | null {
  const o = parse(text, 'credentials');
  if (!isRecord(o)) return null;
  const tenantId = str(o, 'tenantId');
  const clientId = str(o, 'clientId');
  if (tenantId === null || clientId === null) return null;
  const optional = (k: 'secretEnv' | 'certificateFile' | 'ssprPolicyFile'): Partial<Record<typeof k, string>> => {
    const v = str(o, k);
    return v === null ? {} : { [k]: v };
  };
  const m = o['mode'];
  const mode: { mode?: SyncMode } = m === 'full' || m === 'mirror' ? { mode: m } : {};
  return { tenantId, clientId, ...optional('secretEnv'), ...optional('certificateFile'), ...optional('ssprPolicyFile'), ...mode };
}

function readCheckpoint(text: string | null): Checkpoint | null {
  const o = parse(text, 'checkpoint');
  if (!isRecord(o) || o['version'] !== 1) return null;
  const mode = o['mode'] === 'full' || o['mode'] === 'mirror' ? o['mode'] : null;
  const startedAt = str(o, 'startedAt');
  const methods = o['methods'];
  const prefs = o['signInPreferences'];
  const delta = o['usersDelta'];
  if (mode === null || startedAt === null || !isRecord(methods) || !isRecord(prefs)) return null;
  const methodPages: Record<string, readonly unknown[]> = {};
  for (const [id, value] of Object.entries(methods)) {
    const pages = asArray(value);
    if (pages !== null) methodPages[id] = pages;
  }
  return {
    version: 1,
    mode,
    startedAt,
    usersDelta: asArray(delta),
    methods: methodPages,
    signInPreferences: { ...prefs },
  };
}

function readSnapshot(text: string | null): AssembledSnapshot | null {
  const o = parse(text, 'snapshot');
  if (!isRecord(o) || o['amrSnapshot'] !== 1 || asArray(o['users']) === null) return null;
  // Written by this module from an AssembledSnapshot; its shape is the assembler's.
  return o as unknown as AssembledSnapshot;
}

function readRows(text: string | null): Readonly<Record<string, unknown>>[] | null {
  const o = parse(text, 'registration rows');
  return asArray(o)?.filter(isRecord) ?? null;
}

export async function loadSyncState(store: Store, tenantId: string): Promise<TenantSyncState | null> {
  const r = await store.getSyncState(tenantId);
  if (r === null) return null;
  return {
    tenantId: r.tenantId,
    credentials: readCredentials(r.credentials),
    state: readRunState(r.state),
    snapshot: readSnapshot(r.snapshot),
    registrationRows: readRows(r.registrationRows),
    checkpoint: readCheckpoint(r.checkpoint),
  };
}
