// runSteps on random dependency graphs: a step starts only after what it depends on has answered,
// never more than `concurrency` run at once, and a failed dependency means 424 without running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BatchStep } from './batch-parse.js';
import { runSteps, type BatchResponseItem } from './batch-run.js';

/** Up to 20 steps, each depending on some earlier ones (so no cycles), each failing or not. */
const graphs = fc.integer({ min: 1, max: 20 }).chain((n) =>
  fc.tuple(
    fc.array(fc.tuple(fc.subarray([...Array(n).keys()], { maxLength: Math.min(3, n) }), fc.boolean(), fc.integer({ min: 0, max: 3 })), {
      minLength: n,
      maxLength: n,
    }),
    fc.integer({ min: 1, max: 5 }),
  ),
);

test('dependencies first, bounded concurrency, 424 for dependants of a failure', async () => {
  await fc.assert(
    fc.asyncProperty(graphs, async ([spec, concurrency]) => {
      const steps: BatchStep[] = spec.map(([deps, ,], i) => ({
        index: i,
        id: `s${i}`,
        method: 'GET',
        url: '/v1.0/x',
        headers: {},
        body: undefined,
        dependsOn: deps.filter((d) => d < i),
      }));
      const finished = new Set<number>();
      const ran = new Set<number>();
      let running = 0;
      let most = 0;
      const items = await runSteps(
        steps,
        {
          run: async (step) => {
            for (const d of step.dependsOn) assert.ok(finished.has(d), `s${step.index} started before s${d} answered`);
            running++;
            most = Math.max(most, running);
            for (let t = 0; t < spec[step.index]![2]; t++) await Promise.resolve();
            running--;
            finished.add(step.index);
            ran.add(step.index);
            return { id: step.id, status: spec[step.index]![1] ? 500 : 200, headers: {} };
          },
          failed: (step): BatchResponseItem => {
            finished.add(step.index);
            return { id: step.id, status: 424, headers: {} };
          },
        },
        concurrency,
      );
      assert.ok(most <= concurrency);
      assert.deepEqual(
        items.map((i) => i.id),
        steps.map((s) => s.id),
        'answers in request order',
      );
      for (const step of steps) {
        const depFailed = step.dependsOn.some((d) => items[d]!.status >= 400);
        assert.equal(items[step.index]!.status === 424, depFailed);
        assert.equal(ran.has(step.index), !depFailed);
      }
    }),
    { numRuns: 200 },
  );
});
