import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../stack/temporalCli';
import { writeWorkflowBundle } from '../worker/bundle';

/**
 * The second half of `npm run build` (after `tsc -b`): the dashboard (Vite) and the workflow bundle (webpack), each
 * rebuilt only when its inputs' contents changed since the last build, so a restart with nothing changed builds
 * nothing. A digest of the inputs is kept beside each output; `--force` rebuilds regardless.
 */
const root = projectRoot();
const force = process.argv.includes('--force');

/** Every file under the given paths (skipping built output and dependencies), in a stable order. */
function files(paths: string[]): string[] {
  return paths.flatMap((p) => {
    const full = path.join(root, p);
    if (!fs.existsSync(full)) return [];
    if (!fs.statSync(full).isDirectory()) return [p];
    return fs
      .readdirSync(full)
      .filter((name) => name !== 'dist' && name !== 'node_modules')
      .sort()
      .flatMap((name) => files([path.join(p, name)]));
  });
}

function digest(inputs: string[]): string {
  const hash = createHash('sha256');
  for (const file of files(inputs)) hash.update(file).update('\0').update(fs.readFileSync(path.join(root, file))).update('\0');
  return hash.digest('hex');
}

/** Runs `build` unless `output` exists and the inputs are the ones it was last built from. */
async function buildWhenChanged(what: string, o: { inputs: string[]; output: string; stamp: string; build: () => Promise<void> | void }) {
  const wanted = digest(o.inputs);
  const stamp = path.join(root, o.stamp);
  if (!force && fs.existsSync(path.join(root, o.output)) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) {
    process.stdout.write(`${what}: unchanged, not rebuilt\n`);
    return;
  }
  await o.build();
  fs.writeFileSync(stamp, wanted);
}

async function main() {
  await buildWhenChanged('dashboard', {
    // The dashboard bundles domain/ (its zod schemas and labels) and whatever the lockfile pins.
    inputs: ['dashboard', 'domain', 'package-lock.json'],
    output: 'dashboard/dist/index.html',
    stamp: 'dashboard/dist/.inputs-sha256',
    build: () => {
      const vite = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'dashboard'], { cwd: root, stdio: 'inherit' });
      if (vite.status !== 0) throw new Error(`the dashboard build failed (vite exited with ${vite.status})`);
    },
  });
  // Bundled from the compiled workflows (dist/), which tsc -b has just brought up to date.
  await buildWhenChanged('workflow bundle', {
    inputs: ['dist/workflows', 'dist/domain', 'package-lock.json'],
    output: 'dist/workflow-bundle.js',
    stamp: 'dist/workflow-bundle.js.inputs-sha256',
    build: () => writeWorkflowBundle(path.join(root, 'dist', 'workflow-bundle.js')),
  });
}

main().catch((err) => {
  process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
