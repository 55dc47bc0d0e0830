// Human-readable summaries printed by the CLI.
import type { ImportSnapshotSummary } from '../ingest/import-snapshot.js';
import type { ImportLogsSummary } from '../ingest/import-logs.js';

const n = (v: number): string => v.toLocaleString('en-US');

function top(entries: Record<string, number>): string {
  return (
    Object.entries(entries)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k.replace(/^#microsoft\.graph\./, '')} ${n(v)}`)
      .join(', ') || 'none'
  );
}

export function formatImportSummary(source: string, s: ImportSnapshotSummary, ms: number): string {
  const methods = Object.values(s.read.methodsByType).reduce((a, b) => a + b, 0);
  const r = s.recompute;
  return [
    `${source}: tenant ${s.tenantId} imported in ${(ms / 1000).toFixed(1)} s`,
    `  users         ${n(s.read.users)} (${n(r.listedUsers)} listed; ${n(r.skippedUsers)} disabled or deleted, not listed)`,
    `  methods       ${n(methods)}: ${top(s.read.methodsByType)}`,
    `  unrecognised  ${top(r.unrecognisedMethodTypes)}`,
    `  groups        ${n(s.read.groups)}`,
    `  roles         ${n(s.read.roleAssignments)} assignments`,
    `  reports       generation ${r.generation}, computed in ${(r.milliseconds / 1000).toFixed(1)} s`,
    '',
  ].join('\n');
}

export function formatLogSummary(source: string, s: ImportLogsSummary, ms: number): string {
  const t = s.stored;
  const refused = s.read.refused + s.refusedForTenant;
  return [
    `${source}: ${s.read.format} logs imported in ${(ms / 1000).toFixed(1)} s (tenants: ${s.tenants.join(', ') || 'none'})`,
    `  records       ${n(s.read.records)} read: ${n(s.read.audits)} audit, ${n(s.read.signIns)} sign-in`,
    `  stored        ${n(t.newAudits)} audit, ${n(t.newSignIns)} sign-in; duplicates skipped ${n(t.duplicateAudits + t.duplicateSignIns)}`,
    `  events        ${n(t.registrationEvents)} registration, ${n(t.resetEvents)} reset attempts, ${n(t.passwordEvents)} password`,
    `  skipped       ${top(s.read.skippedByCategory)} (other categories)`,
    `  refused       ${n(refused)}${s.rejectsFile ? ` — see ${s.rejectsFile}${s.rejectsWritten < refused ? ` (the first ${n(s.rejectsWritten)})` : ''}` : ''}`,
    ...(s.pruned > 0 ? [`  retention     ${n(s.pruned)} rows older than the retention deleted`] : []),
    '',
  ].join('\n');
}
