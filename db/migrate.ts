import fs from 'node:fs';
import path from 'node:path';
import type { Sql } from 'postgres';
import { importEsm } from '../stack/importEsm';

type Shift = (options: { sql: Sql; path: string }) => Promise<void>;

/** Any fixed number: the advisory lock that keeps two starting processes from migrating at once. */
const MIGRATION_LOCK = 4242001;

/** Versioned, forward-only SQL migrations under db/migrations, applied by postgres-shift and recorded in `migrations`. */
export async function migrate(sql: Sql): Promise<void> {
  const { default: shift } = await importEsm<{ default: Shift }>('postgres-shift');
  const lock = await sql.reserve();
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await shift({ sql, path: migrationsDir() });
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => undefined);
    lock.release();
  }
}

/** Compiled code runs from dist/; the SQL stays in db/migrations at the project root. */
function migrationsDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'db', 'migrations');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error('db/migrations not found above ' + __dirname);
  }
}
