import { stopLeftoverPostgres } from './embeddedDatabase';
import { otherSupervisor, stopLeftovers } from './pidfiles';
import { ensurePortsFree, StartRefused, type PlannedPort } from './ports';
import { startWatchdog } from './watchdog';

/**
 * What a supervisor (`npm start`, `npm run start:cluster`) does before its first child: refuse while another one runs
 * on the same data dir, stop what a dead one left running there (its recorded processes, its PostgreSQL), check the
 * ports, and start the watchdog — so that however this supervisor ends, every child it records under `dataDir/run`
 * (stack/pidfiles.ts) ends too.
 */
export async function takeOverDataDir(o: {
  dataDir: string;
  /** How the user started it and which DATA_DIR they gave, for the refusal's message. */
  command: string;
  configuredDataDir: string;
  /** The embedded PostgreSQL lives under dataDir (no DATABASE_URL). */
  embeddedPostgres: boolean;
  ports: PlannedPort[];
}): Promise<void> {
  const other = otherSupervisor(o.dataDir);
  if (other !== null) {
    throw new StartRefused(
      `another ${o.command} (pid ${other}) is running with DATA_DIR ${o.configuredDataDir}: stop it first, or set DATA_DIR to another folder`,
    );
  }
  const leftovers = await stopLeftovers(o.dataDir);
  const leftoverPostgres = o.embeddedPostgres ? await stopLeftoverPostgres(o.dataDir) : null;
  if (leftoverPostgres !== null) leftovers.push(`postgres (pid ${leftoverPostgres})`);
  if (leftovers.length > 0)
    process.stderr.write(`stopped what an earlier start in ${o.dataDir} left running: ${leftovers.join(', ')}\n`);
  await ensurePortsFree(o.ports);
  startWatchdog(o.dataDir); // before the first child, so none is ever unwatched
}
