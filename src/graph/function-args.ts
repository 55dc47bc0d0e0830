// Matches a function call's arguments to one of its overloads (graph-api §2.8, §4.3) and
// validates each value, with a 400 that names the parameter and the allowed values.
import { badRequest } from './errors.js';
import type { ParameterSpec } from './operation.js';
import type { ParamLiteral } from './path.js';

function describe(p: ParameterSpec): string {
  return `${p.name} (${p.allowed.map((v) => `'${v}'`).join(', ')})`;
}

function pickOverload(fn: string, given: ReadonlySet<string>, overloads: readonly (readonly ParameterSpec[])[]): readonly ParameterSpec[] {
  const match = overloads.find((o) => o.length === given.size && o.every((p) => given.has(p.name)));
  if (match) return match;
  const known = new Set(overloads.flatMap((o) => o.map((p) => p.name)));
  const unknown = [...given].filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw badRequest(`The function '${fn}' has no parameter named '${unknown[0]}'. Its parameters are: ${[...known].join(', ') || 'none'}.`);
  }
  // graph-api §2.8: the parameters come in fixed sets; name what is missing and its values.
  const closest = overloads.find((o) => [...given].every((n) => o.some((p) => p.name === n)) && o.length > given.size);
  const missing = closest?.filter((p) => !given.has(p.name)) ?? [];
  const forms = overloads.map((o) => `${fn}(${o.map((p) => `${p.name}='…'`).join(',')})`);
  const need = missing.length > 0 ? ` Missing: ${missing.map(describe).join('; ')}.` : '';
  throw badRequest(`No overload of '${fn}' takes exactly the parameters given.${need} Call it as ${forms.join(' or ')}.`);
}

function value(fn: string, spec: ParameterSpec, literal: ParamLiteral): string {
  let raw: string;
  if (literal.kind === 'string') raw = literal.value;
  else if (literal.kind === 'enum') {
    if (
      spec.type === 'string' ||
      literal.type.replace(/^microsoft\.graph\./i, '').toLowerCase() !== spec.type.replace(/^microsoft\.graph\./, '').toLowerCase()
    ) {
      throw badRequest(`The value of parameter '${spec.name}' of '${fn}' has type '${literal.type}', but the parameter is of type '${spec.type}'.`);
    }
    raw = literal.value;
  } else {
    throw badRequest(`The parameter '${spec.name}' of '${fn}' takes a quoted value: one of ${describe(spec)}.`);
  }
  const found = spec.caseInsensitive ? spec.allowed.find((a) => a.toLowerCase() === raw.toLowerCase()) : spec.allowed.find((a) => a === raw);
  if (found === undefined) {
    throw badRequest(
      `'${raw}' is not a valid value for the parameter '${spec.name}' of '${fn}'. Allowed values: ${spec.allowed.map((v) => `'${v}'`).join(', ')}.`,
    );
  }
  return found;
}

export function bindArguments(
  fn: string,
  args: ReadonlyMap<string, ParamLiteral> | null,
  overloads: readonly (readonly ParameterSpec[])[],
): Map<string, string> {
  const given = args ?? new Map<string, ParamLiteral>();
  const overload = pickOverload(fn, new Set(given.keys()), overloads);
  const bound = new Map<string, string>();
  for (const spec of overload) bound.set(spec.name, value(fn, spec, given.get(spec.name)!));
  return bound;
}
