// One demo user, from the tenant context and its index: the skeleton decides what kind of
// account it is, and a stream private to the index draws everything else, so users can be made
// in any order, one at a time.

import type { TenantContext } from './context.js';
import { guestUser, resourceUser } from './other-users.js';
import { breakGlassUser, personUser } from './person-user.js';
import { streamFor } from './prng.js';
import type { JsonObject } from './wire.js';

const USER_STREAM = 0x05e2;

export function buildUser(ctx: TenantContext, index: number): JsonObject {
  const sk = ctx.skeletons.at(index);
  const rng = streamFor(ctx.seed, USER_STREAM, index);
  switch (sk.kind) {
    case 'breakGlass':
      return breakGlassUser(ctx, sk, rng);
    case 'person':
      return personUser(ctx, sk, rng, ctx.names.nameFor(index));
    case 'guest':
      return guestUser(ctx, sk, rng, ctx.names.nameFor(index));
    default:
      return resourceUser(ctx, sk, rng);
  }
}
