// Deterministic identifiers for the demo tenant: GUID-shaped object ids that are unique by
// construction (a keyed bijection of the index), random-looking method ids, and the index
// permutation that spreads names over users without a lookup table.

import { mix32, type Rng, type SeedWords } from './prng.js';

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** Scratch space: ids are written as bytes and decoded once, which yields flat strings (no ropes). */
const scratch = Buffer.alloc(64);

function putHex(word: number, nibbles: number, at: number): number {
  for (let i = nibbles - 1; i >= 0; i--) scratch[at + nibbles - 1 - i] = HEX_DIGITS[(word >>> (i * 4)) & 15] ?? 48;
  return at + nibbles;
}

/** A version-4-shaped GUID from four words (version and variant bits forced, as Entra's ids carry them). */
export function guidFromWords(w0: number, w1: number, w2: number, w3: number): string {
  const version = (w1 & 0x0fff) | 0x4000;
  const variant = ((w2 >>> 16) & 0x3fff) | 0x8000;
  let at = putHex(w0 >>> 0, 8, 0);
  scratch[at++] = 45; // '-'
  at = putHex(w1 >>> 16, 4, at);
  scratch[at++] = 45;
  at = putHex(version, 4, at);
  scratch[at++] = 45;
  at = putHex(variant, 4, at);
  scratch[at++] = 45;
  at = putHex(w2 & 0xffff, 4, at);
  at = putHex(w3 >>> 0, 8, at);
  return scratch.toString('latin1', 0, at);
}

/** A random GUID from a stream (method ids; unique enough within one user's list). */
export function randomGuid(rng: Rng): string {
  return guidFromWords(rng.u32(), rng.u32(), rng.u32(), rng.u32());
}

const BASE64URL = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 'latin1');

/** Graph's FIDO2 and Windows Hello ids are 22 base64url characters plus a trailing digit. */
export function randomKeyId(rng: Rng): string {
  for (let i = 0; i < 22; i++) scratch[i] = BASE64URL[rng.int(64)] ?? 65;
  scratch[22] = 50; // '2'
  return scratch.toString('latin1', 0, 23);
}

/**
 * A keyed permutation of [0, size): a balanced Feistel network on the next even power of two,
 * with cycle-walking back into range. Bijective by construction, so two indices never collide.
 */
export class IndexPermutation {
  private readonly halfBits: number;
  private readonly halfSize: number;
  private readonly mask: number;
  private readonly keys: readonly number[];

  constructor(
    readonly size: number,
    seed: SeedWords,
    salt: number,
  ) {
    if (!Number.isSafeInteger(size) || size < 1 || size > 2 ** 52) throw new RangeError(`bad permutation size ${size}`);
    const bits = Math.max(2, Math.ceil(Math.log2(size)));
    this.halfBits = Math.ceil(bits / 2);
    this.halfSize = 2 ** this.halfBits;
    this.mask = this.halfSize - 1;
    this.keys = [0, 1, 2, 3].map((r) => mix32((seed[r] ?? 0) ^ Math.imul(salt + r, 0x9e3779b9)));
  }

  permute(index: number): number {
    let x = index;
    do x = this.round(x);
    while (x >= this.size);
    return x;
  }

  private round(x: number): number {
    let hi = Math.floor(x / this.halfSize);
    let lo = x % this.halfSize;
    for (const key of this.keys) {
      const next = (hi ^ (mix32(lo ^ key) & this.mask)) >>> 0;
      hi = lo;
      lo = next;
    }
    return hi * this.halfSize + lo;
  }
}

/** Namespaces keep user and group ids apart inside the one 48-bit bijection. */
export const IdSpace = { User: 0, Group: 1, Config: 2 } as const;
export type IdSpace = (typeof IdSpace)[keyof typeof IdSpace];

/**
 * Directory object ids: the last 48 bits are a bijection of (space, index), so ids are unique
 * without remembering them; the first 80 bits only make them look like Entra's random GUIDs.
 */
export class ObjectIds {
  private readonly permutation: IndexPermutation;

  constructor(private readonly seed: SeedWords) {
    this.permutation = new IndexPermutation(2 ** 48, seed, 0x1d5);
  }

  id(space: IdSpace, index: number): string {
    const unique = this.permutation.permute(space * 2 ** 40 + index);
    const hi = Math.floor(unique / 4294967296);
    const lo = unique >>> 0;
    const w0 = mix32(this.seed[0] ^ lo ^ Math.imul(hi + space, 0x27d4eb2d));
    const w1 = mix32(this.seed[1] ^ w0 ^ lo);
    const w2 = mix32(this.seed[2] ^ w1);
    return guidFromWords(w0, w1, (w2 & 0xffff0000) | hi, lo);
  }
}
