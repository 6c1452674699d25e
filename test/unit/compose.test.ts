import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_TASK_QUEUE } from '../../domain/contract';
import { SEARCH_ATTRIBUTES } from '../../domain/searchAttributes';
import { TEMPORAL_SERVER_VERSION } from '../../stack/temporalServerTools';
import fs from 'node:fs';
import { SQL_PLUGIN, productDynamicConfig } from '../../stack/temporalCluster';

/**
 * docker-compose.yml is the production-shaped stack. `docker-compose config` validates it and prints it normalised
 * (anchors merged, variables interpolated), and the wiring is checked on that output. CI installs docker-compose; a
 * machine without it fails here rather than skipping.
 */
const ROOT = path.resolve(__dirname, '../..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const TOKEN = 'compose-test-admin-token-0123456789';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] | string };
  ports?: unknown[];
  volumes?: unknown[];
  container_name?: string;
}
interface ComposeModel {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/** A clean environment, so variables in the developer's shell (POSTGRES_PASSWORD, ...) do not change the result. */
function compose(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('docker-compose', ['-f', COMPOSE_FILE, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    timeout: 60_000,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      '`docker-compose` is not on PATH: install it (Debian: `apt-get install -y docker-compose`) to validate docker-compose.yml',
    );
  }
  if (result.error) throw result.error;
  return result;
}

const env = (s: Service) =>
  Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, v == null ? v : String(v)]));
const cmd = (s: Service) => (Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? ''));
const healthTest = (s: Service) =>
  Array.isArray(s.healthcheck?.test) ? s.healthcheck.test.join(' ') : (s.healthcheck?.test ?? '');
const dbName = (url: string) => new URL(url).pathname.replace(/^\//, '');

describe('docker-compose.yml', () => {
  let model: ComposeModel;

  beforeAll(() => {
    const result = compose(['config'], { BOOTSTRAP_ADMIN_TOKEN: TOKEN });
    if (result.status !== 0) throw new Error(`docker-compose config exited ${result.status}:\n${result.stderr}`);
    model = parse(result.stdout) as ComposeModel;
  });

  test('is valid and defines the whole stack', () => {
    expect(Object.keys(model.services)).toEqual(
      expect.arrayContaining(['postgresql', 'temporal', 'temporal-ui', 'migrate', 'api', 'worker']),
    );
  });

  test('refuses to start without BOOTSTRAP_ADMIN_TOKEN', () => {
    const result = compose(['config', '-q']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('BOOTSTRAP_ADMIN_TOKEN');
  });

  test('pins every image tag', () => {
    for (const [name, s] of Object.entries(model.services)) {
      expect({ name, image: s.image }).toEqual({ name, image: expect.stringMatching(/^[^:]+:[^:]+$/) });
      expect({ name, image: s.image }).not.toEqual({ name, image: expect.stringMatching(/:latest$/) });
    }
  });

  test('runs Temporal (auto-setup) on the PostgreSQL service, with its own databases', () => {
    const pg = model.services.postgresql;
    expect(pg.image).toMatch(/^postgres:16(\b|$)/);
    expect(healthTest(pg)).toContain('pg_isready');
    expect(JSON.stringify(pg.volumes)).toContain('postgres-data');
    expect(model.volumes).toHaveProperty('postgres-data');

    const temporal = model.services.temporal;
    expect(temporal.image).toMatch(/^temporalio\/auto-setup:\d+\.\d+\.\d+$/);
    expect(env(temporal)).toMatchObject({
      DB: 'postgres12',
      DB_PORT: '5432',
      POSTGRES_SEEDS: 'postgresql',
      POSTGRES_USER: env(pg).POSTGRES_USER,
      POSTGRES_PWD: env(pg).POSTGRES_PASSWORD,
    });
    expect(temporal.depends_on?.postgresql?.condition).toBe('service_healthy');
    expect(healthTest(temporal)).toMatch(/temporal operator|tctl/);

    expect(model.services['temporal-ui'].image).toMatch(/^temporalio\/ui:/);
    expect(env(model.services['temporal-ui']).TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  test('migrate runs once against the app database before the api and worker start', () => {
    const migrate = model.services.migrate;
    expect(cmd(migrate)).toBe('node dist/scripts/migrate.js');
    expect(migrate.depends_on?.postgresql?.condition).toBe('service_healthy');
    expect(String((migrate as { restart?: unknown }).restart ?? 'no')).toMatch(/^(no|false)$/);
    const url = env(migrate).DATABASE_URL as string;
    expect(new URL(url).hostname).toBe('postgresql');
    expect(dbName(url)).toBe(env(model.services.postgresql).POSTGRES_DB);
    expect(['temporal', 'temporal_visibility']).not.toContain(dbName(url));
  });

  test.each(['api', 'worker'])('%s is our image, wired to PostgreSQL and Temporal, started after migrate', (name) => {
    const s = model.services[name];
    expect(s.image).toBe(model.services.migrate.image);
    expect(s.build).toBeDefined();
    expect(cmd(s)).toBe(`node dist/${name}/main.js`);
    expect(env(s)).toMatchObject({
      DATABASE_URL: env(model.services.migrate).DATABASE_URL,
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: env(model.services.temporal).DEFAULT_NAMESPACE,
      TEMPORAL_TASK_QUEUE: DEFAULT_TASK_QUEUE,
      LOG_LEVEL: expect.stringMatching(/^(fatal|error|warn|info|debug|trace|silent)$/),
    });
    expect(s.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(s.depends_on?.temporal?.condition).toBe('service_healthy');
  });

  test('api listens on 0.0.0.0:3000, checks /healthz, and takes the admin token from the environment', () => {
    const api = model.services.api;
    expect(env(api)).toMatchObject({ HOST: '0.0.0.0', PORT: '3000', BOOTSTRAP_ADMIN_TOKEN: TOKEN });
    expect(healthTest(api)).toContain('http://127.0.0.1:3000/healthz');
    expect(JSON.stringify(api.ports)).toContain('3000');
  });

  test('worker can be scaled: no fixed container name, no published ports', () => {
    const worker = model.services.worker;
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports ?? []).toHaveLength(0);
  });

  test('api keeps uploaded files in MinIO, started and healthy before it', () => {
    const api = model.services.api;
    const minio = model.services.minio;
    expect(minio.image).toMatch(/^minio\/minio:RELEASE\./);
    expect(cmd(minio)).toContain('server /data');
    expect(env(api)).toMatchObject({ FILE_STORAGE: 's3', S3_ENDPOINT: 'http://minio:9000' });
    expect(env(api).S3_ACCESS_KEY_ID).toBe(env(minio).MINIO_ROOT_USER);
    expect(env(api).S3_SECRET_ACCESS_KEY).toBe(env(minio).MINIO_ROOT_PASSWORD);
    expect(api.depends_on?.minio?.condition).toBe('service_healthy');
    expect(model.volumes).toHaveProperty('minio-data');
  });

  // `npm run start:cluster` and `npm run test:cluster` run the server this file describes, without Docker
  // (stack/temporalCluster.ts): both must stay the same server, on the same schema, with the same search attributes.
  describe('and the cluster mode run the same Temporal', () => {
    test('server release: the auto-setup image tag is the version the cluster mode builds', () => {
      expect(model.services.temporal.image).toBe(`temporalio/auto-setup:${TEMPORAL_SERVER_VERSION}`);
      expect(TEMPORAL_SERVER_VERSION).toBe('1.29.1');
    });

    test('schema tool and schema: auto-setup runs temporal-sql-tool with the plugin the cluster mode gives it', () => {
      // auto-setup maps DB=postgres12 to `temporal-sql-tool --plugin postgres12` and schema/postgresql/v12
      expect(env(model.services.temporal).DB).toBe(SQL_PLUGIN);
      expect(SQL_PLUGIN).toBe('postgres12');
    });

    test("search attributes: auto-setup adds none of its own, and temporal-setup registers the product's before api and worker start", () => {
      expect(env(model.services.temporal).SKIP_ADD_CUSTOM_SEARCH_ATTRIBUTES).toBe('true');
      const setup = model.services['temporal-setup'];
      // the script the cluster mode's registration (stack/temporalNamespace.ts) is shared with
      expect(cmd(setup)).toBe('node dist/scripts/temporalSetup.js');
      expect(setup.image).toBe(model.services.migrate.image);
      expect(setup.depends_on?.temporal?.condition).toBe('service_healthy');
      expect(env(setup)).toMatchObject({
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: env(model.services.temporal).DEFAULT_NAMESPACE,
      });
      for (const name of ['api', 'worker'])
        expect(model.services[name].depends_on?.['temporal-setup']?.condition).toBe('service_completed_successfully');
      // the four the issue asks for, all keywords
      expect(SEARCH_ATTRIBUTES).toEqual(
        ['CampaignId', 'AgencyId', 'JurisdictionId', 'Phase'].map((name) => ({ name, type: 'KEYWORD' })),
      );
    });

    test('dynamic config: auto-setup reads the file the cluster mode lays over its defaults, one partition per task queue', () => {
      const temporal = model.services.temporal;
      const target = env(temporal).DYNAMIC_CONFIG_FILE_PATH;
      // docker-compose config prints a bind mount as source:target:mode, the source made absolute
      expect(temporal.volumes).toContain(`${productDynamicConfig()}:${target}:ro`);
      const values = parse(fs.readFileSync(productDynamicConfig(), 'utf8'));
      expect(values['matching.numTaskqueueReadPartitions']).toEqual([{ value: 1, constraints: {} }]);
      expect(values['matching.numTaskqueueWritePartitions']).toEqual([{ value: 1, constraints: {} }]);
    });
  });

  test('worker serves /metrics inside the network', () => {
    expect(env(model.services.worker)).toMatchObject({ HOST: '0.0.0.0', WORKER_METRICS_PORT: '9464' });
  });
});
