// GET /amr/v1/reports/userProtection (list, keyset-paged), /$count and /{id} (issue 15 item 2;
// decision 0092): userRegistrationDetails' listing rules, tokens and paging over amr's rows. There
// is no amr $metadata, so no @odata.context; @odata.count, @odata.nextLink and value as Graph's lists.
import { nextLink, resolveList, stateExpired, type ListContract } from '../keyset-list.js';
import type { OrderItem } from '../../store/store.js';
import { notFound } from '../errors.js';
import type { GraphRequest, GraphResponse } from '../operation.js';
import { protectionProjection, protectionToWire } from '../wire/protection.js';

export const PROTECTION_PAGE_SIZE = 1000;

/** Tokens name the operation, so a userRegistrationDetails token is refused here and the reverse. */
const CONTRACT: ListContract = { op: 'amr.userProtection.list', state: (r) => r.generation };

export async function listUserProtection(req: GraphRequest): Promise<GraphResponse> {
  const list = await resolveList(req, CONTRACT);
  const { options } = list;
  const page = await req.store.listProtectionJson(
    {
      generation: list.state,
      filter: options.filter ?? null,
      orderby: options.orderby as readonly OrderItem[],
      top: options.top ?? PROTECTION_PAGE_SIZE,
      after: list.after,
      count: options.count,
    },
    protectionProjection(options.select ?? null),
  );
  // As userRegistrationDetails: a next page of a generation that is gone reads no rows (decision 0007).
  if (list.after !== null && page.rowCount === 0 && !(await req.store.hasGeneration(list.state))) throw stateExpired();
  const envelope: string[] = [];
  if (page.count !== undefined) envelope.push(`"@odata.count":${JSON.stringify(page.count)}`);
  if (page.next) envelope.push(`"@odata.nextLink":${JSON.stringify(nextLink(req, CONTRACT, list, page.next))}`);
  envelope.push('"value":[');
  return { status: 200, body: Buffer.concat([Buffer.from(`{${envelope.join(',')}`), page.json, Buffer.from(']}')]) };
}

export async function getUserProtection(req: GraphRequest): Promise<GraphResponse> {
  const id = req.key ?? '';
  const row = await req.store.getProtection(req.generation, id);
  if (!row) throw notFound(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  return { status: 200, body: protectionToWire(row, protectionProjection(req.options.select ?? null)) };
}

export async function countUserProtection(req: GraphRequest): Promise<GraphResponse> {
  const page = await req.store.listProtection({
    generation: req.generation,
    filter: req.options.filter ?? null,
    orderby: [],
    top: 0,
    after: null,
    count: true,
  });
  return { status: 200, body: String(page.count ?? 0), contentType: 'text/plain;charset=utf-8' };
}
