// GET userEventsSummary (list, keyset-paged) and userEventsSummary/{id} (graph-api §3.7): each
// registration and self-service reset attempt of the last 30 days.
import type { FilterNode, Literal } from '../../odata/index.js';
import type { ActivityEventRow, EventOrderProperty } from '../../store/store.js';
import { USAGE_AUTH_METHODS, gateUsageAuthMethod } from '../../reports/activity/index.js';
import { notFound } from '../errors.js';
import type { GraphRequest, GraphResponse } from '../operation.js';
import { contextUrl } from '../context-url.js';
import { nextLink, resolveList, type ListContract } from '../keyset-list.js';
import { projectRow } from '../projection.js';

/** graph-api §3.7: $top default and maximum 1,000. */
const PAGE_SIZE = 1000;
/** entra-rules §3.5: Graph keeps 30 days of activity; amr keeps more for its own history views. */
const DAYS = 30;
const SET = 'reports/authenticationMethods/userEventsSummary';

/** What differs between userEventsSummary and its deprecated twin userCredentialUsageDetails. */
export interface EventsVariant {
  readonly contract: ListContract;
  /** The context fragment of the entity set. */
  readonly set: string;
  readonly type: string;
  readonly authMethod: (req: GraphRequest, e: ActivityEventRow) => string;
  readonly rewrite: (req: GraphRequest, filter: FilterNode) => FilterNode;
}

/**
 * Without Prefer, a caller sees evolvable methods as unknownFutureValue, so its
 * `authMethod eq 'unknownFutureValue'` means every stored method shown that way (graph-api §2.7).
 */
export function rewriteGatedAuthMethod(n: FilterNode, includeUnknown: boolean): FilterNode {
  if (includeUnknown) return n;
  const shownAs = (l: Literal): Literal[] => {
    const text = l.kind === 'enum' || l.kind === 'string' ? l.value : null;
    if (text === null) return [l];
    const stored = USAGE_AUTH_METHODS.filter((m) => gateUsageAuthMethod(m, false) === text);
    return stored.length === 0 ? [l] : stored.map((value) => ({ kind: l.kind as 'enum', value }));
  };
  switch (n.kind) {
    case 'compare': {
      if (n.property !== 'authMethod' || (n.op !== 'eq' && n.op !== 'ne')) return n;
      const values = shownAs(n.value);
      if (values.length === 1) return n;
      const set: FilterNode = { kind: 'in', property: 'authMethod', values };
      return n.op === 'eq' ? set : { kind: 'not', operand: set };
    }
    case 'in':
      return n.property === 'authMethod' ? { kind: 'in', property: 'authMethod', values: n.values.flatMap(shownAs) } : n;
    case 'startswith':
    case 'any':
      return n;
    case 'not':
      return { kind: 'not', operand: rewriteGatedAuthMethod(n.operand, includeUnknown) };
    case 'and':
    case 'or':
      return { kind: n.kind, left: rewriteGatedAuthMethod(n.left, includeUnknown), right: rewriteGatedAuthMethod(n.right, includeUnknown) };
  }
}

const CURRENT: EventsVariant = {
  contract: {
    op: 'userEventsSummary.list',
    // Events are appended, never replaced: there is one state, and the keyset alone keeps pages stable.
    state: () => 0,
  },
  set: SET,
  type: 'userEventsSummary',
  // graph-api §2.7: methods after unknownFutureValue need Prefer: include-unknown-enum-members.
  authMethod: (req, e) => gateUsageAuthMethod(e.authMethod, req.includeUnknownEnumMembers),
  rewrite: (req, filter) => rewriteGatedAuthMethod(filter, req.includeUnknownEnumMembers),
};

const since = (req: GraphRequest): string => new Date(req.now.getTime() - DAYS * 24 * 3600 * 1000).toISOString();

function wire(req: GraphRequest, v: EventsVariant, e: ActivityEventRow): Record<string, unknown> {
  return {
    '@odata.type': `#microsoft.graph.${v.type}`,
    id: e.id,
    feature: e.feature,
    userPrincipalName: e.userPrincipalName,
    userDisplayName: e.userDisplayName,
    isSuccess: e.isSuccess,
    authMethod: v.authMethod(req, e),
    failureReason: e.failureReason,
    eventDateTime: e.eventDateTime,
  };
}

export function eventsList(v: EventsVariant) {
  return async (req: GraphRequest): Promise<GraphResponse> => {
    const list = await resolveList(req, v.contract);
    const { options } = list;
    const page = await req.store.listActivityEvents({
      since: since(req),
      filter: options.filter ? v.rewrite(req, options.filter) : null,
      orderby: options.orderby as readonly { property: EventOrderProperty; direction: 'asc' | 'desc' }[],
      top: options.top ?? PAGE_SIZE,
      after: list.after,
      count: options.count,
    });
    const body: Record<string, unknown> = { '@odata.context': contextUrl(req, v.set, options.select ?? null) };
    if (page.count !== undefined) body['@odata.count'] = page.count;
    if (page.next) body['@odata.nextLink'] = nextLink(req, v.contract, list, page.next);
    body.value = page.rows.map((e) => projectRow(wire(req, v, e), options.select));
    return { status: 200, body };
  };
}

export function eventById(v: EventsVariant) {
  return async (req: GraphRequest): Promise<GraphResponse> => {
    const id = req.key ?? '';
    const byId: FilterNode = { kind: 'compare', op: 'eq', property: 'id', value: { kind: 'string', value: id } };
    const page = await req.store.listActivityEvents({
      since: since(req),
      orderby: [],
      top: 1,
      after: null,
      count: false,
      filter: byId,
    });
    const row = page.rows[0];
    if (!row) throw notFound(`Resource '${id}' does not exist in ${v.type} (the last ${DAYS} days).`);
    const select = req.options.select;
    return { status: 200, body: { '@odata.context': `${contextUrl(req, v.set, select ?? null)}/$entity`, ...projectRow(wire(req, v, row), select) } };
  };
}

/** …/$count: the filtered events of the window as text/plain, like userRegistrationDetails/$count. */
export function eventsCount(v: EventsVariant) {
  return async (req: GraphRequest): Promise<GraphResponse> => {
    const filter = req.options.filter;
    const n = await req.store.countActivityEvents({ since: since(req), filter: filter ? v.rewrite(req, filter) : null });
    return { status: 200, body: String(n), contentType: 'text/plain;charset=utf-8' };
  };
}

export const listUserEventsSummary = eventsList(CURRENT);
export const getUserEventsSummary = eventById(CURRENT);
export const countUserEventsSummary = eventsCount(CURRENT);
