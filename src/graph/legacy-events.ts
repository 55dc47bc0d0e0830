// userCredentialUsageDetails in terms of the stored events (graph-api §3.13; decision 0048): its
// legacy method names, and a $filter on them rewritten onto the current names.
import type { FilterNode, Literal } from '../odata/index.js';
import { USAGE_AUTH_METHODS, gateUsageAuthMethod, legacyAuthMethod } from '../reports/activity/index.js';

const FEATURES = ['registration', 'reset'] as const;

/** The legacy name a caller sees for an event, gated like any usageAuthMethod member. */
export function legacyEventMethod(feature: 'registration' | 'reset', method: string, includeUnknown: boolean): string {
  return gateUsageAuthMethod(legacyAuthMethod(feature, method), includeUnknown);
}

const str = (value: string): Literal => ({ kind: 'string', value });
const or = (nodes: readonly FilterNode[]): FilterNode =>
  nodes.length === 0
    ? // Nothing maps to it: a test no row passes.
      { kind: 'compare', op: 'eq', property: 'id', value: str('') }
    : nodes.reduce((a, b) => ({ kind: 'or', left: a, right: b }));

/** Every (feature, stored method) that shows as `legacy`: `authMethod eq legacy` means any of them. */
function shownAs(legacy: string, includeUnknown: boolean): FilterNode {
  const pairs: FilterNode[] = [];
  for (const feature of FEATURES) {
    const methods = USAGE_AUTH_METHODS.filter((m) => legacyEventMethod(feature, m, includeUnknown) === legacy);
    if (methods.length === 0) continue;
    pairs.push({
      kind: 'and',
      left: { kind: 'compare', op: 'eq', property: 'feature', value: str(feature) },
      right: { kind: 'in', property: 'authMethod', values: methods.map(str) },
    });
  }
  return or(pairs);
}

const literalText = (l: Literal): string => (l.kind === 'enum' || l.kind === 'string' ? l.value : '');

export function rewriteLegacyEventsFilter(n: FilterNode, includeUnknown: boolean): FilterNode {
  switch (n.kind) {
    case 'compare':
      if (n.property !== 'authMethod') return n;
      return n.op === 'ne' ? { kind: 'not', operand: shownAs(literalText(n.value), includeUnknown) } : shownAs(literalText(n.value), includeUnknown);
    case 'in':
      return n.property === 'authMethod' ? or(n.values.map((v) => shownAs(literalText(v), includeUnknown))) : n;
    case 'startswith':
    case 'any':
      return n;
    case 'not':
      return { kind: 'not', operand: rewriteLegacyEventsFilter(n.operand, includeUnknown) };
    case 'and':
    case 'or':
      return { kind: n.kind, left: rewriteLegacyEventsFilter(n.left, includeUnknown), right: rewriteLegacyEventsFilter(n.right, includeUnknown) };
  }
}
