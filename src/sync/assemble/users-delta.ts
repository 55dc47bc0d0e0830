// Reads a users/delta round (every page until the deltaLink) into changed users and removed ids.
import { at, describe, fail } from './body-error.js';
import { ENDPOINTS } from './endpoints.js';
import { toJsonObject, withoutControlAnnotations, type JsonObject } from './json.js';
import { member, pagedItems, requiredString } from './read-fields.js';

export interface UsersDelta {
  /** Users created or changed (a full round: every user), by lower-case id; the last of replays wins. */
  readonly changed: ReadonlyMap<string, JsonObject>;
  /** Ids Graph marked `@removed` (soft-deleted: reason "changed"; hard-deleted: reason "deleted"). */
  readonly removed: ReadonlySet<string>;
}

/**
 * A user object is kept as Graph sent it (its `$select`ed properties, amr's snapshot keeps them),
 * less OData control annotations. An item with `@removed` removes the user whatever the reason:
 * a soft-deleted user is never listed in the reports (entra-rules §1.2, S3), so dropping it and
 * keeping it with a deletedDateTime give the same reports.
 */
export function readUsersDelta(pages: readonly unknown[]): UsersDelta {
  const changed = new Map<string, JsonObject>();
  const removed = new Set<string>();
  for (const { item, where } of pagedItems(pages, ENDPOINTS.usersDelta, 'a user object')) {
    const id = requiredString(item, 'id', where).toLowerCase();
    const removal = member(item, '@removed');
    if (removal !== undefined) {
      if (typeof removal !== 'object' || removal === null)
        fail(at(where, '@removed'), `expected an object like {"reason":"changed"}, got ${describe(removal)}`);
      changed.delete(id);
      removed.add(id);
      continue;
    }
    requiredString(item, 'userPrincipalName', where);
    const user = withoutControlAnnotations(toJsonObject(item, where, 'a user object'));
    removed.delete(id);
    changed.set(id, { ...user, id });
  }
  return { changed, removed };
}
