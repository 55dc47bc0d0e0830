// amr's own operations table (decision 0092): the reports Graph does not have, served under
// /amr/v1 by the Graph pipeline (server/graph-route.ts) with the same tokens, permissions, errors,
// option validation and paging. Not part of Graph's table: $metadata, the service document and
// $batch never list them. Rows are 'v1.0' rows: OData's rules as on v1.0 (the '$' is required).
import { userProtectionEntity } from './amr-entities.js';
import { protectionSummary, registrationSummary } from './handlers/breakdowns.js';
import { countUserProtection, getUserProtection, listUserProtection, PROTECTION_PAGE_SIZE } from './handlers/protection.js';
import type { Operation, QueryOption, SegmentPattern } from './operation.js';
import { PERMISSIONS } from './permissions.js';

/** The path root amr's rows are served under. */
export const AMR_ROOT = 'amr/v1';

const name = (n: string): SegmentPattern => ({ kind: 'name', name: n });
const key: SegmentPattern = { kind: 'key' };

const PROTECTION = [name('reports'), name('userProtection')];
const LIST: readonly QueryOption[] = ['$filter', '$orderby', '$top', '$select', '$count', '$skiptoken'];

export const AMR_OPERATIONS: readonly Operation[] = [
  {
    id: 'amr.userProtection.list',
    permission: PERMISSIONS.userProtection,
    versions: ['v1.0'],
    path: PROTECTION,
    options: LIST,
    entity: userProtectionEntity,
    maxTop: PROTECTION_PAGE_SIZE,
    description: "Each listed user's protection: registered and used strength, weak-only MFA, stale methods.",
    handle: listUserProtection,
  },
  {
    id: 'amr.userProtection.count',
    permission: PERMISSIONS.userProtection,
    versions: ['v1.0'],
    path: [...PROTECTION, name('$count')],
    options: ['$filter'],
    entity: userProtectionEntity,
    description: 'The number of listed users (text/plain).',
    handle: countUserProtection,
  },
  {
    id: 'amr.userProtection.get',
    permission: PERMISSIONS.userProtection,
    versions: ['v1.0'],
    path: [...PROTECTION, key],
    options: ['$select'],
    entity: userProtectionEntity,
    description: "One user's protection, by user object id.",
    handle: getUserProtection,
  },
  {
    id: 'amr.protectionSummary',
    permission: PERMISSIONS.userProtection,
    versions: ['v1.0'],
    path: [name('reports'), name('protectionSummary')],
    options: [],
    description: 'Users per registered strength class, overall or per bucket (groupBy).',
    handle: protectionSummary,
  },
  {
    id: 'amr.registrationSummary',
    permission: PERMISSIONS.userProtection,
    versions: ['v1.0'],
    path: [name('reports'), name('registrationSummary')],
    options: [],
    description: 'Users registered per feature and method, overall or per bucket (groupBy).',
    handle: registrationSummary,
  },
];

/**
 * The URL templates to mount: everything under each row's first segment (`reports/userProtection('id')`
 * is a key too). amr's routes with a path of their own (registrationHistory, extension-routes.ts) are
 * static, and the router prefers a static route to a wildcard.
 */
export const AMR_MOUNTS: readonly string[] = [
  ...new Set(AMR_OPERATIONS.flatMap((op) => (op.path[0]?.kind === 'name' ? [`/${AMR_ROOT}/${op.path[0].name}`, `/${AMR_ROOT}/${op.path[0].name}/*`] : []))),
];
