import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './temporalCli';

/**
 * What `npm run build` makes after `tsc -b` (scripts/buildAssets.ts), each with the inputs it is made from. A digest
 * of the inputs' contents is kept beside each output, so a build with nothing changed makes nothing, and `npm start`
 * can tell a current workflow bundle from a stale one.
 */
export interface BuiltAsset {
  name: string;
  /** Paths (files or folders) relative to the project root; `dist` and `node_modules` folders inside are skipped. */
  inputs: string[];
  output: string;
  stamp: string;
}

export const dashboardAsset: BuiltAsset = {
  name: 'dashboard',
  // The dashboard bundles domain/ (its zod schemas and labels) and whatever the lockfile pins.
  inputs: ['dashboard', 'domain', 'package-lock.json'],
  output: 'dashboard/dist/index.html',
  stamp: 'dashboard/dist/.inputs-sha256',
};

export const workflowBundleAsset: BuiltAsset = {
  name: 'workflow bundle',
  // Bundled from the compiled workflows, which import only domain/ (activities type-only) and packages.
  inputs: ['dist/workflows', 'dist/domain', 'package-lock.json'],
  output: 'dist/workflow-bundle.js',
  stamp: 'dist/workflow-bundle.js.inputs-sha256',
};

function files(root: string, paths: string[]): string[] {
  return paths.flatMap((p) => {
    const full = path.join(root, p);
    if (!fs.existsSync(full)) return [];
    if (!fs.statSync(full).isDirectory()) return [p];
    return fs
      .readdirSync(full)
      .filter((name) => name !== 'dist' && name !== 'node_modules')
      .sort()
      .flatMap((name) => files(root, [path.join(p, name)]));
  });
}

export function inputsDigest(asset: BuiltAsset, root = projectRoot()): string {
  const hash = createHash('sha256');
  for (const file of files(root, asset.inputs))
    hash
      .update(file)
      .update('\0')
      .update(fs.readFileSync(path.join(root, file)))
      .update('\0');
  return hash.digest('hex');
}

/** The output exists and was built from the inputs as they are now. */
export function isCurrent(asset: BuiltAsset, root = projectRoot()): boolean {
  const stamp = path.join(root, asset.stamp);
  return (
    fs.existsSync(path.join(root, asset.output)) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8') === inputsDigest(asset, root)
  );
}

/** Runs `build` unless the asset is current (or `force`), then records the inputs it was built from. */
export async function buildWhenChanged(
  asset: BuiltAsset,
  build: () => Promise<void> | void,
  o: { force?: boolean; root?: string } = {},
): Promise<boolean> {
  const root = o.root ?? projectRoot();
  const wanted = inputsDigest(asset, root);
  if (!o.force && isCurrent(asset, root)) return false;
  await build();
  fs.writeFileSync(path.join(root, asset.stamp), wanted);
  return true;
}
