// The Microsoft Graph test double's public face: start it from a tenant snapshot, drive its state,
// arm faults and limits, make certificates for client assertions.
export { startGraphDouble, type GraphDouble, type GraphDoubleOptions, type RequestLogEntry } from './server.js';
export type { InnerLog } from './batch.js';
export { ManualClock, type Clock } from './clock.js';
export { Faults, type FaultKind, type FaultSpec } from './faults.js';
export { Limiter, MICROSOFT_LIMITS, limitTable, type LimitClass, type LimitOverrides, type LimitTable, type LimitWindow } from './limits.js';
export type { AppRegistration, License, MethodChangeOptions } from './model.js';
export { DEFAULT_PAGE_SIZES, type PageSizes } from './route.js';
export { TenantState } from './state.js';
export { createTestCertificate, signClientAssertion, type AssertionOptions, type TestCertificate } from './test-certificate.js';
export { DELTA_TOKEN_LIFETIME_MS } from './users-delta.js';
export { retentionDays } from './routes-reports.js';
export { DoubleInputError } from './json.js';
