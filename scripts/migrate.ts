import { loadConfig } from '../config/env';
import { connectDatabase } from '../db/connect';
import { migrate } from '../db/migrate';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (the compose stack runs this before the api). */
async function main() {
  const { DATABASE_URL } = loadConfig();
  if (!DATABASE_URL) throw new Error('DATABASE_URL is required');
  // what a migration reports (e.g. the registry's conflicts, 00010_org_registry) is printed
  const sql = connectDatabase(DATABASE_URL, { max: 2, onNotice: (m) => process.stdout.write(`${m}\n`) });
  try {
    await migrate(sql);
  } finally {
    await sql.end();
  }
  process.stdout.write('migrations applied\n');
}
main().catch((err) => {
  process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
