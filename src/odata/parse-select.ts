// $select: the properties to return; '*' selects them all.

import type { EntityCapabilities } from './capabilities.js';
import { propertyOf, unknownProperty } from './capabilities.js';
import { ODataError } from './odata-error.js';

/** Property names in the order first requested, without repeats; all of them, in descriptor order, for '*'. */
export function parseSelect(text: string, entity: EntityCapabilities): readonly string[] {
  if (text.trim() === '') throw selectError('the value is empty');
  const names: string[] = [];
  let all = false;
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (name === '') throw selectError('an item between commas is empty');
    if (name === '*') {
      all = true;
      continue;
    }
    if (propertyOf(entity, name) === undefined) {
      const { what, hint } = unknownProperty(entity, name);
      throw selectError(what, hint);
    }
    if (!names.includes(name)) names.push(name);
  }
  return Object.freeze(all ? entity.properties.map((p) => p.name) : names);
}

function selectError(what: string, hint?: string): ODataError {
  return new ODataError(`Invalid $select: ${what}.${hint ? ` ${hint}` : ''}`, '$select');
}
