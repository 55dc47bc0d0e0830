// Holds the layering of ../shared/guides/architecture.md: imports point down only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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
  alerts: ['server', 'cli', 'graph', 'ingest', 'demo'],
};

function sources(dir: string, tests = false): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path, tests);
    return name.endsWith('.ts') && (tests || !name.endsWith('.test.ts')) ? [path] : [];
  });
}

/** The top-level folder under src/ of every file `file` imports by a relative path (static, re-export or dynamic). */
function importedLayers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1]!);
  return specifiers.map((s) => relative(SRC, resolve(dirname(file), s)).split(sep)[0]!);
}

/** Folders whose own code is test code, benches or black-box clients: they may use the test helpers. */
const TEST_HELPER_USERS = new Set(['test-support', 'blackbox', 'bench']);

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

test('the test helpers (test-support/) serve tests only', () => {
  const violations: string[] = [];
  for (const file of sources(SRC)) {
    const layer = relative(SRC, file).split(sep)[0]!;
    if (TEST_HELPER_USERS.has(layer)) continue;
    if (importedLayers(file).includes('test-support')) violations.push(`${relative(SRC, file)} imports test-support/`);
  }
  assert.deepEqual(violations, []);
});

test('reports/ imports nothing from test-support/, its tests included', () => {
  const violations = sources(join(SRC, 'reports'), true)
    .filter((file) => importedLayers(file).includes('test-support'))
    .map((file) => `${relative(SRC, file)} imports test-support/`);
  assert.deepEqual(violations, []);
});
