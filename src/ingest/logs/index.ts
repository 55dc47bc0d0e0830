// The log reader's public API: readLogs, its sink and summary, its error, and the per-record normalisers.
export { readLogs } from './read-logs.js';
export type { LogReadSummary, RefusedRecord } from './log-sink.js';
export { LogFileError } from './log-file-error.js';
export { normaliseAudit } from './normalise-audit.js';
export { normaliseSignIn } from './normalise-sign-in.js';
export { GRAPH_ENVELOPE } from './envelope.js';
