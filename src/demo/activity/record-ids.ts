// GUIDs for the demo's log records, unique by construction: the GUID keeps three of its words whole,
// and those hold an invertible mix of (family, per-user sequence) and of the user index.
import { guidFromWords } from '../ids.js';
import { mix32, type SeedWords } from '../prng.js';

/** Kinds of identifier; one family's sequence never meets another's. */
export const IdFamily = { SignIn: 1, Audit: 2, Correlation: 3, SignInCorrelation: 4 } as const;
export type IdFamily = (typeof IdFamily)[keyof typeof IdFamily];

const MAX_SEQUENCE = 2 ** 24;

export class RecordIds {
  constructor(private readonly seed: SeedWords) {}

  /**
   * guidFromWords keeps w0, w3 and the low half of w2 bit for bit. a = mix32(family, sequence) and
   * b = mix32(low 32 bits of the user index) are bijections; (w0, w3) is a two-round Feistel network of
   * (a, b), so it gives them back (b = w3 ^ G(w0), a = w0 ^ F(b)); w2's low half then gives back the next
   * 16 bits of the index. Ids of different (family, user, sequence) therefore differ, and no part of them
   * repeats across one user's records or across users.
   */
  id(family: IdFamily, userIndex: number, sequence: number): string {
    if (!Number.isInteger(sequence) || sequence < 0 || sequence >= MAX_SEQUENCE) throw new RangeError(`record sequence out of range: ${sequence}`);
    const hi = Math.floor(userIndex / 4294967296) & 0xffff;
    const a = mix32(((family << 24) | sequence) ^ this.seed[0]);
    const b = mix32((userIndex >>> 0) ^ this.seed[3]);
    const w0 = (a ^ mix32(b ^ 0x3c6ef372)) >>> 0;
    const w3 = (b ^ mix32(w0 ^ 0xa54ff53a)) >>> 0;
    const w1 = mix32(w0 ^ Math.imul(w3, 0x9e3779b9) ^ this.seed[1]);
    const w2 = (mix32(w1 ^ this.seed[2]) & 0xffff0000) | ((hi ^ mix32(w0 ^ w3)) & 0xffff);
    return guidFromWords(w0, w1, w2, w3);
  }
}

/** One user's counters: each family numbers its ids from 0 in the order they are made. */
export class UserIds {
  private readonly next = new Map<IdFamily, number>();

  constructor(
    private readonly ids: RecordIds,
    private readonly userIndex: number,
  ) {}

  take(family: IdFamily): string {
    const n = this.next.get(family) ?? 0;
    this.next.set(family, n + 1);
    return this.ids.id(family, this.userIndex, n);
  }
}
