// Reads the Graph/amr policy objects of a snapshot into typed parts; null where a part is absent.
import type { GraphObject } from './model.js';
import type { MethodConfig, MethodConfigKind, MigrationState, PolicyTarget, SystemPreferredPolicy } from './policy-types.js';
import { bool, obj, objects, shortODataType, str } from './graph-object.js';
import { canonicalId } from '../util/object-id.js';

// By short @odata.type first (robust to renamed ids), then by Graph's fixed configuration id.
const KIND_BY_TYPE: ReadonlyMap<string, MethodConfigKind> = new Map([
  ['fido2AuthenticationMethodConfiguration', 'fido2'],
  ['microsoftAuthenticatorAuthenticationMethodConfiguration', 'microsoftAuthenticator'],
  ['smsAuthenticationMethodConfiguration', 'sms'],
  ['voiceAuthenticationMethodConfiguration', 'voice'],
  ['emailAuthenticationMethodConfiguration', 'email'],
  ['softwareOathAuthenticationMethodConfiguration', 'softwareOath'],
  ['hardwareOathAuthenticationMethodConfiguration', 'hardwareOath'],
  ['temporaryAccessPassAuthenticationMethodConfiguration', 'temporaryAccessPass'],
  ['x509CertificateAuthenticationMethodConfiguration', 'x509Certificate'],
  ['qrCodePinAuthenticationMethodConfiguration', 'qrCodePin'],
  ['externalAuthenticationMethodConfiguration', 'external'],
]);

const KIND_BY_ID: ReadonlyMap<string, MethodConfigKind> = new Map([
  ['fido2', 'fido2'],
  ['microsoftauthenticator', 'microsoftAuthenticator'],
  ['sms', 'sms'],
  ['voice', 'voice'],
  ['email', 'email'],
  ['softwareoath', 'softwareOath'],
  ['hardwareoath', 'hardwareOath'],
  ['temporaryaccesspass', 'temporaryAccessPass'],
  ['x509certificate', 'x509Certificate'],
  ['qrcodepin', 'qrCodePin'],
]);

const MIGRATION_STATES: ReadonlyMap<string, MigrationState> = new Map([
  ['premigration', 'preMigration'],
  ['migrationinprogress', 'migrationInProgress'],
  ['migrationcomplete', 'migrationComplete'],
]);

export function parseMigrationState(amp: GraphObject | null): MigrationState | null {
  return MIGRATION_STATES.get((str(amp, 'policyMigrationState') ?? '').toLowerCase()) ?? null;
}

/** The snapshot's method configurations; unknown kinds are ignored. Null when the list is absent. */
export function parseMethodConfigs(amp: GraphObject | null): readonly MethodConfig[] | null {
  const list = objects(amp, 'authenticationMethodConfigurations');
  if (list === null) return null;
  return list.flatMap((c) => {
    const kind = configKind(c);
    return kind === null ? [] : [toMethodConfig(kind, c)];
  });
}

function configKind(c: GraphObject): MethodConfigKind | null {
  const type = shortODataType(c);
  const byType = type === null ? undefined : KIND_BY_TYPE.get(type);
  return byType ?? KIND_BY_ID.get((str(c, 'id') ?? '').toLowerCase()) ?? null;
}

function toMethodConfig(kind: MethodConfigKind, c: GraphObject): MethodConfig {
  return {
    kind,
    id: str(c, 'id') ?? kind,
    // S26: state is enabled/disabled; anything else is treated as not enabling the method.
    enabled: (str(c, 'state') ?? '').toLowerCase() === 'enabled',
    includeTargets: parseTargets(c, 'includeTargets') ?? [],
    excludeTargets: parseTargets(c, 'excludeTargets') ?? [],
    isOfficePhoneAllowed: bool(c, 'isOfficePhoneAllowed') ?? false,
  };
}

/**
 * Target ids in canonical form (decision 0055): a group or user GUID in any case matches the
 * snapshot's lower-cased ids. Done here, not when the snapshot is read, so that policies stored
 * before that rule match too.
 */
export function parseTargets(o: GraphObject | null, key: string): readonly PolicyTarget[] | null {
  const list = objects(o, key);
  if (list === null) return null;
  return list.flatMap((t) => {
    const id = str(t, 'id');
    if (id === null || id === '') return [];
    return [{ targetType: str(t, 'targetType') ?? 'group', id: canonicalId(id), authenticationMode: str(t, 'authenticationMode') }];
  });
}

/** S34: systemCredentialPreferences (beta) with state and one include / one exclude target. */
export function parseSystemPreferred(amp: GraphObject | null, fallback: SystemPreferredPolicy): SystemPreferredPolicy {
  const scp = obj(amp, 'systemCredentialPreferences');
  if (scp === null) return fallback;
  const state = (str(scp, 'state') ?? '').toLowerCase();
  return {
    state: state === 'enabled' || state === 'disabled' ? state : 'default',
    includeTargets: parseTargets(scp, 'includeTargets') ?? fallback.includeTargets,
    excludeTargets: parseTargets(scp, 'excludeTargets') ?? [],
    fromSnapshot: true,
  };
}
