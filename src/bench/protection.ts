// Issue 15 §6: amr's userProtection export against userRegistrationDetails' on the same server and
// rows (alternately, so drift moves both alike; target ≥ 0.80), and protectionSummary?groupBy=department
// latency (target p99 ≤ 50 ms), on the bench tenant.
import { fullExport, sequentialLatency, type ExportResult, type LatencyResult } from './http-scenarios.js';

const REGISTRATION = '/v1.0/reports/authenticationMethods/userRegistrationDetails';
const PROTECTION = '/amr/v1/reports/userProtection';

export interface ProtectionBench {
  readonly registration: readonly ExportResult[];
  readonly protection: readonly ExportResult[];
  /** userProtection rows/s over userRegistrationDetails', per alternating pair. */
  readonly ratios: readonly number[];
  readonly medianRatio: number;
  readonly summaryByDepartment: LatencyResult;
  readonly summaryByGroup: LatencyResult;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function protectionBench(url: string, token: string, rounds: number): Promise<ProtectionBench> {
  const registration: ExportResult[] = [];
  const protection: ExportResult[] = [];
  for (let i = 0; i < rounds; i++) {
    registration.push(await fullExport(url, token, REGISTRATION));
    protection.push(await fullExport(url, token, PROTECTION));
    if (registration[i]!.rows !== protection[i]!.rows)
      throw new Error(`userProtection listed ${protection[i]!.rows} rows, userRegistrationDetails ${registration[i]!.rows}: they list the same users`);
  }
  const ratios = protection.map((p, i) => p.rowsPerSecond / registration[i]!.rowsPerSecond);
  return {
    registration,
    protection,
    ratios,
    medianRatio: median(ratios),
    summaryByDepartment: await sequentialLatency(`${url}/amr/v1/reports/protectionSummary?groupBy=department`, token, 200, 20),
    summaryByGroup: await sequentialLatency(`${url}/amr/v1/reports/protectionSummary?groupBy=group`, token, 200, 20),
  };
}

export function describeProtectionBench(b: ProtectionBench): string {
  const rates = (rs: readonly ExportResult[]) => rs.map((r) => r.rowsPerSecond).join(', ');
  return (
    `userProtection export: median ${median(b.protection.map((r) => r.rowsPerSecond))} rows/s (runs ${rates(b.protection)}); ` +
    `userRegistrationDetails: median ${median(b.registration.map((r) => r.rowsPerSecond))} rows/s (runs ${rates(b.registration)}); ` +
    `ratio median ${b.medianRatio.toFixed(2)} (pairs ${b.ratios.map((r) => r.toFixed(2)).join(', ')}; target ≥ 0.80). ` +
    `protectionSummary?groupBy=department: p50 ${b.summaryByDepartment.p50ms} ms, p99 ${b.summaryByDepartment.p99ms} ms (target ≤ 50 ms); ` +
    `groupBy=group: p50 ${b.summaryByGroup.p50ms} ms, p99 ${b.summaryByGroup.p99ms} ms`
  );
}
