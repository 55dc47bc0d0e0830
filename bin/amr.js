#!/usr/bin/env node
// Entry point for `npx amr`: runs the compiled CLI (built by `npm ci` through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const main = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('amr: the build output is missing (dist/). Run `npm ci` (or `npm run build`) in ' + root + ' first.\n');
  process.exit(1);
}
const { run } = await import(pathToFileURL(main).href);
await run(process.argv);
