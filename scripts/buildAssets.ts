import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildWhenChanged, dashboardAsset, workflowBundleAsset, type BuiltAsset } from '../stack/builtAssets';
import { projectRoot } from '../stack/temporalCli';

/**
 * The second half of `npm run build` (after `tsc -b`): the dashboard (Vite) and the workflow bundle (webpack), each
 * rebuilt only when its inputs changed (stack/builtAssets.ts), so a restart with nothing changed builds nothing.
 * `--force` rebuilds both.
 */
const root = projectRoot();
const force = process.argv.includes('--force');

async function step(asset: BuiltAsset, build: () => Promise<void> | void) {
  if (!(await buildWhenChanged(asset, build, { force, root })))
    process.stdout.write(`${asset.name}: unchanged, not rebuilt\n`);
}

async function main() {
  await step(dashboardAsset, () => {
    const vite = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'dashboard'],
      { cwd: root, stdio: 'inherit' },
    );
    if (vite.status !== 0) throw new Error(`the dashboard build failed (vite exited with ${vite.status})`);
  });
  // Loaded only when there is bundling to do: the SDK's worker package alone takes seconds to load on a busy machine.
  await step(workflowBundleAsset, async () => {
    const { writeWorkflowBundle } = await import('../worker/bundle.js');
    await writeWorkflowBundle(path.join(root, workflowBundleAsset.output));
  });
}

main().catch((err) => {
  process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
