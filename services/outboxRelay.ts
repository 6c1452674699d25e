import type { Client } from '@temporalio/client';
import type { Sql } from 'postgres';
import type { Logger } from '../config/logger';
import { startNotificationWorkflow } from './notifications';

/** How often the relay looks for queued rows: a single indexed query when there are none. */
const SWEEP_MS = 1000;
/** A burst of recordings is over when no row has been queued for this long… */
const QUIET_MS = 1000;
/** …and no queued row waits longer than this for it to end… */
const MAX_DEFER_MS = 30_000;
/**
 * …but while the burst goes on, the relay starts at this share of its pace. In a storm of 10,000 reminders on the
 * real server (docs/BENCHMARKS.md) the recording lasted minutes, and notifications started at the full pace beside it
 * took the machine from the recording: the last reminder was recorded 510 s after the instant against bare Temporal's
 * 368 s.
 */
const BURST_SHARE = 0.25;
const BATCH = 100;
/** A relay that took rows and died leaves them to another after this. */
const CLAIM_SECONDS = 30;
/** A start that Temporal does not answer within this is given up; its row goes back to the queue. */
const START_TIMEOUT_MS = 10_000;
const STOP_WAIT_MS = 2000;

/**
 * The outbox relay (docs/NOTIFICATIONS.md): starts the notification workflow of every queued outbox row, once, at no
 * more than `perSecond` starts per second, after a burst of recordings has settled (burstWait). Recording a step only
 * queues its row, so a deadline storm is recorded at the pace of the deadline ladder and its notifications follow at a
 * pace the Temporal server can take beside it.
 *
 * It looks for queued rows every second: one indexed query on the rows not yet dispatched, cheaper than keeping a
 * listening connection alive through Postgres outages for a second of latency. Rows are claimed with SKIP LOCKED, so
 * several workers' relays share the work; a relay that dies after claiming leaves its rows to the others after
 * CLAIM_SECONDS, and a start repeated after an unknown outcome finds the workflow already there (startOnce).
 */
export class OutboxRelay {
  private stopped = false;
  /** Ends the relay's current wait early, for stop(). */
  private wake: (() => void) | null = null;
  private nextStartAt = 0;
  private done: Promise<void> | null = null;
  /** When a burst has settled, and how long a row may wait for it. */
  private readonly settle: { quietMs: number; maxDeferMs: number };

  constructor(
    private readonly o: {
      sql: Sql;
      client: Client;
      taskQueue: string;
      perSecond: number;
      log?: Logger;
      /** A test's shorter burst (default QUIET_MS, MAX_DEFER_MS). */
      burst?: { quietMs: number; maxDeferMs: number };
    },
  ) {
    this.settle = o.burst ?? { quietMs: QUIET_MS, maxDeferMs: MAX_DEFER_MS };
  }

  start(): void {
    this.done = this.loop();
  }

  /** Stops after the start under way, or after STOP_WAIT_MS if Temporal does not answer (its claims then expire). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await Promise.race([this.done, new Promise((r) => setTimeout(r, STOP_WAIT_MS).unref())]);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let more = false;
      try {
        const burst = await this.burst();
        if (burst.waitMs > 0) {
          await this.pause(burst.waitMs);
          continue;
        }
        more = burst.underWay
          ? await this.dispatchBatch(this.o.perSecond * BURST_SHARE, 0)
          : await this.dispatchBatch(this.o.perSecond, this.settle.quietMs);
      } catch (err) {
        this.o.log?.warn({ err }, 'outbox relay: dispatch failed; trying again at the next sweep');
      }
      if (more) continue;
      await this.pause(SWEEP_MS);
    }
  }

  /** Waits, unless stop() ends the wait first. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /**
   * While deadlines are being recorded in a burst (a storm: thousands falling due at one instant), starting their
   * notification workflows would compete with the recording for the same server and worker. The relay lets the burst
   * settle first — no row queued for QUIET_MS — but keeps no row waiting longer than MAX_DEFER_MS; from then on, while
   * rows keep coming (`underWay`), it starts at BURST_SHARE of its pace. `waitMs`: how long to wait, 0 to dispatch now.
   */
  private async burst(): Promise<{ waitMs: number; underWay: boolean }> {
    const [q] = await this.o.sql<{ newest_ms: number | null; oldest_ms: number | null }[]>`
      select extract(epoch from now() - max(created_at)) * 1000 as newest_ms, extract(epoch from now() - min(created_at)) * 1000 as oldest_ms
      from outbox where dispatched_at is null`;
    const { quietMs, maxDeferMs } = this.settle;
    if (q.newest_ms === null || q.oldest_ms === null || Number(q.newest_ms) >= quietMs)
      return { waitMs: 0, underWay: false };
    if (Number(q.oldest_ms) >= maxDeferMs) return { waitMs: 0, underWay: true };
    return { waitMs: Math.min(quietMs - Number(q.newest_ms), maxDeferMs - Number(q.oldest_ms)), underWay: true };
  }

  /**
   * Claims queued rows and starts their workflows in order, `perSecond` apart: up to BATCH, and no more than it starts
   * in half its claim's time, so that no other relay takes over rows it still holds. Only rows queued at least
   * `settledMs` ago: a burst that began between burst()'s look and this claim waits like any other. True when more may
   * be queued.
   */
  private async dispatchBatch(perSecond: number, settledMs: number): Promise<boolean> {
    const { sql } = this.o;
    const limit = Math.max(1, Math.min(BATCH, Math.floor((perSecond * CLAIM_SECONDS) / 2)));
    const claimed = await sql<{ id: string; notification_key: string }[]>`
      update outbox set claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS})
      where id in (
        select id from outbox
        where dispatched_at is null and (claimed_until is null or claimed_until < now())
          and created_at <= now() - make_interval(secs => ${settledMs / 1000})
        order by id limit ${limit} for update skip locked)
      returning id, notification_key`;
    try {
      for (const { id, notification_key } of claimed.sort((a, b) => Number(a.id) - Number(b.id))) {
        if (this.stopped) break;
        await this.paced(perSecond);
        await this.o.client.withDeadline(Date.now() + START_TIMEOUT_MS, () =>
          startNotificationWorkflow(this.o.client, this.o.taskQueue, {
            outboxId: id,
            notificationKey: notification_key,
          }),
        );
        await sql`update outbox set dispatched_at = now(), claimed_until = null where id = ${id}`;
      }
    } finally {
      // what this relay did not get to (stopping, Temporal away) is free for the next sweep, not after CLAIM_SECONDS
      const ids = claimed.map((r) => r.id);
      if (ids.length)
        await sql`update outbox set claimed_until = null where id in ${sql(ids)} and dispatched_at is null`.catch(
          () => undefined,
        );
    }
    return claimed.length === limit;
  }

  /** Spaces the starts 1/perSecond apart. */
  private async paced(perSecond: number): Promise<void> {
    const now = Date.now();
    const wait = this.nextStartAt - now;
    this.nextStartAt = Math.max(now, this.nextStartAt) + 1000 / perSecond;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}
