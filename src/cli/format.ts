// Human-readable summaries printed by the CLI.
import type { ImportSnapshotSummary } from '../ingest/import-snapshot.js';

const n = (v: number): string => v.toLocaleString('en-US');

function top(entries: Record<string, number>): string {
  return Object.entries(entries).sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k.replace(/^#microsoft\.graph\./, '')} ${n(v)}`).join(', ') || 'none';
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
