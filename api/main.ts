import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config/env';
import { createLogger } from '../config/logger';
import { connectDatabase } from '../db/connect';
import { collectDefaultMetrics } from 'prom-client';
import { startApiServer } from './server';
import { exitWhenParentGoes, supervisorGo } from '../stack/processes';
import { fileSettingsFrom } from '../services/files/settings';

/** The API process: serves HTTP until SIGTERM/SIGINT, or until its supervisor (npm start) goes. */
async function main() {
  await supervisorGo(); // npm start spawns this before Temporal and PostgreSQL are up
  const config = loadConfig();
  const log = createLogger(config, 'api');
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS)
    throw new Error('the API needs DATABASE_URL and TEMPORAL_ADDRESS');
  const bootstrapAdminToken = config.BOOTSTRAP_ADMIN_TOKEN ?? randomBytes(24).toString('base64url');
  if (!config.BOOTSTRAP_ADMIN_TOKEN)
    log.warn({ adminToken: bootstrapAdminToken }, 'BOOTSTRAP_ADMIN_TOKEN not set: generated a development admin token');
  const sql = connectDatabase(config.DATABASE_URL);
  const api = await startApiServer({
    config: { ...config, TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS },
    port: config.PORT,
    sql,
    databaseUrl: config.DATABASE_URL,
    log,
    bootstrapAdminToken,
    files: fileSettingsFrom(config),
  });
  collectDefaultMetrics({ register: api.metrics.registry });
  log.info({ url: api.url, metrics: api.metricsUrl ?? 'off (METRICS_TOKEN or METRICS_PORT)' }, 'api listening');
  const stop = async () => {
    await api.close();
    await sql.end({ timeout: 5 });
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void stop());
  exitWhenParentGoes(() => void stop());
}

main().catch((err) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
