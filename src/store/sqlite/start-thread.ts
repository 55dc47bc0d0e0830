// Starts one of the store's worker threads (the writer, the checkpointer): built, its .js beside
// this module; run from source under tsx (Node 20 applies no --import loaders in threads), a
// two-line shim registers tsx's loader and imports the .ts.
import { Worker, type ResourceLimits } from 'node:worker_threads';

export function startThread(name: string, workerData: unknown, resourceLimits: ResourceLimits): Worker {
  const self = new URL(import.meta.url);
  return self.pathname.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(new URL(`./${name}.ts`, self).href)}); });`, {
        eval: true,
        workerData,
        resourceLimits,
      })
    : new Worker(new URL(`./${name}.js`, self), { workerData, resourceLimits });
}
