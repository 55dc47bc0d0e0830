// Whether a Temporary Access Pass is usable at the snapshot's capture time (entra-rules A6; decision 0024).
import type { GraphObject } from './model.js';
import { bool, num, str } from './graph-object.js';

/**
 * Graph's own `isUsable` wins when present. Otherwise the pass is usable from `startDateTime`
 * (or `createdDateTime`) for `lifetimeInMinutes`. With no way to tell, it is listed (usable), since
 * Graph only returns a TAP object while the pass exists.
 */
export function isTapUsable(method: GraphObject, capturedDateTime: string): boolean {
  const explicit = bool(method, 'isUsable');
  if (explicit !== null) return explicit;
  const start = Date.parse(str(method, 'startDateTime') ?? str(method, 'createdDateTime') ?? '');
  const lifetime = num(method, 'lifetimeInMinutes');
  const at = Date.parse(capturedDateTime);
  if (Number.isNaN(start) || lifetime === null || Number.isNaN(at)) return true;
  return start <= at && at < start + lifetime * 60_000;
}
