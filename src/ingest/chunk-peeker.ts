// Lets a reader look at the first bytes of a stream (magic numbers, BOM, format sniffing) and then read it whole.

/** Holds the chunks read ahead; `rest()` replays them before the remainder of the source. */
export class ChunkPeeker {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private ended = false;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** Bytes read ahead so far, in order. */
  get chunks(): readonly Buffer[] {
    return this.held;
  }

  get atEnd(): boolean {
    return this.ended;
  }

  /** Reads one more chunk into the look-ahead; null once the source is exhausted. */
  async pull(): Promise<Buffer | null> {
    if (this.ended) return null;
    const next = await this.source.next();
    if (next.done === true) {
      this.ended = true;
      return null;
    }
    // A copy: the source may reuse its buffer for the next chunk while this one is still held.
    const chunk = Buffer.from(next.value);
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    return chunk;
  }

  /** The first n bytes (fewer when the source is shorter), reading ahead as needed. */
  async peek(n: number): Promise<Buffer> {
    while (this.heldBytes < n && (await this.pull()) !== null);
    const all = this.held.length === 1 ? (this.held[0] ?? Buffer.alloc(0)) : Buffer.concat(this.held);
    return all.subarray(0, n);
  }

  /** Drops the first n look-ahead bytes (a byte-order mark, say); n must not exceed what was peeked. */
  skip(n: number): void {
    const joined = Buffer.concat(this.held).subarray(n);
    this.held = joined.length > 0 ? [joined] : [];
    this.heldBytes = joined.length;
  }

  /** Every byte: the look-ahead first, then the rest of the source. Stopping early closes the source. */
  async *rest(): AsyncGenerator<Buffer> {
    try {
      const held = this.held;
      this.held = [];
      this.heldBytes = 0;
      yield* held;
      while (!this.ended) {
        const next = await this.source.next();
        if (next.done === true) this.ended = true;
        else yield next.value;
      }
    } finally {
      if (!this.ended) await this.source.return?.();
    }
  }

  /** Closes the source if it was not read to its end (a reader that stopped on an error). */
  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.source.return?.();
  }
}
