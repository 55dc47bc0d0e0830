// Imports a tenant's activity given as Graph directoryAudit and signIn objects in memory (the demo
// generator's output) through the same normalisers and store path as a log file.
import type { AuditRecord, SignInRecord } from '../reports/activity-model.js';
import type { ActivityAppendSummary, Store } from '../store/store.js';
import { changesReports, refreshReports } from './refresh-reports.js';
import { GRAPH_ENVELOPE, normaliseAudit, normaliseSignIn } from './logs/index.js';

export interface ActivityObjects {
  audits(): Iterable<object>;
  signIns(): Iterable<object>;
}

const BATCH = 5000;

type Totals = { -readonly [K in keyof ActivityAppendSummary]: number };

export async function importActivityObjects(store: Store, tenantId: string, source: ActivityObjects): Promise<ActivityAppendSummary> {
  const totals: Totals = { newAudits: 0, duplicateAudits: 0, newSignIns: 0, duplicateSignIns: 0, registrationEvents: 0, resetEvents: 0, passwordEvents: 0 };
  const add = (s: ActivityAppendSummary) => {
    for (const k of Object.keys(totals) as (keyof Totals)[]) totals[k] += s[k];
  };
  // Graph objects name no tenant: the demo's own id is theirs.
  const envelope = { ...GRAPH_ENVELOPE, tenantId };
  let audits: AuditRecord[] = [];
  for (const raw of source.audits()) {
    audits.push(normaliseAudit(raw as Record<string, unknown>, envelope));
    if (audits.length === BATCH) {
      add(await store.appendActivity(tenantId, { audits, signIns: [] }));
      audits = [];
    }
  }
  add(await store.appendActivity(tenantId, { audits, signIns: [] }));
  let signIns: SignInRecord[] = [];
  for (const raw of source.signIns()) {
    signIns.push(normaliseSignIn(raw as Record<string, unknown>, envelope));
    if (signIns.length === BATCH) {
      add(await store.appendActivity(tenantId, { audits: [], signIns }));
      signIns = [];
    }
  }
  add(await store.appendActivity(tenantId, { audits: [], signIns }));
  if (changesReports(totals)) await refreshReports(store, [tenantId]);
  return totals;
}
