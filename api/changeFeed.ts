import postgres, { type Sql } from 'postgres';
import type { Logger } from '../config/logger';

/** Channels the triggers of migration 00008 notify on, with the changed key as payload. */
export const CHANNELS = {
  /** a key changed (revoked): payload its token hash */
  apiKey: 'api_key_changed',
  /** anything a campaign's reads show changed: payload the campaign id */
  campaign: 'campaign_changed',
} as const;
type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

const RETRY_MS = 1000;

/**
 * Postgres LISTEN on a connection of its own, for the API's in-process caches (api/readCache.ts). The caches may only
 * trust what they hold while every notification reaches them, so the feed says whether it is `live`: from the moment
 * LISTEN succeeds until its connection closes. Then it tells the caches to drop everything (`onReset`) and listens
 * again, once a second until Postgres answers. Not live, the caches are bypassed and every read goes to Postgres.
 */
export class ChangeFeed {
  private conn: Sql | null = null;
  private liveNow = false;
  private stopped = false;
  private readonly handlers = new Map<Channel, ((payload: string) => void)[]>();
  private readonly resets: (() => void)[] = [];

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  get live(): boolean {
    return this.liveNow;
  }

  on(channel: Channel, handler: (payload: string) => void): void {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
  }

  onReset(handler: () => void): void {
    this.resets.push(handler);
  }

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    while (!this.stopped) {
      let closed = false;
      const conn = postgres(this.url, {
        max: 1,
        idle_timeout: 0,
        max_lifetime: null,
        connect_timeout: 5,
        // As postgres.js's own listen() does: a connection that only listens needs no type lookup, an internal query
        // that every (re)connect would otherwise start and an outage can leave failing with no one to hear it.
        fetch_types: false,
        onnotice: () => undefined,
        onclose: () => {
          closed = true;
          void this.lost(conn);
        },
        // What postgres.js's own sql.listen() is built on (the option is not in its types). listen() itself re-listens
        // after a drop but gives up for good if Postgres is still away, which a cache cannot afford to miss.
        ...{
          onnotify: (channel: string, payload: string) =>
            this.handlers.get(channel as Channel)?.forEach((h) => h(payload)),
        },
      });
      try {
        for (const channel of Object.values(CHANNELS)) await conn.unsafe(`listen ${channel}`);
        if (this.stopped) return void (await conn.end({ timeout: 1 }));
        // closed between the last LISTEN and here, lost() did not know this connection yet: live it would never be
        if (closed) throw new Error('connection closed as it began to listen');
        this.conn = conn;
        this.reset(); // whatever changed while no one listened is unknown: start from empty caches
        this.liveNow = true;
        return;
      } catch (err) {
        this.log.warn({ err }, 'change feed: cannot listen; reads bypass the caches until it can');
        await conn.end({ timeout: 1 }).catch(() => undefined);
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }

  private async lost(conn: Sql): Promise<void> {
    if (this.conn !== conn) return;
    this.liveNow = false;
    this.conn = null;
    this.reset();
    await conn.end({ timeout: 1 }).catch(() => undefined);
    if (!this.stopped) {
      this.log.warn('change feed: connection lost; listening again');
      void this.connect();
    }
  }

  private reset(): void {
    for (const r of this.resets) r();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.liveNow = false;
    const conn = this.conn;
    this.conn = null;
    await conn?.end({ timeout: 1 });
  }
}
