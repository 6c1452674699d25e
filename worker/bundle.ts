import fs from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';

/**
 * Production workers load workflow code bundled ahead of time (WORKFLOW_BUNDLE_PATH, made by `npm run bundle`), so
 * start-up skips webpack and every worker runs byte-identical workflow code.
 */
export function prebuiltBundle(codePath: string | undefined): { codePath: string } | undefined {
  if (!codePath) return undefined;
  if (!fs.existsSync(codePath)) throw new Error(`WORKFLOW_BUNDLE_PATH points at ${codePath}, which does not exist`);
  return { codePath };
}

export async function writeWorkflowBundle(outPath: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows') });
  fs.writeFileSync(outPath, code);
}
