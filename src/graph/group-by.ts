// The `groupBy` parameter of amr's breakdowns (protectionSummary, registrationSummary,
// registrationHistory; decision 0092), and the plain-parameter checks those endpoints share.
import { GROUP_BY, type GroupBy } from '../reports/breakdowns.js';
import { badRequest } from './errors.js';

/** Absent: null (one bucket, key 'all'). A GROUP_BY member in any case: that member. Else a 400 naming the allowed values. */
export function groupByOf(value: string | undefined): GroupBy | null {
  if (value === undefined) return null;
  const found = GROUP_BY.find((g) => g.toLowerCase() === value.toLowerCase());
  if (found === undefined) throw badRequest(`The query parameter 'groupBy' is '${value.slice(0, 64)}'; use one of ${GROUP_BY.join(', ')}.`);
  return found;
}

/**
 * Refuses a parameter the endpoint does not take, or one given twice, naming it: amr's own
 * parameters are no OData custom options to be ignored (a misspelt groupBy would answer the wrong question).
 */
export function onlyParameters(query: readonly (readonly [string, string])[], allowed: readonly string[]): void {
  const seen = new Set<string>();
  for (const [name] of query) {
    if (!allowed.includes(name)) throw badRequest(`The query parameter '${name.slice(0, 64)}' is not supported here; use ${allowed.join(', ')}.`);
    if (seen.has(name)) throw badRequest(`The query parameter '${name}' is given more than once.`);
    seen.add(name);
  }
}
