// GET userRegistrationDetails (list, keyset-paged) and userRegistrationDetails/{id} (graph-api §3.1, §3.2).
import { nextLink, resolveList, stateExpired, type ListContract } from '../keyset-list.js';
import type { OrderItem } from '../../store/store.js';
import type { RegistrationDetails } from '../../reports/model.js';
import { notFound } from '../errors.js';
import type { GraphRequest, GraphResponse } from '../operation.js';
import { registrationDetailsProjection, registrationDetailsToWire } from '../wire/registration-details.js';
import { contextUrl } from '../context-url.js';

export const PAGE_SIZE = 1000;
const SET = 'reports/authenticationMethods/userRegistrationDetails';
const OP = 'userRegistrationDetails.list';

/**
 * No stillPageable check before each page: a next page of a generation that is gone reads no rows
 * (its deletion is one transaction, and a next link exists only where rows followed), so the
 * generation is looked up only then — one query less per page of an export (decision 0007).
 */
const CONTRACT: ListContract = { op: OP, state: (r) => r.generation };

export async function listRegistrationDetails(req: GraphRequest): Promise<GraphResponse> {
  const c = CONTRACT;
  const list = await resolveList(req, c);
  const { options } = list;
  const projection = registrationDetailsProjection(req.version, options.select ?? null);
  // The rows come as JSON bytes, written where they are read (decision 0007, serialised pages);
  // the envelope is written here: together byte for byte what JSON.stringify(body, properties)
  // wrote over the rows as objects, with the envelope's names first (graph-list.test.ts holds the wire shapes).
  const page = await req.store.listRegistrationDetailsJson(
    {
      generation: list.state,
      filter: options.filter ?? null,
      orderby: options.orderby as readonly OrderItem[],
      top: options.top ?? PAGE_SIZE,
      after: list.after,
      count: options.count,
    },
    projection as readonly (keyof RegistrationDetails)[],
  );
  if (list.after !== null && page.rowCount === 0 && !(await req.store.hasGeneration(list.state))) throw stateExpired();
  let body = `{"@odata.context":${JSON.stringify(contextUrl(req, SET, options.select ?? null))}`;
  if (page.count !== undefined) body += `,"@odata.count":${JSON.stringify(page.count)}`;
  if (page.next) body += `,"@odata.nextLink":${JSON.stringify(nextLink(req, c, list, page.next))}`;
  // The rows' bytes are copied once, into the response; the envelope around them is a few hundred bytes.
  return { status: 200, body: Buffer.concat([Buffer.from(`${body},"value":[`), page.json, Buffer.from(']}')]) };
}

export async function getRegistrationDetails(req: GraphRequest): Promise<GraphResponse> {
  // graph-api §3.2: no OData query options documented; $select is declared (ms-paths) and SDKs send it.
  const { options } = req;
  const id = req.key ?? '';
  const row = await req.store.getRegistrationDetails(req.generation, id);
  if (!row) throw notFound(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  const projection = registrationDetailsProjection(req.version, options.select ?? null);
  // graph-api §2.3 / §7.1: the docs wrap the entity in {"value": …}; OData and the SDKs expect it flat.
  return { status: 200, body: { '@odata.context': `${contextUrl(req, SET, options.select ?? null)}/$entity`, ...registrationDetailsToWire(row, projection) } };
}

export async function countRegistrationDetails(req: GraphRequest): Promise<GraphResponse> {
  const { options } = req;
  const page = await req.store.listRegistrationDetails({
    generation: req.generation,
    filter: options.filter ?? null,
    orderby: [],
    top: 0,
    after: null,
    count: true,
  });
  return { status: 200, body: String(page.count ?? 0), contentType: 'text/plain;charset=utf-8' };
}
