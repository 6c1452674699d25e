import type { Sql } from 'postgres';
import type { Logger } from '../../config/logger';
import { SWEEP_BATCH, sweepUnattached } from './records';
import type { FileStorage } from './storage';

/** How often the API removes uploads left unattached for a day, besides the sweep every upload makes. */
export const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Removes uploads that nothing came to refer to within a day (records.ts, UNATTACHED_TTL_MS) every `everyMs`, so
 * they go even when nobody uploads anything more. Several API processes may sweep at once: each deletes only rows
 * still unattached, and removing bytes already gone is harmless. A failed sweep is logged and tried at the next tick.
 */
export function sweepUnattachedEvery(o: { sql: Sql; storage: FileStorage; everyMs?: number; log: Logger }): {
  stop(): Promise<void>;
} {
  let running: Promise<void> = Promise.resolve();
  const sweep = async () => {
    try {
      // in batches, until a batch comes back short
      while ((await sweepUnattached(o.sql, o.storage)) === SWEEP_BATCH);
    } catch (err) {
      o.log.warn({ err }, 'could not remove the unattached uploads; trying again at the next sweep');
    }
  };
  const timer = setInterval(() => void (running = running.then(sweep)), o.everyMs ?? SWEEP_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
