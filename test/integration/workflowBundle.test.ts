import fs from 'node:fs';

/**
 * Every module of the workflow bundle is instantiated again for each workflow the worker keeps in memory: with zod's
 * schemas in it, that was about 2 MB a workflow, and a 10,000-agency fan-out ran out of heap (docs/BENCHMARKS.md).
 * The lint rule keeps workflows' own imports type-only; this checks what actually got bundled, transitively.
 */
test('the workflow bundle the worker runs carries no zod', () => {
  const code = fs.readFileSync(process.env.WORKFLOW_BUNDLE_PATH!, 'utf8');
  expect(code).toContain('node_modules/@temporalio/workflow/'); // the bundle names its modules' paths
  expect(code).not.toContain('node_modules/zod/');
});
