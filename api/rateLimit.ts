import { rateLimit, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import type { Sql } from 'postgres';
import { HttpError } from './errors';

/**
 * express-rate-limit's counters in PostgreSQL (rate_limit_windows, db/migrations/00011_people): one fixed window per
 * route and client address, counted with the database's clock, so every API process of a deployment shares the limit.
 */
class PostgresStore implements Store {
  private windowMs = 60_000;
  readonly localKeys = false;

  constructor(
    private readonly sql: Sql,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const [row] = await this.sql<{ hits: number; resets_at: Date }[]>`
      insert into rate_limit_windows as w (key, hits, resets_at)
      values (${this.prefix + key}, 1, clock_timestamp() + make_interval(secs => ${this.windowMs / 1000}))
      on conflict (key) do update set
        hits = case when w.resets_at <= clock_timestamp() then 1 else w.hits + 1 end,
        resets_at = case when w.resets_at <= clock_timestamp() then excluded.resets_at else w.resets_at end
      returning hits, resets_at`;
    // windows long over are forgotten now and then, not on every request
    if (Math.random() < 0.01)
      await this.sql`delete from rate_limit_windows where resets_at < clock_timestamp() - interval '1 hour'`;
    return { totalHits: row.hits, resetTime: row.resets_at };
  }

  async decrement(key: string): Promise<void> {
    await this.sql`update rate_limit_windows set hits = greatest(hits - 1, 0) where key = ${this.prefix + key}`;
  }

  async resetKey(key: string): Promise<void> {
    await this.sql`delete from rate_limit_windows where key = ${this.prefix + key}`;
  }
}

/**
 * A per-client-address limiter for a public route, named by `name` (the deployment's task queue, the route's method and
 * path: the API processes of one deployment share it, and tests on their own task queues do not). Past the limit the request
 * fails with the API's own 429 error shape and a Retry-After header.
 */
export function rateLimiter(sql: Sql, name: string, o: { windowMs: number; limit: number }): RequestHandler {
  return rateLimit({
    windowMs: o.windowMs,
    limit: o.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new PostgresStore(sql, `${name} `),
    // the store is created for this limiter; several apps in one process (tests) each make their own
    validate: { singleCount: false, creationStack: false },
    handler: (_req, _res, next) =>
      next(new HttpError(429, 'rate_limited', 'too many requests from this address; try again shortly')),
  });
}
