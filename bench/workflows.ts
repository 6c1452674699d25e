/**
 * Bench-only trivial workflows: the bare-Temporal baselines the product is compared with. Bundled on their own and run
 * by bench/baselineWorker.ts on a task queue of their own; nothing in the product loads them.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';

interface BaselineActivities {
  touch(o: { id: string; targetMs: number | null }): Promise<void>;
}
const { touch } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '1 minute' });

/** Fan-out baseline: started by a plain client, runs one no-op activity, then stays open like an agency workflow. */
export async function trivialOpen(id: string, holdMs: number): Promise<void> {
  await touch({ id, targetMs: null });
  await sleep(holdMs);
}

/** Storm baseline: sleeps to the shared instant, then runs one no-op activity that notes when it started. */
export async function sleepThenTouch(id: string, targetMs: number): Promise<void> {
  const wait = targetMs - Date.now();
  if (wait > 0) await sleep(wait);
  await touch({ id, targetMs });
}
