// userRegistrationDetails: domain row → Graph JSON for one API version and $select.
import type { RegistrationDetails } from '../../reports/model.js';
import { REGISTRATION_DETAILS_WIRE_ORDER, registrationDetailsEntity, type ApiVersion } from '../entities.js';

export type WireObject = Record<string, unknown>;

const versionProperties: Readonly<Record<ApiVersion, ReadonlySet<string>>> = {
  'v1.0': new Set(registrationDetailsEntity['v1.0'].properties.map((p) => p.name)),
  beta: new Set(registrationDetailsEntity.beta.properties.map((p) => p.name)),
};

/**
 * The enum properties whose "no method" Graph sends as the member 'none' (decision 0083). Rows read
 * from the store already hold 'none'; a row straight from the derivation holds '' (default-method.ts),
 * which is not a member of either enum: it goes out as 'none' too.
 */
const NONE_WHEN_EMPTY: ReadonlySet<string> = new Set(['userPreferredMethodForSecondaryAuthentication', 'defaultMfaMethod']);

/** The properties to write, in wire order: all of the version's, or the $select ones (id always). */
export function registrationDetailsProjection(version: ApiVersion, select: readonly string[] | null): readonly string[] {
  const wanted = select === null || select.includes('*') ? null : new Set(['id', ...select]);
  return REGISTRATION_DETAILS_WIRE_ORDER.filter((p) => versionProperties[version].has(p) && (wanted === null || wanted.has(p)));
}

export function registrationDetailsToWire(d: RegistrationDetails, projection: readonly string[]): WireObject {
  const source = d as unknown as Readonly<Record<string, unknown>>;
  const out: WireObject = {};
  for (const p of projection) out[p] = NONE_WHEN_EMPTY.has(p) && source[p] === '' ? 'none' : source[p];
  return out;
}
