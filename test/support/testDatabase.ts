import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import { connectDatabase } from '../../db/connect';
import { migrate } from '../../db/migrate';
import { projectRoot } from '../../stack/temporalCli';
import { JURISDICTION } from './campaigns';

type Sql = ReturnType<typeof connectDatabase>;

/** The tests' city (JURISDICTION) as registry rows: [id, name, parent, path]. */
const CITY_TREE: [string, string, string | null, string[]][] = [
  [JURISDICTION.id, JURISDICTION.name, null, [JURISDICTION.id]],
  ...JURISDICTION.children.map((c): [string, string, string | null, string[]] => [
    c.id,
    c.name,
    JURISDICTION.id,
    [JURISDICTION.id, c.id],
  ]),
];

/**
 * Migrates a database and lays the city's tree into its registry, as its bureau keeps it, before any test: a county's
 * campaign created first must find its county under the city (else the registry would take the county for a root, and
 * which test ran first would decide what the city's bureau may name).
 */
export async function prepareTestDatabase(sql: Sql): Promise<void> {
  await migrate(sql);
  await seedCityTree(sql);
}

async function seedCityTree(sql: Sql): Promise<void> {
  for (const [id, name, parent, path] of CITY_TREE) {
    await sql`insert into org_jurisdictions (id, name, parent_id, path) values (${id}, ${name}, ${parent}, ${path}) on conflict (id) do nothing`;
  }
}

/**
 * A database of its own on the run's PostgreSQL, prepared like the shared one, for a test that must see only its own
 * rows (what an admin's pages list is everything the database holds). Migrated by `npm run migrate`'s compiled script
 * (globalSetup builds dist/): postgres-shift is an ES module, which jest's test environment cannot import.
 */
export async function createOwnDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const migrated = spawnSync(process.execPath, [path.join(projectRoot(), 'dist', 'scripts', 'migrate.js')], {
    env: { ...process.env, DATABASE_URL: url.toString() },
    encoding: 'utf8',
  });
  if (migrated.status !== 0) throw new Error(`migrating ${name}: ${migrated.stderr}`);
  const sql = connectDatabase(url.toString(), { max: 1 });
  try {
    await seedCityTree(sql);
  } finally {
    await sql.end();
  }
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
