/**
 * Runs `fn` over items with at most `limit` in flight: a new one starts as soon as any finishes, so one slow call holds
 * up only its own slot (not a whole wave of `limit`, as Promise.all over slices would).
 */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  fn: (t: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}
