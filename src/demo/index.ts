// Public API of the demo tenant generator (`amr seed`): the tenant and its snapshot writer.
export { demoTenant, type DemoTenant, type DemoTenantOptions, type JsonObject, type JsonValue } from './demo-tenant.js';
export { DEMO_HISTORY_DAYS, demoTenantAsOf } from './as-of.js';
export { writeSnapshot, type SnapshotEncoding, type WriteSummary } from './write-snapshot.js';
