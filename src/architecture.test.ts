// Holds the layering of ../shared/guides/architecture.md: imports point down only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('.', import.meta.url)).replace(/dist[\\/]?$/, 'src');

/** Each layer and the layers it must not import from. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  odata: ['graph', 'reports', 'store', 'ingest', 'server', 'cli', 'demo'],
  reports: ['odata', 'graph', 'store', 'ingest', 'server', 'cli', 'demo'],
  graph: ['server', 'cli', 'ingest', 'demo'],
  store: ['graph', 'server', 'cli', 'ingest', 'demo'],
  ingest: ['graph', 'server', 'cli', 'demo'],
  demo: ['graph', 'store', 'server', 'cli', 'ingest'],
  server: ['cli'],
  sync: ['server', 'cli', 'demo', 'graph', 'test-support'],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

test('imports point down only', () => {
  const violations: string[] = [];
  for (const file of sources(SRC)) {
    const layer = relative(SRC, file).split(sep)[0]!;
    const banned = FORBIDDEN[layer] ?? [];
    for (const m of readFileSync(file, 'utf8').matchAll(/from '\.\.\/(?:\.\.\/)*([a-z-]+)\//g)) {
      if (banned.includes(m[1]!)) violations.push(`${relative(SRC, file)} imports ${m[1]}/`);
    }
  }
  assert.deepEqual(violations, []);
});
