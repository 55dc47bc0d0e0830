// Seeded randomness for the demo tenant: a string hash, a 32-bit mixer and the sfc32 generator.
// Every choice the generator makes flows from here, so one seed reproduces one tenant exactly;
// nothing reads Math.random or the clock.

/** Four 32-bit words: the state every demo stream is derived from. */
export type SeedWords = readonly [number, number, number, number];

/** cyrb128: a fast, well-spread 128-bit hash of a string (not cryptographic; it only seeds). */
export function hashString(text: string): SeedWords {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** lowbias32 finaliser: a bijective 32-bit mix, used where a whole generator would be overkill. */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** sfc32 (Chris Doty-Humphrey's small fast counting generator): 128-bit state, passes PractRand. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(words: SeedWords) {
    this.a = words[0] >>> 0;
    this.b = words[1] >>> 0;
    this.c = words[2] >>> 0;
    this.d = words[3] >>> 0 || 1;
    // Warm-up rounds so that neighbouring seeds (user i and i+1) diverge at once.
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [low, high]. */
  between(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
}

/** An independent stream for one purpose (a label) and one index, derived from the tenant seed. */
export function streamFor(seed: SeedWords, label: number, index: number): Rng {
  const lo = index >>> 0;
  const hi = Math.floor(index / 4294967296) >>> 0;
  return new Rng([
    mix32(seed[0] ^ mix32(lo ^ Math.imul(label, 0x9e3779b9))),
    mix32(seed[1] ^ mix32(hi + label)) ^ lo,
    mix32(seed[2] + lo) ^ label,
    mix32(seed[3] ^ Math.imul(lo, 0x85ebca6b) ^ hi),
  ]);
}

/** A weighted choice table built once; pick() takes a uniform number so callers choose the stream. */
export class WeightedTable<T> {
  private readonly values: readonly T[];
  private readonly cumulative: readonly number[];

  constructor(entries: readonly (readonly [T, number])[]) {
    let total = 0;
    const cumulative: number[] = [];
    for (const [, weight] of entries) {
      if (!(weight >= 0)) throw new RangeError('weights must be non-negative');
      total += weight;
      cumulative.push(total);
    }
    if (total <= 0) throw new RangeError('a weighted table needs a positive total');
    this.values = entries.map(([value]) => value);
    this.cumulative = cumulative.map((c) => c / total);
  }

  pick(uniform: number): T {
    const cumulative = this.cumulative;
    let i = 0;
    while (i < cumulative.length - 1 && uniform >= (cumulative[i] ?? 1)) i++;
    const value = this.values[i];
    if (value === undefined) throw new RangeError('empty weighted table');
    return value;
  }
}
