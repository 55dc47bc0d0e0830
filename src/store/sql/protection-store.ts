// amr's userProtection rows and breakdowns (issue 15; decision 0091): the reads SqlStore delegates
// (the listings share SqlStore's paging, counting and read-ahead through PROTECTION_REPORT).
import type { BucketHistoryDay, BucketSummary, GroupBy } from '../../reports/breakdowns.js';
import type { ProtectionDetails } from '../../reports/model.js';
import type { SqlEngine } from './executor.js';
import { getReportRow, type RowReport } from './registration-queries.js';
import { PROTECTION_DETAIL_COLUMNS, PROTECTION_FILTER_COLUMNS, protectionFromArray, protectionJsonLayout } from './protection-columns.js';
import { groupByColumn } from './protection-builder.js';
import { breakdownHistory } from './breakdown-history.js';

export const PROTECTION_REPORT: RowReport<ProtectionDetails> = {
  detailColumns: PROTECTION_DETAIL_COLUMNS,
  filterColumns: PROTECTION_FILTER_COLUMNS,
  fromArray: protectionFromArray,
  jsonLayout: protectionJsonLayout,
};

/** Breakdowns kept parsed: a generation's never change (the summary answers in well under a millisecond). */
const CACHE_LIMIT = 256;

export class ProtectionReads {
  private readonly breakdowns = new Map<string, readonly BucketSummary[]>();

  constructor(
    private readonly engine: SqlEngine,
    private readonly keyOf: (tenantId: string) => Promise<number | null>,
  ) {}

  async getProtection(tenantId: string, generation: number, userId: string): Promise<ProtectionDetails | null> {
    const key = await this.keyOf(tenantId);
    if (key === null) return null;
    return getReportRow(this.engine.reader, this.engine.qb, key, generation, userId, PROTECTION_REPORT);
  }

  async bucketSummaries(tenantId: string, generation: number, groupBy: GroupBy | null): Promise<readonly BucketSummary[]> {
    const key = await this.keyOf(tenantId);
    if (key === null) return [];
    const cacheKey = `${key}|${generation}|${groupByColumn(groupBy)}`;
    const cached = this.breakdowns.get(cacheKey);
    if (cached !== undefined) return cached;
    const row = (
      await this.engine.reader.all(
        this.engine.qb
          .selectFrom('breakdowns')
          .select('buckets_json')
          .where('tenant_key', '=', key)
          .where('generation', '=', generation)
          .where('group_by', '=', groupByColumn(groupBy))
          .compile(),
      )
    )[0];
    // A generation computed before migration 8 has none until the tenant is computed again.
    const buckets = row === undefined ? [] : (JSON.parse(row.buckets_json) as BucketSummary[]);
    if (this.breakdowns.size >= CACHE_LIMIT) this.breakdowns.clear();
    this.breakdowns.set(cacheKey, buckets);
    return buckets;
  }

  async bucketHistory(tenantId: string, groupBy: GroupBy | null, fromDay: string, toDay: string): Promise<readonly BucketHistoryDay[]> {
    const key = await this.keyOf(tenantId);
    return key === null ? [] : breakdownHistory(this.engine.reader, this.engine.qb, key, groupByColumn(groupBy), fromDay, toDay);
  }
}
