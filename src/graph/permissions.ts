// Who may call what: the one authorization table. Each operation row (operations.ts) points at
// one rule here; `authorize` applies it to a verified caller and throws Graph's own 403s.
// Sources: graph-api §2.5 (error codes and messages), §2.11 (roles), the permissions line of every
// endpoint in §3; entra-rules §3.5 (roles that can read the activity reports). Decision 0052.
import { permissionMissing, unsupportedUserRole } from './errors.js';
import type { Principal } from './principal.js';

/** Entra built-in role template ids (wids) that may read these reports in delegated calls. */
export const REPORT_READER_ROLES: Readonly<Record<string, string>> = {
  '4a5d8f65-41da-4de4-8968-e035b65339cf': 'Reports Reader',
  '5d6b6bb7-de71-4623-b4af-96380a352509': 'Security Reader',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
  '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f': 'Security Operator',
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451': 'Global Reader',
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
  '158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
};

export interface PermissionRule {
  readonly id: string;
  /** Delegated scopes that grant the call, least privileged first (graph-api §3 "Delegated (work or school account)"). */
  readonly delegated: readonly string[];
  /** Application roles that grant it, least privileged first; empty: app-only calls are not supported. */
  readonly application: readonly string[];
  /** Directory roles (template ids) a delegated caller must hold one of (graph-api §2.11). */
  readonly userRoles: Readonly<Record<string, string>>;
  /** The source of the row, for the docs and reviewers. */
  readonly source: string;
}

const AUDIT_LOG = 'AuditLog.Read.All';
const REPORTS = 'Reports.Read.All';
const USER_AUTH_METHODS = 'UserAuthenticationMethod.Read.All';

/** amr's own report endpoints take the registration report's permissions (decision 0053). */
function amrExtension<I extends string>(id: I, paths: string, decision: string) {
  return {
    id,
    delegated: [AUDIT_LOG, USER_AUTH_METHODS],
    application: [AUDIT_LOG, USER_AUTH_METHODS],
    userRoles: REPORT_READER_ROLES,
    source: `amr extension ${paths}: the registration report's permissions (decision ${decision})`,
  } as const;
}

export const PERMISSIONS = {
  registrationDetails: {
    id: 'registrationDetails',
    delegated: [AUDIT_LOG, USER_AUTH_METHODS],
    application: [AUDIT_LOG, USER_AUTH_METHODS],
    userRoles: REPORT_READER_ROLES,
    source: 'graph-api §3.1, §3.2 (higher privileged: UserAuthenticationMethod.Read.All)',
  },
  delegatedOnlyAuditLog: {
    id: 'delegatedOnlyAuditLog',
    delegated: [AUDIT_LOG],
    application: [],
    userRoles: REPORT_READER_ROLES,
    source: 'graph-api §3.3–3.5, §7.7: application permissions not supported',
  },
  auditLog: {
    id: 'auditLog',
    delegated: [AUDIT_LOG],
    application: [AUDIT_LOG],
    userRoles: REPORT_READER_ROLES,
    source: 'graph-api §3.6–3.9 (§3.6 states no application line; amr allows AuditLog.Read.All as its siblings do)',
  },
  reports: {
    id: 'reports',
    delegated: [REPORTS],
    application: [REPORTS],
    userRoles: REPORT_READER_ROLES,
    source: 'graph-api §3.10–3.13 (legacy credential reports)',
  },
  registrationHistory: amrExtension('registrationHistory', '/amr/v1/reports/registrationHistory', '0053'),
  userProtection: amrExtension('userProtection', '/amr/v1/reports/userProtection, protectionSummary, registrationSummary', '0092'),
  alerts: amrExtension('alerts', '/amr/v1/alerts', '0093'),
  changes: amrExtension('changes', '/amr/v1/changes', '0094'),
  container: {
    id: 'container',
    delegated: [AUDIT_LOG, REPORTS, USER_AUTH_METHODS],
    application: [AUDIT_LOG, REPORTS, USER_AUTH_METHODS],
    userRoles: REPORT_READER_ROLES,
    source: 'amr: the authenticationMethodsRoot container lists nothing; any report permission opens it',
  },
} as const satisfies Record<string, PermissionRule>;

/** The reader roles' names, as the 403 lists them. */
const READER_ROLE_NAMES = [...new Set(Object.values(REPORT_READER_ROLES))];

/** Throws the 403 Graph answers when the caller may not make this call; returns when it may. */
export function authorize(principal: Principal, rule: PermissionRule): void {
  if (principal.kind === 'application') {
    if (rule.application.length === 0) {
      throw permissionMissing(rule.delegated[0]!, ' This report does not support application permissions: call it with a delegated (signed-in user) token.');
    }
    if (!rule.application.some((r) => principal.roles.has(r))) {
      throw permissionMissing(rule.application[0]!, ` Grant the application permission ${rule.application.join(' or ')} (token claim roles).`);
    }
    return;
  }
  if (!rule.delegated.some((s) => principal.scopes.has(s))) {
    throw permissionMissing(rule.delegated[0]!, ` Consent to the delegated permission ${rule.delegated.join(' or ')} (token claim scp).`);
  }
  if (![...principal.wids].some((w) => Object.hasOwn(rule.userRoles, w.toLowerCase()))) throw unsupportedUserRole(READER_ROLE_NAMES);
}
