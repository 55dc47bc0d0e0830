// One tenant's reports as the Graph handlers read them. The view is opened for the tenant of the
// verified token (server/graph-route.ts) and binds that tenant into every query it makes; none of
// its methods takes a tenant, so no handler, filter, key or $skiptoken can name another one.
// Underneath, every SQL read is filtered by the tenant's key (store/sql). Decision 0052.
import type {
  ActivityEventCountQuery,
  ActivityEventQuery,
  ActivityEventRow,
  JsonPage,
  MethodChange,
  MethodChangeQuery,
  Page,
  RegistrationHistoryDay,
  RegistrationListQuery,
  RegistrationSummary,
  Store,
  TenantRecord,
} from './store.js';
import type { ActivityHourRow, MfaDayRow, PasswordDayRow, SignInMethodHourRow } from '../reports/activity/rollups.js';
import type { ProtectionDetails, RegistrationDetails } from '../reports/model.js';
import type { BucketHistoryDay, BucketSummary, GroupBy } from '../reports/breakdowns.js';
import type { AlertListQuery, AlertPage } from './sql/alert-store.js';

export interface TenantView {
  readonly tenant: TenantRecord;
  hasGeneration(generation: number): Promise<boolean>;
  listRegistrationDetails(query: Omit<RegistrationListQuery, 'tenantId'>): Promise<Page<RegistrationDetails>>;
  listRegistrationDetailsJson(query: Omit<RegistrationListQuery, 'tenantId'>, properties: readonly (keyof RegistrationDetails)[]): Promise<JsonPage>;
  getRegistrationDetails(generation: number, userId: string): Promise<RegistrationDetails | null>;
  getRegistrationSummary(generation: number, userTypes: string, userRoles: string): Promise<RegistrationSummary | null>;
  listActivityEvents(query: Omit<ActivityEventQuery, 'tenantId'>): Promise<Page<ActivityEventRow>>;
  countActivityEvents(query: Omit<ActivityEventCountQuery, 'tenantId'>): Promise<number>;
  activityHourRows(fromHour: string): Promise<readonly ActivityHourRow[]>;
  mfaDayRows(fromDay: string): Promise<readonly MfaDayRow[]>;
  signInMethodHourRows(fromHour: string): Promise<readonly SignInMethodHourRow[]>;
  passwordDayRows(fromDay: string): Promise<readonly PasswordDayRow[]>;
  registrationHistory(fromDay: string, toDay: string, userTypes: string, userRoles: string): Promise<readonly RegistrationHistoryDay[]>;
  listProtection(query: Omit<RegistrationListQuery, 'tenantId'>): Promise<Page<ProtectionDetails>>;
  listProtectionJson(query: Omit<RegistrationListQuery, 'tenantId'>, properties: readonly (keyof ProtectionDetails)[]): Promise<JsonPage>;
  getProtection(generation: number, userId: string): Promise<ProtectionDetails | null>;
  bucketSummaries(generation: number, groupBy: GroupBy | null): Promise<readonly BucketSummary[]>;
  bucketHistory(groupBy: GroupBy | null, fromDay: string, toDay: string): Promise<readonly BucketHistoryDay[]>;
  listAlerts(query: Omit<AlertListQuery, 'tenantId'>): Promise<AlertPage>;
  listMethodChanges(query: Omit<MethodChangeQuery, 'tenantId'>): Promise<Page<MethodChange>>;
}

export function tenantView(store: Store, tenant: TenantRecord): TenantView {
  const tenantId = tenant.tenantId;
  return {
    tenant,
    hasGeneration: (generation) => store.hasGeneration(tenantId, generation),
    listRegistrationDetails: (query) => store.listRegistrationDetails({ ...query, tenantId }),
    listRegistrationDetailsJson: (query, properties) => store.listRegistrationDetailsJson({ ...query, tenantId }, properties),
    getRegistrationDetails: (generation, userId) => store.getRegistrationDetails(tenantId, generation, userId),
    getRegistrationSummary: (generation, userTypes, userRoles) => store.getRegistrationSummary(tenantId, generation, userTypes, userRoles),
    listActivityEvents: (query) => store.listActivityEvents({ ...query, tenantId }),
    countActivityEvents: (query) => store.countActivityEvents({ ...query, tenantId }),
    activityHourRows: (fromHour) => store.activityHourRows(tenantId, fromHour),
    mfaDayRows: (fromDay) => store.mfaDayRows(tenantId, fromDay),
    signInMethodHourRows: (fromHour) => store.signInMethodHourRows(tenantId, fromHour),
    passwordDayRows: (fromDay) => store.passwordDayRows(tenantId, fromDay),
    registrationHistory: (fromDay, toDay, userTypes, userRoles) => store.registrationHistory(tenantId, fromDay, toDay, userTypes, userRoles),
    listProtection: (query) => store.listProtection({ ...query, tenantId }),
    listProtectionJson: (query, properties) => store.listProtectionJson({ ...query, tenantId }, properties),
    getProtection: (generation, userId) => store.getProtection(tenantId, generation, userId),
    bucketSummaries: (generation, groupBy) => store.bucketSummaries(tenantId, generation, groupBy),
    bucketHistory: (groupBy, fromDay, toDay) => store.bucketHistory(tenantId, groupBy, fromDay, toDay),
    listAlerts: (query) => store.listAlerts({ ...query, tenantId }),
    listMethodChanges: (query) => store.listMethodChanges({ ...query, tenantId }),
  };
}
