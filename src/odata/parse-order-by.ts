// $orderby: a comma-separated list of sortable properties, each optionally followed by asc or desc.

import type { EntityCapabilities } from './capabilities.js';
import { propertyOf, unknownProperty } from './capabilities.js';
import { ODataError } from './odata-error.js';

export interface OrderByItem {
  readonly property: string;
  readonly direction: 'asc' | 'desc';
}

export function parseOrderBy(text: string, entity: EntityCapabilities): readonly OrderByItem[] {
  if (text.trim() === '') throw orderByError('the value is empty');
  const items: OrderByItem[] = [];
  for (const raw of text.split(',')) {
    const item = parseItem(raw, entity);
    if (items.some((i) => i.property === item.property)) {
      throw orderByError(`'${item.property}' appears more than once`);
    }
    items.push(Object.freeze(item));
  }
  return Object.freeze(items);
}

function parseItem(raw: string, entity: EntityCapabilities): OrderByItem {
  // Split on spaces and tabs by hand: no regular expression, so no backtracking.
  const words = raw
    .split(' ')
    .flatMap((w) => w.split('\t'))
    .filter((w) => w !== '');
  const [name, dir, extra] = words;
  if (name === undefined) throw orderByError('an item between commas is empty');
  const property = propertyOf(entity, name);
  if (property === undefined) {
    const { what, hint } = unknownProperty(entity, name);
    throw orderByError(what, hint);
  }
  if (!property.orderby) {
    const sortable = entity.properties
      .filter((p) => p.orderby)
      .map((p) => p.name)
      .join(', ');
    throw orderByError(`sorting by '${name}' is not supported`, `Sortable properties: ${sortable || 'none'}.`);
  }
  // OData 4.01 Part 2 §5.1.1: keywords are case-insensitive in 4.01, so ASC and Desc are accepted.
  const direction = dir === undefined ? 'asc' : dir.toLowerCase();
  if (direction !== 'asc' && direction !== 'desc') {
    throw orderByError(`expected asc or desc after '${name}', found '${dir ?? ''}'`);
  }
  if (extra !== undefined) throw orderByError(`unexpected '${extra}' after '${name} ${dir ?? ''}'`);
  return { property: name, direction };
}

function orderByError(what: string, hint?: string): ODataError {
  return new ODataError(`Invalid $orderby: ${what}.${hint ? ` ${hint}` : ''}`, '$orderby');
}
