// The contract of the log reader: where its records go, what it refuses, and what it reports at the end.
import type { AuditRecord, SignInRecord } from '../../reports/activity-model.js';
import type { ParseLimits } from '../parse-limits.js';

/** A record that cannot be read; the rest of the file is read on. */
export interface RefusedRecord {
  /** Its place: `line 12`, `line 3: records[1]`, `value[7]`, `[4]`, `tables[0].rows[9]`, `document 2`. */
  readonly where: string;
  /** What is missing or wrong, naming the field as the source spells it. */
  readonly reason: string;
  /** The record's raw text (its line, or the element as written), cut to 64 KiB. */
  readonly text: string;
}

/**
 * Receives the records in batches of batchSize (the last of each kind smaller; refusals also early once
 * their texts reach 8 MiB). Every call is awaited before the reader goes on (backpressure). Each kind
 * arrives in file order; the kinds are batched apart, so a refusal may arrive before an earlier audit.
 */
export interface LogSink {
  audits(batch: readonly AuditRecord[]): Promise<void> | void;
  signIns(batch: readonly SignInRecord[]): Promise<void> | void;
  refused(batch: readonly RefusedRecord[]): Promise<void> | void;
}

export type LogHint = 'auto' | 'json' | 'ndjson';

export interface ReadLogsOptions {
  /** The file name or request that is read; carried by LogFileError for the caller's messages. */
  readonly sourceName: string;
  /** Records per sink call (at most); default 1000. */
  readonly batchSize?: number;
  /**
   * 'auto' (default) decides from the content. 'json' reads one JSON document (or several in a row);
   * 'ndjson' reads one JSON value per line. Do not map `.json` to 'json': Azure storage writes JSON
   * lines into `PT1H.json` blobs (see logHintFromFileName).
   */
  readonly hint?: LogHint;
  /** Bytes read from the input so far (compressed bytes for a gzip input). */
  readonly onProgress?: (bytes: number) => void;
  /** The import time: records dated over a day after it (or before 2000) are refused (decision 0055). Default: the clock. */
  readonly now?: () => Date;
  /** Limits on one line or record (decision 0054); DEFAULT_PARSE_LIMITS for what is left out. */
  readonly limits?: Partial<ParseLimits>;
  /** Stops the read at its next slice once aborted (throwing the signal's reason). */
  readonly signal?: AbortSignal;
}

export interface LogReadSummary {
  /** Bytes read from the input as given (compressed bytes for a gzip input). */
  readonly bytes: number;
  readonly compressed: boolean;
  /**
   * `<framing>:<shapes>`: framing is ndjson, json-array, json-object, graph-page,
   * azure-monitor-records or log-analytics-query (from the first top-level value of a JSON
   * document); shapes are the record shapes seen, '+'-joined in sorted order: azure-monitor,
   * graph, log-analytics. `empty` when the input holds no JSON value at all.
   */
  readonly format: string;
  /** Every record met: audits + signIns + refused + skipped. */
  readonly records: number;
  readonly audits: number;
  readonly signIns: number;
  readonly refused: number;
  /** Records of categories (tables) this reader does not import, by category: ServicePrincipalSignInLogs: 12. */
  readonly skippedByCategory: Record<string, number>;
}
