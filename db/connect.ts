import postgres, { type Sql } from 'postgres';

/**
 * How long a connection of the pool waits before trying again after a failed connect, in seconds, for the pool's
 * `retries`-th failure in a row. postgres.js counts failures across the whole pool and by default waits up to 20 s
 * (3^retries / 100 s); under an outage every activity's retry adds to the count, so a request queued behind those
 * waits went 20 to 50 s without an answer before its 503, and the pool took as long to notice that the database was
 * back. Capped at one second: a refused connect costs nothing, and a pool has at most `max` connections to retry.
 */
function reconnectDelaySeconds(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2);
}

/** One pool per process; timestamps come back as Date, json as objects. */
/** `onNotice` hears the server's notices (a migration's report); otherwise they are dropped. */
export function connectDatabase(
  url: string,
  options: { max?: number; onNotice?: (message: string) => void } = {},
): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: (n) => options.onNotice?.(n.message),
    connect_timeout: 10,
    idle_timeout: 60,
    backoff: reconnectDelaySeconds,
    transform: { undefined: null },
  });
}
