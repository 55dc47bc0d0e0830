// Validates a snapshot's header members (amrSnapshot, tenant, capturedDateTime, policies) into a SnapshotHeader.
import type { License, SnapshotHeader, TenantInfo } from '../../reports/model.js';
import { expectObject, optionalString, own, refuse, requiredString } from '../field-checks.js';
import { normalisePolicies } from './normalise-policies.js';
import { SnapshotError } from '../snapshot-error.js';
import { child, describe } from '../place.js';
import { parseDateTime } from '../date-time.js';
import { inTimeWindow, timeWindow, windowText } from '../time-window.js';

export const SNAPSHOT_VERSION = 1;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LICENSES: readonly License[] = ['free', 'P1', 'P2'];

/** `raw` is the header object (NDJSON line 1) or the top-level members of a JSON document. */
export function normaliseHeader(raw: unknown, where: string, now: () => Date): SnapshotHeader {
  const o = expectObject(raw, where, 'the snapshot header object');
  checkSnapshotVersion(own(o, 'amrSnapshot'), child(where, 'amrSnapshot'));
  return {
    tenant: normaliseTenant(own(o, 'tenant'), child(where, 'tenant')),
    capturedDateTime: normaliseCapturedDateTime(own(o, 'capturedDateTime'), child(where, 'capturedDateTime'), now),
    policies: normalisePolicies(own(o, 'policies'), child(where, 'policies')),
  };
}

/** tenant-snapshot.md: the format version is 1; anything else, or nothing, is refused. */
export function checkSnapshotVersion(value: unknown, where: string): void {
  if (value === SNAPSHOT_VERSION) return;
  if (value === undefined) refuse(where, `the number ${SNAPSHOT_VERSION} (the snapshot format version)`, value);
  throw new SnapshotError(where, `unsupported snapshot format version ${describe(value)}: expected ${SNAPSHOT_VERSION}`);
}

/** The tenant id is lower-cased: tokens carry `tid` in lower case and ids are compared as strings. */
export function normaliseTenant(raw: unknown, where: string): TenantInfo {
  const o = expectObject(raw, where, 'an object with the tenant\'s GUID "id"');
  const id = requiredString(o, 'id', where);
  if (!GUID.test(id)) refuse(child(where, 'id'), 'a GUID such as "0b5e4a1c-7d2f-4c1e-9a3b-5f6e7d8c9b0a"', id);
  return { id: id.toLowerCase(), displayName: optionalString(o, 'displayName', where), license: readLicense(o, where) };
}

/** Default P1; any case accepted ("p2" → "P2"). */
function readLicense(o: Readonly<Record<string, unknown>>, where: string): License {
  const v = own(o, 'license');
  if (v === undefined || v === null) return 'P1';
  const found = typeof v === 'string' ? LICENSES.find((l) => l.toLowerCase() === v.toLowerCase()) : undefined;
  return found ?? refuse(child(where, 'license'), '"free", "P1" or "P2"', v);
}

/**
 * Absent or null: the import time. Otherwise an ISO-8601 date-time, returned as a UTC ISO string,
 * from 2000-01-01 to one day after the import time (decision 0055: it dates the history).
 */
export function normaliseCapturedDateTime(value: unknown, where: string, now: () => Date): string {
  const at = now();
  if (value === undefined || value === null) return at.toISOString();
  const ms = typeof value === 'string' ? parseDateTime(value) : null;
  if (ms === null) return refuse(where, 'an ISO-8601 date-time such as "2024-05-01T12:00:00Z"', value);
  if (!inTimeWindow(ms, at)) refuse(where, `a capture time ${windowText(timeWindow(at))}`, value);
  return new Date(ms).toISOString();
}
