// Read-ahead for exports (decision 0007): a client that follows @odata.nextLink asks for the next
// page as soon as it has read this one, so while this page travels and the client parses it, a
// reader thread with nothing else to do reads the next. A page of a report generation never
// changes (decision 0003: generations are immutable), so a page read ahead is exactly the page a
// later read would give; it is kept a few seconds at most, a few pages at most, and taken once.

/** An executor that can tell whether a read now would wait for nothing (a reader thread is idle). */
export interface IdleReaders {
  hasIdleReader(): boolean;
}

/** Reading ahead only into idle capacity: it never delays another client's query. */
export function readsAheadNow(reader: object): boolean {
  return 'hasIdleReader' in reader && typeof reader.hasIdleReader === 'function' && (reader as IdleReaders).hasIdleReader();
}

export interface ReadAheadOptions {
  /** Pages held at once (each up to ~600 KB of JSON): bounds memory whatever the clients do. */
  readonly maxPages: number;
  /** A page not asked for within this long is dropped: its client went away. */
  readonly ttlMs: number;
}

export class ReadAhead<T> {
  /** By key, oldest first (Map keeps insertion order). */
  private readonly pages = new Map<string, { readonly at: number; readonly page: Promise<T> }>();
  private hits = 0;
  private started = 0;

  constructor(private readonly options: ReadAheadOptions) {}

  /** The page read ahead under this key, if any: it is handed over, not kept. */
  take(key: string, now = Date.now()): Promise<T> | undefined {
    const entry = this.pages.get(key);
    if (entry === undefined) return undefined;
    this.pages.delete(key);
    if (now - entry.at > this.options.ttlMs) return undefined;
    this.hits++;
    return entry.page;
  }

  /** Starts reading a page under this key unless one is held already; a failed read is forgotten. */
  start(key: string, read: () => Promise<T>, now = Date.now()): void {
    if (this.pages.has(key)) return;
    for (const [k, e] of this.pages) {
      if (this.pages.size < this.options.maxPages && now - e.at <= this.options.ttlMs) break;
      this.pages.delete(k);
    }
    const page = read();
    this.started++;
    this.pages.set(key, { at: now, page });
    // Nobody may ever ask for it: its failure must not be unhandled, and must not be served.
    page.catch(() => {
      if (this.pages.get(key)?.page === page) this.pages.delete(key);
    });
  }

  /** Pages held, read ahead so far, and asked for (tests, diagnostics). */
  stats(): { held: number; started: number; hits: number } {
    return { held: this.pages.size, started: this.started, hits: this.hits };
  }
}
