// Maps a user index to a person's name and a UPN local part that is unique in the tenant without
// remembering earlier names: index → (a permuted name pair, a repeat count). Pairs are distinct
// ASCII first.last combinations, so the local part "first.last" plus the repeat suffix is unique.

import { IndexPermutation } from './ids.js';
import { NAME_CULTURES, type NameCulture, type NameOrder } from './names.js';
import type { SeedWords } from './prng.js';

export interface NamePart {
  readonly display: string;
  readonly ascii: string;
}

export interface PersonName {
  readonly givenName: string;
  readonly surname: string;
  readonly displayName: string;
  /** e.g. "jose.garcia" or "jose.garcia12": ASCII, unique for the index within the tenant. */
  readonly localPart: string;
  readonly culture: NameCulture;
}

// Letters NFD does not decompose into base + mark.
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ł: 'l',
  ø: 'o',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ð: 'd',
  đ: 'd',
  ı: 'i',
};

/** ASCII form of a Latin-script name for e-mail local parts: "Łukasz" → "lukasz", "O'Brien" → "obrien". */
export function toAscii(name: string): string {
  const stripped = name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of stripped) out += SPECIAL_LETTERS[ch] ?? ch;
  return out.replace(/[^a-z0-9-]/g, '');
}

function parsePart(entry: string): NamePart {
  const bar = entry.indexOf('|');
  if (bar >= 0) return { display: entry.slice(0, bar), ascii: entry.slice(bar + 1) };
  return { display: entry, ascii: toAscii(entry) };
}

interface CultureBlock {
  readonly culture: NameCulture;
  readonly given: readonly NamePart[];
  readonly family: readonly NamePart[];
  readonly start: number;
  readonly size: number;
}

function buildBlocks(): readonly CultureBlock[] {
  let start = 0;
  return NAME_CULTURES.map((culture) => {
    const given = culture.given.map(parsePart);
    const family = culture.family.map(parsePart);
    const block = { culture, given, family, start, size: given.length * family.length };
    start += block.size;
    return block;
  });
}

const BLOCKS = buildBlocks();
/** Number of distinct (culture, given, family) pairs: past this, names repeat with a number. */
export const NAME_PAIR_COUNT = BLOCKS.reduce((sum, block) => sum + block.size, 0);

function displayName(order: NameOrder, given: string, family: string): string {
  if (order === 'familyFirstJoined') return `${family}${given}`;
  if (order === 'familyFirst') return `${family} ${given}`;
  return `${given} ${family}`;
}

function blockFor(pair: number): CultureBlock {
  for (const block of BLOCKS) if (pair < block.start + block.size) return block;
  throw new RangeError(`name pair ${pair} out of range`);
}

export class NameSpace {
  private readonly permutation: IndexPermutation;

  constructor(seed: SeedWords) {
    this.permutation = new IndexPermutation(NAME_PAIR_COUNT, seed, 0x4e41);
  }

  /** The name of user `index`; a bijection, so two indices never share a local part. */
  nameFor(index: number): PersonName {
    const pair = this.permutation.permute(index % NAME_PAIR_COUNT);
    const repeat = Math.floor(index / NAME_PAIR_COUNT);
    const block = blockFor(pair);
    const local = pair - block.start;
    const given = block.given[local % block.given.length];
    const family = block.family[Math.floor(local / block.given.length)];
    if (given === undefined || family === undefined) throw new RangeError(`name pair ${pair} out of range`);
    const suffix = repeat === 0 ? '' : String(repeat + 1);
    return {
      givenName: given.display,
      surname: family.display,
      displayName: displayName(block.culture.order, given.display, family.display),
      localPart: `${given.ascii}.${family.ascii}${suffix}`,
      culture: block.culture,
    };
  }
}

/** For tests: every culture's parsed parts, to check the uniqueness rules the mapping relies on. */
export function nameBlocks(): readonly { readonly id: string; readonly given: readonly NamePart[]; readonly family: readonly NamePart[] }[] {
  return BLOCKS.map((block) => ({ id: block.culture.id, given: block.given, family: block.family }));
}
