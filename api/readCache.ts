/** What the cache needs of the change feed (api/changeFeed.ts); without one nothing is ever kept. */
export interface FeedState {
  readonly live: boolean;
  onReset(handler: () => void): void;
}

export const NO_FEED: FeedState = { live: false, onReset: () => undefined };

interface Entry<V> {
  value: V;
  expiresAt: number;
  weight: number;
}

/**
 * An in-process cache of reads, in groups that a change forgets at once (a campaign; a key), kept true by the change
 * feed: it holds nothing while the feed is not live, and it drops everything when the feed reconnects. A read that
 * was loading while its group changed is answered but not kept, so a change is never hidden behind an older answer.
 * Entries also expire (ttlMs): what the data does not say, such as a light turning yellow as a deadline nears, shows
 * within that time. The oldest groups go first beyond maxWeight (entries, or bytes when `weigh` says so).
 */
export class ReadCache<V> {
  private readonly groups = new Map<string, Map<string, Entry<V>>>();
  private readonly generations = new Map<string, number>();
  private readonly loading = new Map<string, { version: string; promise: Promise<{ value: V; keep: boolean }> }>();
  private epoch = 0;
  private weight = 0;

  constructor(
    private readonly feed: FeedState,
    private readonly o: { ttlMs: number; maxWeight: number; weigh?: (value: V) => number },
  ) {
    feed.onReset(() => this.clear());
  }

  /** The cached value, or load()'s; `keep: false` from load (a 404) is answered and not kept. ttlMs overrides the cache's. */
  async get(
    group: string,
    key: string,
    load: () => Promise<{ value: V; keep: boolean }>,
    ttlMs = this.o.ttlMs,
  ): Promise<V> {
    const now = Date.now();
    const hit = this.groups.get(group)?.get(key);
    if (hit && hit.expiresAt > now && this.feed.live) return hit.value;
    const before = this.version(group);
    const wasLive = this.feed.live;
    const { value, keep } = await (wasLive ? this.shared(`${group}\u0000${key}`, before, load) : load());
    const unchanged = wasLive && this.feed.live && this.version(group) === before;
    if (keep && unchanged && ttlMs > 0)
      this.put(group, key, { value, expiresAt: now + ttlMs, weight: this.o.weigh?.(value) ?? 1 });
    return value;
  }

  /**
   * One load for all who ask for the same entry while it is loading (a popular report expiring under load), as long
   * as nothing changed since it began: who comes after a change waits for a load of their own.
   */
  private shared(flightKey: string, version: string, load: () => Promise<{ value: V; keep: boolean }>) {
    const flight = this.loading.get(flightKey);
    if (flight && flight.version === version) return flight.promise;
    const promise = load();
    this.loading.set(flightKey, { version, promise });
    const done = () => {
      if (this.loading.get(flightKey)?.promise === promise) this.loading.delete(flightKey);
    };
    promise.then(done, done);
    return promise;
  }

  /** Something in the group changed: its entries go, and reads already under way are not kept. */
  invalidate(group: string): void {
    this.generations.set(group, (this.generations.get(group) ?? 0) + 1);
    this.drop(group);
  }

  clear(): void {
    this.epoch += 1;
    this.groups.clear();
    this.generations.clear();
    this.weight = 0;
  }

  private drop(group: string): void {
    const g = this.groups.get(group);
    if (!g) return;
    for (const e of g.values()) this.weight -= e.weight;
    this.groups.delete(group);
  }

  private version(group: string): string {
    return `${this.epoch}:${this.generations.get(group) ?? 0}`;
  }

  private put(group: string, key: string, entry: Entry<V>): void {
    if (entry.weight > this.o.maxWeight) return;
    let g = this.groups.get(group);
    if (!g) this.groups.set(group, (g = new Map()));
    this.weight += entry.weight - (g.get(key)?.weight ?? 0);
    g.set(key, entry);
    while (this.weight > this.o.maxWeight) this.drop(this.groups.keys().next().value!);
  }
}
