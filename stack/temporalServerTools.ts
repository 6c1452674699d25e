import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './temporalCli';

/**
 * The Temporal server release the cluster mode runs: the same as docker-compose.yml's temporalio/auto-setup image
 * (test/unit/compose.test.ts compares them).
 */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
const MODULE = 'go.temporal.io/server';
/** The go-install packages of the server and of temporal-sql-tool, and the names `go install` gives their binaries. */
const PROGRAMS = [
  { pkg: `${MODULE}/cmd/server`, binary: 'server' },
  { pkg: `${MODULE}/cmd/tools/sql`, binary: 'sql' }, // temporal-sql-tool, named after its package by go install
] as const;
/** What the cluster mode takes from the module besides the binaries: the schema and the development config. */
const MODULE_FILES = [
  'schema/postgresql/v12',
  'config/development-postgres12.yaml',
  'config/dynamicconfig/development-sql.yaml',
];

export interface TemporalServerTools {
  server: string;
  sqlTool: string;
  /** schema/postgresql/v12 of the module: `temporal/` and `visibility/`, each with its versioned updates. */
  schemaDir: string;
  /** The module's config/development-postgres12.yaml, which the cluster mode adjusts (ports, credentials). */
  configFile: string;
  dynamicConfigFile: string;
}

/**
 * The server and temporal-sql-tool of TEMPORAL_SERVER_VERSION with the module files they need, kept under
 * .tools/temporal-server-<version>/. Built once with `go install` (about ten minutes); binaries of the same version
 * already in GOBIN or GOPATH/bin are copied instead of rebuilt.
 */
export function ensureTemporalServerTools(log: (msg: string) => void = () => undefined): TemporalServerTools {
  const dir = path.join(projectRoot(), '.tools', `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const bin = path.join(dir, 'bin');
  const tools: TemporalServerTools = {
    server: path.join(bin, 'server'),
    sqlTool: path.join(bin, 'sql'),
    schemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
    configFile: path.join(dir, 'config', 'development-postgres12.yaml'),
    dynamicConfigFile: path.join(dir, 'config', 'dynamicconfig', 'development-sql.yaml'),
  };
  const complete = () =>
    [tools.server, tools.sqlTool, tools.schemaDir, tools.configFile, tools.dynamicConfigFile].every((f) =>
      fs.existsSync(f),
    );
  if (complete()) return tools;
  fs.mkdirSync(bin, { recursive: true });
  const go = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    execFileSync('go', args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    go(['version']);
  } catch {
    throw new Error(
      `the cluster mode builds the Temporal server ${TEMPORAL_SERVER_VERSION} with Go, and no \`go\` is on PATH`,
    );
  }
  const installed = [process.env.GOBIN, path.join(go(['env', 'GOPATH']).trim().split(path.delimiter)[0], 'bin')].filter(
    Boolean,
  ) as string[];
  const missing = PROGRAMS.filter(({ binary }) => {
    const target = path.join(bin, binary);
    if (fs.existsSync(target)) return false;
    const found = installed
      .map((d) => path.join(d, binary))
      .find((f) => fs.existsSync(f) && builtFrom(f) === TEMPORAL_SERVER_VERSION);
    if (!found) return true;
    log(`using ${found} (${MODULE} v${TEMPORAL_SERVER_VERSION})`);
    fs.copyFileSync(found, target);
    fs.chmodSync(target, 0o755);
    return false;
  });
  if (missing.length > 0) {
    log(
      `building the Temporal server ${TEMPORAL_SERVER_VERSION} with go install into ${bin} (about ten minutes, once)`,
    );
    go(['install', ...missing.map(({ pkg }) => `${pkg}@v${TEMPORAL_SERVER_VERSION}`)], { ...process.env, GOBIN: bin });
  }
  // The module's sources are in the module cache now (go install fetched them); `go mod download` finds them there.
  const { Dir: moduleDir } = JSON.parse(go(['mod', 'download', '-json', `${MODULE}@v${TEMPORAL_SERVER_VERSION}`])) as {
    Dir: string;
  };
  for (const file of MODULE_FILES) {
    fs.cpSync(path.join(moduleDir, file), path.join(dir, file), { recursive: true });
  }
  // Files in the module cache are read-only; the copies are the project's.
  execFileSync('chmod', ['-R', 'u+w', dir]);
  if (!complete()) throw new Error(`the Temporal server tools under ${dir} are incomplete after the build`);
  return tools;
}

/** The version of MODULE a Go binary was built from, read from its build info (`go version -m`). */
function builtFrom(binary: string): string | null {
  try {
    const info = execFileSync('go', ['version', '-m', binary], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return new RegExp(`^\\s*mod\\s+${MODULE.replace(/\./g, '\\.')}\\s+v(\\S+)`, 'm').exec(info)?.[1] ?? null;
  } catch {
    return null;
  }
}
