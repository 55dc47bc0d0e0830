// Pages of the reports listed from the registration rows (userRegistrationDetails, userProtection:
// decision 0091), their `$count`s and the export's read-ahead (decision 0007), for SqlStore.
import type { JsonPage, Page, RegistrationListQuery } from '../store.js';
import type { SqlEngine } from './executor.js';
import { ReadAhead, readsAheadNow } from './read-ahead.js';
import { REGISTRATION_REPORT, countRegistrationDetails, listReportJson, listReportRows, type KeyedListQuery, type RowReport } from './registration-queries.js';

/** A count's key holds its filter (up to AMR_MAX_FILTER_LENGTH): fewer of them are kept. */
const COUNT_CACHE_LIMIT = 1_000;

/** Everything a page depends on: the same key, the same page (a generation never changes). */
function pageKey(q: KeyedListQuery, properties: readonly string[], report: RowReport<unknown>): string {
  return JSON.stringify([report === REGISTRATION_REPORT ? 'r' : 'p', q.tenantKey, q.generation, q.filter, q.orderby, q.top, q.after, properties]);
}

export class ReportListing {
  /** Export pages read ahead of the client (decision 0007): ~600 KB each at most. */
  private readonly readAhead = new ReadAhead<Omit<JsonPage, 'count'>>({ maxPages: 16, ttlMs: 10_000 });
  /** `$count` answers by report, tenant, generation and filter (countOf). */
  private readonly counts = new Map<string, Promise<number>>();

  constructor(
    private readonly engine: SqlEngine,
    private readonly keyOf: (tenantId: string) => Promise<number | null>,
  ) {}

  /**
   * `$count` of a generation's filtered rows. A generation never changes (decision 0003), so
   * neither do its counts: an export with `$count=true` counts once, not on every page, and
   * clients asking the same count at once share one query.
   */
  private countOf(q: KeyedListQuery, report: RowReport<unknown> = REGISTRATION_REPORT): Promise<number> {
    const key = JSON.stringify([report === REGISTRATION_REPORT ? 'r' : 'p', q.tenantKey, q.generation, q.filter]);
    let counted = this.counts.get(key);
    if (counted === undefined) {
      counted = countRegistrationDetails(this.engine.reader, this.engine.qb, q, report.filterColumns);
      if (this.counts.size >= COUNT_CACHE_LIMIT) this.counts.clear();
      this.counts.set(key, counted);
      // A failed count (a closing store, a busy pool) is asked again next time.
      counted.catch(() => {
        if (this.counts.get(key) === counted) this.counts.delete(key);
      });
    }
    return counted;
  }

  async rows<T>(query: RegistrationListQuery, report: RowReport<T>): Promise<Page<T>> {
    const tenantKey = await this.keyOf(query.tenantId);
    if (tenantKey === null) return { rows: [], next: null, ...(query.count ? { count: 0 } : {}) };
    const keyed = { ...query, tenantKey };
    const counted = query.count ? this.countOf(keyed, report as RowReport<unknown>) : null;
    counted?.catch(() => undefined);
    const page = await listReportRows(this.engine.reader, this.engine.qb, keyed, report);
    return counted === null ? page : { ...page, count: await counted };
  }

  /** A page of a report's rows as JSON (the export's hot path), for userRegistrationDetails and userProtection alike. */
  async json<T>(query: RegistrationListQuery, properties: readonly (keyof T & string)[], report: RowReport<T>): Promise<JsonPage> {
    const tenantKey = await this.keyOf(query.tenantId);
    if (tenantKey === null) return { json: new Uint8Array(0), rowCount: 0, next: null, ...(query.count ? { count: 0 } : {}) };
    const keyed = { ...query, tenantKey, count: false };
    const tag = report as RowReport<unknown>;
    // Counted on another thread while the page is read.
    const counted = query.count ? this.countOf(keyed, tag) : null;
    counted?.catch(() => undefined);
    // A next page waits behind first pages when the readers are busy (SqlEngine.bulkReader).
    const bulk = { reader: this.engine.bulkReader ?? this.engine.reader, qb: this.engine.qb, rowJsonSql: this.engine.rowJsonSql };
    const page = await (this.readAhead.take(pageKey(keyed, properties, tag)) ??
      listReportJson(query.after === null ? this.engine : bulk, keyed, properties, report));
    // A client that followed a next link will follow this one: read it while this page travels,
    // if a reader would otherwise sit idle (read-ahead.ts).
    if (page.next !== null && query.after !== null && readsAheadNow(this.engine.reader)) {
      const next = { ...keyed, after: page.next };
      this.readAhead.start(pageKey(next, properties, tag), () => listReportJson(bulk, next, properties, report));
    }
    return counted === null ? page : { ...page, count: await counted };
  }
}
