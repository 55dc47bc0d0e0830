// Collects normalised and refused records into batches for the sink, and counts what was met.
import type { AuditRecord, SignInRecord } from '../../reports/activity-model.js';
import type { LogSink, RefusedRecord } from './log-sink.js';
import { LogFileError } from './log-file-error.js';

/** The shapes a record can arrive in (see record-plan.ts). */
export type RecordShape = 'graph' | 'azure-monitor' | 'log-analytics';

export interface LogCounts {
  readonly records: number;
  readonly audits: number;
  readonly signIns: number;
  readonly refused: number;
  readonly skippedByCategory: Record<string, number>;
  readonly shapes: readonly RecordShape[];
}

/** Refused texts held before they are handed over regardless of count: a file of huge bad lines stays bounded. */
export const MAX_REFUSED_HELD = 8 * 1024 * 1024;

/**
 * A file is given up once this many of its records were refused and they are more than half of the
 * records met (decision 0054): an input of millions of tiny bad records (`[0,0,…]`, `[{},{},…]`:
 * a few KB gzipped) costs a refusal each, and is not an export; a real export with a bad record
 * here and there is read to its end.
 */
export const GIVE_UP_AFTER_REFUSALS = 10_000;

/** Whether `refused` of `met` records is enough to stop reading (GIVE_UP_AFTER_REFUSALS). */
export function tooManyRefused(refused: number, met: number): boolean {
  return refused >= GIVE_UP_AFTER_REFUSALS && refused * 2 > met;
}

/** The error that stops a file of refusals, naming the first one (its place and reason). */
export function tooManyRefusedError(refused: number, met: number, first: RefusedRecord | null, last: RefusedRecord | null): LogFileError {
  const firstText = first === null ? '' : ` (the first: ${first.where}: ${first.reason})`;
  return new LogFileError(
    last?.where ?? first?.where ?? 'byte 0',
    `${refused.toLocaleString('en-US')} of the first ${met.toLocaleString('en-US')} records were refused${firstText}: this is not a log export amr can read, so reading stopped`,
  );
}

export class LogBatcher {
  /** True when a full batch waits; readers pause until drain() has handed it over. */
  ready = false;
  private audits: AuditRecord[] = [];
  private signIns: SignInRecord[] = [];
  private refusals: RefusedRecord[] = [];
  private auditCount = 0;
  private signInCount = 0;
  private refusedCount = 0;
  private firstRefused: RefusedRecord | null = null;
  /** Characters of refused text held (about bytes: the texts are cut to 64 KiB of UTF-8). */
  private refusedHeld = 0;
  private skippedCount = 0;
  private readonly skipped = new Map<string, number>();
  private readonly shapes = new Set<RecordShape>();

  constructor(
    private readonly sink: LogSink,
    private readonly batchSize: number,
  ) {}

  audit(r: AuditRecord, shape: RecordShape): void {
    this.shapes.add(shape);
    this.auditCount++;
    if (this.audits.push(r) >= this.batchSize) this.ready = true;
  }

  signIn(r: SignInRecord, shape: RecordShape): void {
    this.shapes.add(shape);
    this.signInCount++;
    if (this.signIns.push(r) >= this.batchSize) this.ready = true;
  }

  /** Throws LogFileError once the refusals are most of the file (tooManyRefused). */
  refuse(r: RefusedRecord): void {
    this.refusedCount++;
    this.firstRefused ??= r;
    const met = this.auditCount + this.signInCount + this.refusedCount + this.skippedCount;
    if (tooManyRefused(this.refusedCount, met)) throw tooManyRefusedError(this.refusedCount, met, this.firstRefused, r);
    this.refusedHeld += r.text.length;
    if (this.refusals.push(r) >= this.batchSize || this.refusedHeld >= MAX_REFUSED_HELD) this.ready = true;
  }

  skip(category: string, shape: RecordShape): void {
    this.shapes.add(shape);
    this.skippedCount++;
    this.skipped.set(category, (this.skipped.get(category) ?? 0) + 1);
  }

  /** Hands over every full batch (a line of Event Hub records can fill several at once). */
  async drain(): Promise<void> {
    this.audits = await this.send(this.audits, (b) => this.sink.audits(b), false);
    this.signIns = await this.send(this.signIns, (b) => this.sink.signIns(b), false);
    this.refusals = await this.send(this.refusals, (b) => this.sink.refused(b), this.refusedHeld >= MAX_REFUSED_HELD);
    this.refusedHeld = this.refusals.reduce((n, r) => n + r.text.length, 0);
    this.ready = false;
  }

  /** At the end: everything left, then the counts. */
  async finish(): Promise<LogCounts> {
    this.audits = await this.send(this.audits, (b) => this.sink.audits(b), true);
    this.signIns = await this.send(this.signIns, (b) => this.sink.signIns(b), true);
    this.refusals = await this.send(this.refusals, (b) => this.sink.refused(b), true);
    this.refusedHeld = 0;
    this.ready = false;
    return {
      records: this.auditCount + this.signInCount + this.refusedCount + this.skippedCount,
      audits: this.auditCount,
      signIns: this.signInCount,
      refused: this.refusedCount,
      skippedByCategory: Object.fromEntries(this.skipped),
      shapes: [...this.shapes].sort(),
    };
  }

  /** Sends batches of exactly batchSize (and, when `all`, the remainder); returns what is left. Each batch is a fresh array. */
  private async send<T>(items: T[], deliver: (batch: readonly T[]) => Promise<void> | void, all: boolean): Promise<T[]> {
    if (items.length === this.batchSize || (all && items.length > 0 && items.length <= this.batchSize)) {
      await deliver(items);
      return [];
    }
    let i = 0;
    for (; i + this.batchSize <= items.length; i += this.batchSize) await deliver(items.slice(i, i + this.batchSize));
    if (all && i < items.length) {
      await deliver(items.slice(i));
      return [];
    }
    return i === 0 ? items : items.slice(i);
  }
}
