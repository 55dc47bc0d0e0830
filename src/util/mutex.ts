// A minimal async mutex: runs critical sections one at a time, in arrival order.

export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    // The chain continues whether this section succeeds or fails.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
