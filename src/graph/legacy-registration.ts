// credentialUserRegistrationDetails in terms of the current registration rows (decision 0011):
// its wire row, and its $filter rewritten into a userRegistrationDetails filter.
import type { ElementNode, FilterNode, Literal } from '../odata/index.js';
import type { RegistrationDetails } from '../reports/model.js';
import { emitMember, registrationAuthMethod } from './enums.js';

/** registrationAuthMethod member → the methodsRegistered names it stands for. */
const LEGACY_METHODS: Readonly<Record<string, readonly string[]>> = {
  email: ['email'],
  mobilePhone: ['mobilePhone'],
  officePhone: ['officePhone'],
  securityQuestion: ['securityQuestion'],
  appNotification: ['microsoftAuthenticatorPush'],
  appCode: ['softwareOneTimePasscode', 'hardwareOneTimePasscode'],
  alternateMobilePhone: ['alternateMobilePhone'],
  fido: ['fido2SecurityKey', 'passKeyDeviceBound', 'passKeyDeviceBoundAuthenticator', 'passKeyDeviceBoundWindowsHello', 'passKeySynced'],
  appPassword: [],
  unknownFutureValue: [],
  externalAuthMethod: ['externalAuthMethod'],
};

const FLAGS: Readonly<Record<string, string>> = {
  isRegistered: 'isSsprRegistered',
  isEnabled: 'isSsprEnabled',
  isCapable: 'isSsprCapable',
  isMfaRegistered: 'isMfaRegistered',
};

export function legacyAuthMethods(methods: readonly string[], includeUnknown: boolean): string[] {
  const out: string[] = [];
  for (const [legacy, current] of Object.entries(LEGACY_METHODS)) {
    if (current.some((m) => methods.includes(m))) out.push(emitMember(registrationAuthMethod, legacy, includeUnknown));
  }
  return [...new Set(out)];
}

export function legacyRow(d: RegistrationDetails, includeUnknown: boolean): Record<string, unknown> {
  return {
    id: d.id,
    userPrincipalName: d.userPrincipalName,
    userDisplayName: d.userDisplayName,
    authMethods: legacyAuthMethods(d.methodsRegistered, includeUnknown),
    isRegistered: d.isSsprRegistered,
    isEnabled: d.isSsprEnabled,
    isCapable: d.isSsprCapable,
    isMfaRegistered: d.isMfaRegistered,
  };
}

/** A literal that no method has: "matches nothing" inside methodsRegistered/any(). */
const NOTHING: Literal = { kind: 'string', value: '' };

function eqAny(names: readonly string[]): ElementNode {
  const alternatives: ElementNode[] = (names.length > 0 ? names : ['']).map((n) => ({
    kind: 'compare',
    op: 'eq',
    value: n === '' ? NOTHING : { kind: 'string', value: n },
  }));
  return alternatives.reduce((a, b) => ({ kind: 'or', left: a, right: b }));
}

const membersOf = (l: Literal): readonly string[] => LEGACY_METHODS[l.kind === 'enum' || l.kind === 'string' ? l.value : ''] ?? [];

function element(n: ElementNode): ElementNode {
  switch (n.kind) {
    case 'compare': {
      const match = eqAny(membersOf(n.value));
      return n.op === 'ne' ? { kind: 'not', operand: match } : match;
    }
    case 'in':
      return eqAny(n.values.flatMap(membersOf));
    case 'startswith':
      return eqAny([]);
    case 'not':
      return { kind: 'not', operand: element(n.operand) };
    case 'and':
    case 'or':
      return { kind: n.kind, left: element(n.left), right: element(n.right) };
  }
}

/** The same question asked of userRegistrationDetails: flags renamed, legacy methods expanded. */
export function rewriteLegacyFilter(n: FilterNode): FilterNode {
  switch (n.kind) {
    case 'compare':
    case 'in':
    case 'startswith':
      return { ...n, property: FLAGS[n.property] ?? n.property };
    case 'any':
      return {
        kind: 'any',
        property: 'methodsRegistered',
        variable: n.variable,
        predicate: n.predicate === null ? eqAny(Object.values(LEGACY_METHODS).flat()) : element(n.predicate),
      };
    case 'not':
      return { kind: 'not', operand: rewriteLegacyFilter(n.operand) };
    case 'and':
    case 'or':
      return { kind: n.kind, left: rewriteLegacyFilter(n.left), right: rewriteLegacyFilter(n.right) };
  }
}
