// Runs a batch's steps: each once every step it depends on has answered, at most `concurrency` at
// a time, in request order where free to choose; a step whose dependency failed is not run (424).
import type { BatchStep } from './batch-parse.js';

export interface BatchResponseItem {
  readonly id: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface StepRunner {
  run(step: BatchStep): Promise<BatchResponseItem>;
  /** The answer for a step not run because `dependency` failed. */
  failed(step: BatchStep, dependency: BatchStep): BatchResponseItem;
}

/** A counting semaphore: `use(fn)` waits for one of `size` slots. */
function slots(size: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let free = size;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

/** The answers in request order (steps must be free of cycles: batch-parse.ts refuses those). */
export function runSteps(steps: readonly BatchStep[], runner: StepRunner, concurrency: number): Promise<BatchResponseItem[]> {
  const use = slots(Math.max(1, concurrency));
  const answers = new Map<number, Promise<BatchResponseItem>>();
  const answer = (step: BatchStep): Promise<BatchResponseItem> => {
    let promise = answers.get(step.index);
    if (promise === undefined) {
      promise = (async () => {
        const before = await Promise.all(step.dependsOn.map((i) => answer(steps[i]!)));
        const failed = before.findIndex((a) => a.status >= 400);
        if (failed >= 0) return runner.failed(step, steps[step.dependsOn[failed]!]!);
        return use(() => runner.run(step));
      })();
      answers.set(step.index, promise);
    }
    return promise;
  };
  return Promise.all(steps.map(answer));
}
