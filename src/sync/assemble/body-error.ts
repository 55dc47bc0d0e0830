// The one error the assembler throws: which Graph endpoint's body, which field, and what is wrong.

/** A Graph response body that is not what Microsoft documents; `field` is a path such as `value[3].id`. */
export class GraphBodyError extends Error {
  override readonly name = 'GraphBodyError';

  constructor(
    readonly endpoint: string,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${endpoint}: ${field === '' ? 'body' : field}: ${detail}`);
  }
}

/** Where a value sits: the endpoint it came from and its path inside the body. */
export interface Where {
  readonly endpoint: string;
  readonly path: string;
}

export function at(where: Where, key: string): Where {
  const simple = /^[@A-Za-z_$][\w$.@]*$/.test(key);
  const step = simple ? key : JSON.stringify(key);
  return { endpoint: where.endpoint, path: where.path === '' ? step : `${where.path}.${step}` };
}

export function index(where: Where, i: number): Where {
  return { endpoint: where.endpoint, path: `${where.path}[${i}]` };
}

export function fail(where: Where, detail: string): never {
  throw new GraphBodyError(where.endpoint, where.path, detail);
}

/** A short, bounded description of a wrong value for messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
