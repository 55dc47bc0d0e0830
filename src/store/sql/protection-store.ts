// amr's userProtection rows and breakdowns (issue 15; decision 0091): the reads SqlStore delegates.
import type { BucketHistoryDay, BucketSummary, GroupBy } from '../../reports/breakdowns.js';
import type { ProtectionDetails } from '../../reports/model.js';
import type { JsonPage, Page, RegistrationListQuery } from '../store.js';
import type { SqlEngine } from './executor.js';

export class ProtectionReads {
  constructor(
    private readonly engine: SqlEngine,
    private readonly keyOf: (tenantId: string) => Promise<number | null>,
  ) {}

  listProtection(_query: RegistrationListQuery): Promise<Page<ProtectionDetails>> {
    return Promise.reject(new Error('listProtection: in progress'));
  }

  listProtectionJson(_query: RegistrationListQuery, _properties: readonly (keyof ProtectionDetails)[]): Promise<JsonPage> {
    return Promise.reject(new Error('listProtectionJson: in progress'));
  }

  getProtection(_tenantId: string, _generation: number, _userId: string): Promise<ProtectionDetails | null> {
    return Promise.reject(new Error('getProtection: in progress'));
  }

  bucketSummaries(_tenantId: string, _generation: number, _groupBy: GroupBy | null): Promise<readonly BucketSummary[]> {
    return Promise.reject(new Error('bucketSummaries: in progress'));
  }

  bucketHistory(_tenantId: string, _groupBy: GroupBy | null, _fromDay: string, _toDay: string): Promise<readonly BucketHistoryDay[]> {
    return Promise.reject(new Error('bucketHistory: in progress'));
  }
}
