import { ReadCache, type FeedState } from '../../api/readCache';

/** A feed whose liveness the test sets, and whose reconnects it triggers, as api/changeFeed.ts does. */
function feed(live = true) {
  const resets: (() => void)[] = [];
  const state = { live, onReset: (h: () => void) => void resets.push(h), reconnect: () => resets.forEach((r) => r()) };
  return state as FeedState & { live: boolean; reconnect(): void };
}

/** A load that resolves when the test says so and counts its calls. */
function gate<V>(value: V) {
  let calls = 0;
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const load = async () => {
    calls += 1;
    await opened;
    return { value, keep: true };
  };
  return { load, open, calls: () => calls };
}

describe('ReadCache', () => {
  test('keeps a value until its group changes, and loads again after', async () => {
    const c = new ReadCache<string>(feed(), { ttlMs: 60_000, maxWeight: 100 });
    let n = 0;
    const load = async () => ({ value: `v${++n}`, keep: true });
    expect(await c.get('campaign-1', 'list', load)).toBe('v1');
    expect(await c.get('campaign-1', 'list', load)).toBe('v1');
    c.invalidate('campaign-2');
    expect(await c.get('campaign-1', 'list', load)).toBe('v1');
    c.invalidate('campaign-1');
    expect(await c.get('campaign-1', 'list', load)).toBe('v2');
  });

  test('those who ask for the same entry while it loads share one load', async () => {
    const c = new ReadCache<string>(feed(), { ttlMs: 60_000, maxWeight: 100 });
    const g = gate('csv');
    const both = Promise.all([c.get('c', 'report', g.load), c.get('c', 'report', g.load)]);
    g.open();
    expect(await both).toEqual(['csv', 'csv']);
    expect(g.calls()).toBe(1);
  });

  test('a load under way when its group changes is answered but not kept, and later asks do not join it', async () => {
    const c = new ReadCache<string>(feed(), { ttlMs: 60_000, maxWeight: 100 });
    const old = gate('before the change');
    const first = c.get('c', 'list', old.load);
    c.invalidate('c');
    const fresh = gate('after the change');
    const second = c.get('c', 'list', fresh.load);
    old.open();
    fresh.open();
    expect(await first).toBe('before the change');
    expect(await second).toBe('after the change');
    expect(await c.get('c', 'list', async () => ({ value: 'loaded again', keep: true }))).toBe('after the change');
  });

  test('keeps nothing while the feed is not live, and forgets everything when it reconnects', async () => {
    const f = feed(false);
    const c = new ReadCache<number>(f, { ttlMs: 60_000, maxWeight: 100 });
    let n = 0;
    const load = async () => ({ value: ++n, keep: true });
    expect(await c.get('c', 'k', load)).toBe(1);
    expect(await c.get('c', 'k', load)).toBe(2);
    f.live = true;
    expect(await c.get('c', 'k', load)).toBe(3);
    expect(await c.get('c', 'k', load)).toBe(3);
    f.reconnect();
    expect(await c.get('c', 'k', load)).toBe(4);
  });

  test('drops the oldest groups beyond its weight, expires entries, and keeps no answer marked keep: false', async () => {
    const c = new ReadCache<string>(feed(), { ttlMs: 60_000, maxWeight: 10, weigh: (v) => v.length });
    await c.get('a', 'k', async () => ({ value: 'aaaaaa', keep: true }));
    await c.get('b', 'k', async () => ({ value: 'bbbbbb', keep: true }));
    expect(await c.get('a', 'k', async () => ({ value: 'reloaded', keep: false }))).toBe('reloaded');
    expect(await c.get('b', 'k', async () => ({ value: 'reloaded', keep: true }))).toBe('bbbbbb');
    expect(await c.get('x', 'k', async () => ({ value: 'not found', keep: false }))).toBe('not found');
    expect(await c.get('x', 'k', async () => ({ value: 'found', keep: true }))).toBe('found');
    expect(await c.get('t', 'k', async () => ({ value: 'short', keep: true }), 0)).toBe('short');
    expect(await c.get('t', 'k', async () => ({ value: 'ttl 0 keeps nothing', keep: true }), 0)).toBe(
      'ttl 0 keeps nothing',
    );
  });
});
