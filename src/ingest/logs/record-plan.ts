// Decides, per record, what it is: which export shape, audit or sign-in, or a category to skip.
import type { RecordShape } from './log-batcher.js';
import type { Envelope } from './envelope.js';
import { isAzureMonitorRecord, planAzureMonitor } from './azure-monitor-record.js';
import { isLogAnalyticsRow, planLogAnalytics } from './log-analytics-row.js';
import { planGraph, type GraphKind } from './graph-object.js';
import type { RawObject } from './log-fields.js';

export type RecordKind = 'audit' | 'signIn';

export type Plan =
  | { readonly kind: RecordKind; readonly shape: RecordShape; readonly fields: RawObject; readonly env: Envelope }
  | { readonly kind: 'skip'; readonly shape: RecordShape; readonly category: string };

/**
 * Per record, so one file may mix them (entra-rules §4): an Azure Monitor record has `category` and
 * `properties`; a Log Analytics row has PascalCase columns (`Type`, `TimeGenerated`, `Id`, …); anything
 * else is read as a Graph object, told apart by `@odata.type`, its fields, or the page's context.
 * Throws Refusal when the record is none of these.
 */
export function planRecord(o: RawObject, page: GraphKind): Plan {
  if (isAzureMonitorRecord(o)) return planAzureMonitor(o);
  if (isLogAnalyticsRow(o)) return planLogAnalytics(o);
  return planGraph(o, page);
}
