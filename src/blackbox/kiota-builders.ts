// The `reports` request builders, as Kiota generates them, for Microsoft's Kiota Graph SDKs.
//
// Microsoft publishes the SDKs' core (`@microsoft/msgraph-sdk`: models, serialisers, request
// adapter, the client with nothing under it) and a few fluent-API packages (users, sites, teams…)
// that extend the client with their request builders; the `reports` builders are generated in
// Microsoft's repository but not published to npm. A Kiota TypeScript request builder is data: a
// URI template, the model factory of its response, the query-parameter names, passed to
// `apiClientProxifier`. So these modules declare that data for the paths amr serves, with each
// template exactly as in Microsoft's OpenAPI path items (spec/graph-csdl/ms-paths.json, a copy of ../shared/spec/graph-csdl;
// a test checks every one) and the SDKs' own model factories, and install it the way a fluent
// package does (`extendGraphServiceClient`). Everything that reads amr's answers is Microsoft's.
import type {
  ErrorMappings,
  NavigationMetadata,
  Parsable,
  ParsableFactory,
  ParseNode,
  RequestConfiguration,
  RequestInformation,
  RequestsMetadata,
} from '@microsoft/kiota-abstractions';

/** The query parameters of a collection's GET (Kiota's names; the mapper below gives the wire names). */
export interface CollectionQuery {
  count?: boolean;
  expand?: string[];
  filter?: string;
  orderby?: string[];
  search?: string;
  select?: string[];
  skip?: number;
  top?: number;
}
export interface ItemQuery {
  expand?: string[];
  select?: string[];
}
export interface CountQuery {
  filter?: string;
  search?: string;
}

/** A request builder with a GET. */
export interface Getter<T, Q extends object = object> {
  get(config?: RequestConfiguration<Q>): Promise<T | undefined>;
  toGetRequestInformation(config?: RequestConfiguration<Q>): RequestInformation;
}
/** A collection's builder: GET with the collection options, and `/$count`. */
export interface Collection<C> extends Getter<C, CollectionQuery> {
  readonly count: Getter<number, CountQuery>;
}

const COLLECTION_OPTIONS = ['count', 'expand', 'filter', 'orderby', 'search', 'select', 'skip', 'top'] as const;
const ITEM_OPTIONS = ['expand', 'select'] as const;
const COUNT_OPTIONS = ['filter', 'search'] as const;

const mapper = (names: readonly string[]): Record<string, string> => Object.fromEntries(names.map((n) => [n, `%24${n}`]));
const query = (names: readonly string[]): string => `{?${names.map((n) => `%24${n}`).join(',')}}`;

/** A GET returning a model. `path` is what follows `{+baseurl}`; `options` the query options its path item declares. */
export function getter<T extends Parsable>(
  path: string,
  factory: ParsableFactory<T>,
  errors: ErrorMappings,
  options: 'collection' | 'item' | 'none',
): RequestsMetadata {
  const names = options === 'collection' ? COLLECTION_OPTIONS : options === 'item' ? ITEM_OPTIONS : [];
  return {
    get: {
      uriTemplate: `{+baseurl}${path}${names.length > 0 ? query(names) : ''}`,
      responseBodyContentType: 'application/json',
      errorMappings: errors,
      adapterMethodName: 'send',
      responseBodyFactory: factory as ParsableFactory<Parsable>,
      ...(names.length > 0 ? { queryParametersMapper: mapper(names) } : {}),
    },
  };
}

/** `…/$count`: text/plain, read as a number (Kiota's count builders accept `text/plain;q=0.9`). */
function counter(path: string, errors: ErrorMappings): RequestsMetadata {
  return {
    get: {
      uriTemplate: `{+baseurl}${path}/$count${query(COUNT_OPTIONS)}`,
      responseBodyContentType: 'text/plain;q=0.9',
      errorMappings: errors,
      adapterMethodName: 'sendPrimitive',
      responseBodyFactory: 'number',
      queryParametersMapper: mapper(COUNT_OPTIONS),
    },
  };
}

/**
 * A contained collection at `path` (e.g. `/reports/authenticationMethods/userEventsSummary`): its
 * GET, `count`, and `by<Name>Id(id)` for one member, with the key named as Kiota names it.
 */
export function collection<C extends Parsable, I extends Parsable>(
  path: string,
  name: string,
  list: ParsableFactory<C>,
  item: ParsableFactory<I>,
  errors: ErrorMappings,
): NavigationMetadata {
  const key = `${name}%2Did`;
  const byId = `by${name[0]!.toUpperCase()}${name.slice(1)}Id`;
  return {
    requestsMetadata: getter(path, list, errors, 'collection'),
    navigationMetadata: {
      count: { requestsMetadata: counter(path, errors) },
      [byId]: { requestsMetadata: getter(`${path}/{${key}}`, item, errors, 'item'), pathParametersMappings: [key] },
    },
  };
}

/** A function with parameters, `name(p1='{p1}',…)`, reached as `<name>With<P1>With<P2>(…)`. */
export function functionWith<T extends Parsable>(
  parent: string,
  name: string,
  parameters: readonly string[],
  factory: ParsableFactory<T>,
  errors: ErrorMappings,
  options: 'collection' | 'none',
): [string, NavigationMetadata] {
  const call = `${name}(${parameters.map((p) => `${p}='{${p}}'`).join(',')})`;
  const method = `${name}${parameters.map((p) => `With${p[0]!.toUpperCase()}${p.slice(1)}`).join('')}`;
  return [method, { requestsMetadata: getter(`${parent}/${call}`, factory, errors, options), pathParametersMappings: [...parameters] }];
}

/** The response of a collection-valued function: Kiota generates `{ value }` on the paging base for each. */
export interface FunctionCollection<T> extends Parsable {
  backingStoreEnabled?: boolean | null;
  odataCount?: number | null;
  odataNextLink?: string | null;
  value?: T[] | null;
  additionalData?: Record<string, unknown>;
}

type BaseDeserializer = (instance?: Partial<FunctionCollection<Parsable>>) => Record<string, (node: ParseNode) => void>;

/** Factories of collection-valued functions' responses, on an SDK's paging base (`deserializeIntoBaseCollectionPaginationCountResponse`). */
export function functionCollections(base: BaseDeserializer) {
  return <T extends Parsable>(item: ParsableFactory<T>): ParsableFactory<FunctionCollection<T>> =>
    () =>
    (instance: Partial<FunctionCollection<T>> = {}) => ({
      ...base(instance as Partial<FunctionCollection<Parsable>>),
      value: (n: ParseNode) => {
        instance.value = n.getCollectionOfObjectValues<T>(item) ?? null;
      },
    });
}

/** Every URI template under a navigation tree, for checking against Microsoft's path items. */
export function uriTemplates(nav: Record<string, NavigationMetadata>): string[] {
  const out: string[] = [];
  for (const node of Object.values(nav)) {
    const template = node.requestsMetadata?.get?.uriTemplate;
    if (template) out.push(template);
    if (node.navigationMetadata) out.push(...uriTemplates(node.navigationMetadata));
  }
  return out;
}
