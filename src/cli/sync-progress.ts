// Sync progress: a bar per phase on a terminal (cli-progress), pino log lines otherwise.
import cliProgress from 'cli-progress';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { SyncProgress } from '../sync/run/contract.js';

export interface SyncProgressReporter {
  update(p: SyncProgress): void;
  /** Stops the bar (before the summary or an error is printed). */
  stop(): void;
  /** A log line (a warning, a failure of one tenant in --all). */
  log(level: 'info' | 'warn' | 'error', message: string, fields?: Readonly<Record<string, unknown>>): void;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

/** A bar per phase: the phase's items done of its total (a count when the total is unknown), requests and 429s. */
function terminalReporter(stream: Stream, label: string): SyncProgressReporter {
  let bar: cliProgress.SingleBar | null = null;
  let phase = '';
  let knownTotal = false;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  return {
    update(p) {
      const payload = { phase: p.phase.padEnd(19), requests: p.requests, throttled: p.throttled };
      if (bar === null || p.phase !== phase || (p.total !== null) !== knownTotal) {
        stop();
        phase = p.phase;
        knownTotal = p.total !== null;
        bar = new cliProgress.SingleBar(
          {
            format: knownTotal
              ? `${label} {phase} [{bar}] {value}/{total} | requests {requests} | 429s {throttled}`
              : `${label} {phase} {value} | requests {requests} | 429s {throttled}`,
            stream: stream as NodeJS.WriteStream,
            hideCursor: true,
            clearOnComplete: false,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total ?? 0, p.done, payload);
        return;
      }
      if (p.total !== null) bar.setTotal(p.total);
      bar.update(p.done, payload);
    },
    stop,
    log(level, message) {
      stop();
      stream.write(`amr: ${level === 'info' ? '' : `${level}: `}${message}\n`);
    },
  };
}

/** Log lines: one when a phase starts, then at most one per phase every `everyMs`, and one when it ends. */
function logReporter(logger: Logger, tenant: string, everyMs: number, now: () => number): SyncProgressReporter {
  let last: SyncProgress | null = null;
  let lastAt = 0;
  const line = (p: SyncProgress, msg: string) =>
    logger.info({ tenant, phase: p.phase, done: p.done, total: p.total, requests: p.requests, throttled: p.throttled }, msg);
  return {
    update(p) {
      const t = now();
      if (last === null || last.phase !== p.phase) {
        if (last !== null) line(last, 'sync phase done');
        line(p, 'sync phase started');
        lastAt = t;
      } else if (t - lastAt >= everyMs) {
        line(p, 'sync progress');
        lastAt = t;
      }
      last = p;
    },
    stop() {
      if (last !== null) line(last, 'sync phase done');
      last = null;
    },
    log(level, message, fields = {}) {
      logger[level]({ tenant, ...fields }, message);
    },
  };
}

export interface ProgressOptions {
  /** Between progress lines of one phase when not on a terminal (default 10 s). */
  readonly everyMs?: number;
  readonly now?: () => number;
  readonly level?: string;
}

export function syncProgress(stream: Stream, tenant: string, options: ProgressOptions = {}): SyncProgressReporter {
  if (stream.isTTY === true) return terminalReporter(stream, tenant === '*' ? 'sync' : `sync ${tenant}`);
  const logger = pino({ level: options.level ?? 'info', base: { name: 'amr-sync' } }, stream as DestinationStream);
  return logReporter(logger, tenant, options.everyMs ?? 10_000, options.now ?? Date.now);
}
