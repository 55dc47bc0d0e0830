// The shape shared by the JSON-document and NDJSON readers, driven chunk by chunk by readSnapshot.

export interface ChunkParser {
  /** Hands over the next chunk; the previous one has been fully stepped through. */
  feed(buf: Buffer): void;
  /** Scans on in the current chunk: true when it is used up, false when it paused for the sink to drain. */
  step(): boolean;
  /** The input ended: refuses what is incomplete, settles the header. */
  end(): void;
}
