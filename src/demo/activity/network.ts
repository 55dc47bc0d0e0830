// Where the demo's records come from on the network: one egress address per office, one home address
// per person, one per guest. All are in the RFC 5737 documentation ranges, so none is anybody's.
import { mix32 } from '../prng.js';
import type { JsonObject } from '../wire.js';
import type { UserProfile } from './user-profile.js';

/** 203.0.113.0/24 (TEST-NET-3): office egress, one address per country. */
export function officeIp(usageLocation: string): string {
  let h = 0;
  for (let i = 0; i < usageLocation.length; i++) h = Math.imul(h ^ usageLocation.charCodeAt(i), 0x01000193);
  return `203.0.113.${1 + (mix32(h) % 254)}`;
}

/** 198.51.100.0/24 (TEST-NET-2) for employees at home; 192.0.2.0/24 (TEST-NET-1) for guests at their own company. */
export function remoteIp(u: UserProfile): string {
  const host = 1 + (mix32(u.index ^ 0x5ca1ab1e) % 254);
  return u.kind === 'guest' ? `192.0.2.${host}` : `198.51.100.${host}`;
}

export function ipOf(u: UserProfile, remote: boolean): string {
  return remote || u.kind === 'guest' ? remoteIp(u) : officeIp(u.usageLocation);
}

/** signIn.location (shape of log-samples graph.beta.signIn.list.example1.json). */
export function locationOf(u: UserProfile): JsonObject {
  return { city: u.city ?? '', state: '', countryOrRegion: u.usageLocation, geoCoordinates: {} };
}
