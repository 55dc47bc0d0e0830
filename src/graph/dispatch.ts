// Finds the operation a request path names, with its key and bound function arguments.
import type { ApiVersion } from './entities.js';
import { segmentNotFound } from './errors.js';
import { bindArguments } from './function-args.js';
import type { Operation, SegmentPattern } from './operation.js';
import type { PathSegment } from './path.js';
import { OPERATIONS } from './operations.js';
import { canonicalId } from '../util/object-id.js';

export interface Match {
  readonly operation: Operation;
  readonly key: string | null;
  readonly args: ReadonlyMap<string, string>;
}

/** `set('k')` is the same address as `set/k`: split it so one pattern serves both. */
function expandKeys(segments: readonly PathSegment[]): PathSegment[] {
  return segments.flatMap((s) =>
    s.key === null
      ? [s]
      : [
          { text: s.text, name: s.name, args: null, key: null },
          { text: s.key, name: s.key, args: null, key: null },
        ],
  );
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function matches(pattern: SegmentPattern, segment: PathSegment): boolean {
  switch (pattern.kind) {
    case 'name':
      return segment.args === null && same(pattern.name, segment.name);
    case 'key':
      return segment.args === null && segment.text.length > 0;
    case 'function':
      return same(pattern.name, segment.name);
  }
}

/** How many leading segments an operation's pattern accepts. */
function prefixLength(op: Operation, segments: readonly PathSegment[]): number {
  let n = 0;
  while (n < op.path.length && n < segments.length && matches(op.path[n]!, segments[n]!)) n++;
  return n;
}

/** `operations`: Graph's table, or amr's own (amr-operations.ts, served under /amr/v1 by the same pipeline). */
export function matchOperation(version: ApiVersion, raw: readonly PathSegment[], operations: readonly Operation[] = OPERATIONS): Match {
  const segments = expandKeys(raw);
  let deepest = 0;
  for (const op of operations) {
    const n = prefixLength(op, segments);
    if (n === op.path.length && n === segments.length && op.versions.includes(version)) {
      return bind(op, segments);
    }
    // A version that lacks the operation fails on its last segment, as Graph does.
    deepest = Math.max(deepest, op.versions.includes(version) ? n : Math.min(n, op.path.length - 1));
  }
  const failing = segments[deepest] ?? segments[segments.length - 1];
  throw segmentNotFound(failing?.text ?? '');
}

function bind(op: Operation, segments: readonly PathSegment[]): Match {
  let key: string | null = null;
  let args: ReadonlyMap<string, string> = new Map();
  op.path.forEach((pattern, i) => {
    const segment = segments[i]!;
    // decision 0055: every key here is an object id or an amr-made GUID, so a GUID matches in any case.
    if (pattern.kind === 'key') key = canonicalId(segment.text);
    if (pattern.kind === 'function') args = bindArguments(pattern.name, segment.args, pattern.overloads);
  });
  return { operation: op, key, args };
}
