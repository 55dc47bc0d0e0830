// GET /amr/v1/reports/protectionSummary and /registrationSummary ?groupBy=… (issue 15 item 2;
// decision 0092): the current report state's breakdown, one bucket per value of the attribute
// (none given: one bucket, key 'all').
import type { BucketSummary } from '../../reports/breakdowns.js';
import { groupByOf, onlyParameters } from '../group-by.js';
import type { GraphRequest, GraphResponse } from '../operation.js';
import { protectionBucket, registrationBucket } from '../wire/protection.js';

async function summary(req: GraphRequest, bucket: (b: BucketSummary) => Record<string, unknown>): Promise<GraphResponse> {
  // The row takes no OData option (the validator refused any); amr's plain parameters are checked here.
  onlyParameters(req.query, ['groupBy']);
  const groupBy = groupByOf(req.query.find(([name]) => name === 'groupBy')?.[1]);
  const buckets = await req.store.bucketSummaries(req.generation, groupBy);
  return { status: 200, body: { groupBy, capturedDateTime: req.tenant.capturedAt, buckets: buckets.map(bucket) } };
}

export const protectionSummary = (req: GraphRequest): Promise<GraphResponse> => summary(req, protectionBucket);

export const registrationSummary = (req: GraphRequest): Promise<GraphResponse> => summary(req, registrationBucket);
