import path from 'node:path';
import { writeWorkflowBundle } from '../worker/bundle';

/** `npm run bundle`: writes the workflow bundle production workers load through WORKFLOW_BUNDLE_PATH. */
const out = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
writeWorkflowBundle(out).then(
  () => process.stdout.write(`workflow bundle written to ${out}\n`),
  (err) => {
    process.stderr.write(`bundling failed: ${err}\n`);
    process.exit(1);
  },
);
