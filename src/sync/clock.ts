// Time for the sync client: one injectable clock so that the scheduler, back-off and token cache run on a test's time.

/** A timer started by a Clock, to be cleared by the same clock. */
export interface TimerHandle {
  readonly id: number;
}

/** Milliseconds since the epoch, and timers on that same time line. */
export interface Clock {
  now(): number;
  setTimer(delayMs: number, fire: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** The process's own clock: Date.now and setTimeout (unref'd timers never hold the process open on their own). */
export function systemClock(): Clock {
  const timers = new Map<number, NodeJS.Timeout>();
  let next = 0;
  return {
    now: () => Date.now(),
    setTimer(delayMs, fire) {
      const id = ++next;
      const t = setTimeout(
        () => {
          timers.delete(id);
          fire();
        },
        Math.max(0, delayMs),
      );
      timers.set(id, t);
      return { id };
    },
    clearTimer(handle) {
      const t = timers.get(handle.id);
      if (t !== undefined) clearTimeout(t);
      timers.delete(handle.id);
    },
  };
}

/** Resolves after `delayMs` on `clock`; rejects with the signal's reason when it aborts first. */
export function sleep(clock: Clock, delayMs: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (delayMs <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimer(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimer(delayMs, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
