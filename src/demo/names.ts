// Name lists for demo users, grouped by naming culture, in three data files (names-americas.ts,
// names-europe.ts, names-world.ts): varied, believable names (including non-ASCII ones the UI and
// the filters must cope with) are the point.
// CJK entries carry their romanisation after a '|'; every other ASCII form is derived by toAscii().
// Rules the name-space relies on (checked by names.test.ts): within a culture the ASCII first names
// are distinct and the ASCII last names are distinct; no ASCII last name is shared by two cultures.

import { AMERICAS_CULTURES } from './names-americas.js';
import { EUROPE_CULTURES } from './names-europe.js';
import { WORLD_CULTURES } from './names-world.js';

export type NameOrder = 'givenFirst' | 'familyFirst' | 'familyFirstJoined';

export interface NameCulture {
  readonly id: string;
  readonly order: NameOrder;
  /** usageLocation (ISO 3166 alpha-2) with a relative weight: where people of this culture sit. */
  readonly locations: readonly (readonly [string, number])[];
  readonly given: readonly string[];
  readonly family: readonly string[];
}

/** Every culture, in a fixed order (the seeded generator picks by index: the order is part of a seed's output). */
export const NAME_CULTURES: readonly NameCulture[] = [...AMERICAS_CULTURES, ...EUROPE_CULTURES, ...WORLD_CULTURES];
