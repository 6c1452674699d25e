import type { Client } from '@temporalio/client';
import type { Sql } from 'postgres';
import type { Logger } from '../config/logger';
import { startNotificationWorkflow } from './notifications';

/** How often the relay looks for queued rows: a single indexed query when there are none. */
const SWEEP_MS = 1000;
/** A burst of recordings is over when no row has been queued for this long… */
const QUIET_MS = 1000;
/** …and no queued row waits longer than this for it to end. */
const MAX_DEFER_MS = 30_000;
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

  constructor(
    private readonly o: { sql: Sql; client: Client; taskQueue: string; perSecond: number; log?: Logger },
  ) {}

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
      let started = 0;
      try {
        const waitMs = await this.burstWait();
        if (waitMs > 0) {
          await this.pause(waitMs);
          continue;
        }
        started = await this.dispatchBatch();
      } catch (err) {
        this.o.log?.warn({ err }, 'outbox relay: dispatch failed; trying again at the next sweep');
      }
      if (started === BATCH) continue; // more may be queued
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
   * settle first — no row queued for QUIET_MS — but keeps no row waiting longer than MAX_DEFER_MS. Returns how long to
   * wait, 0 to dispatch now.
   */
  private async burstWait(): Promise<number> {
    const [q] = await this.o.sql<{ newest_ms: number | null; oldest_ms: number | null }[]>`
      select extract(epoch from now() - max(created_at)) * 1000 as newest_ms, extract(epoch from now() - min(created_at)) * 1000 as oldest_ms
      from outbox where dispatched_at is null`;
    if (q.newest_ms === null || q.oldest_ms === null) return 0;
    if (Number(q.newest_ms) >= QUIET_MS || Number(q.oldest_ms) >= MAX_DEFER_MS) return 0;
    return Math.min(QUIET_MS - Number(q.newest_ms), MAX_DEFER_MS - Number(q.oldest_ms));
  }

  /** Claims up to BATCH queued rows and starts their workflows in order; returns how many it claimed. */
  private async dispatchBatch(): Promise<number> {
    const { sql } = this.o;
    const claimed = await sql<{ id: string; notification_key: string }[]>`
      update outbox set claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS})
      where id in (
        select id from outbox
        where dispatched_at is null and (claimed_until is null or claimed_until < now())
        order by id limit ${BATCH} for update skip locked)
      returning id, notification_key`;
    try {
      for (const { id, notification_key } of claimed.sort((a, b) => Number(a.id) - Number(b.id))) {
        if (this.stopped) break;
        await this.paced();
        await this.o.client.withDeadline(Date.now() + START_TIMEOUT_MS, () => startNotificationWorkflow(this.o.client, this.o.taskQueue, { outboxId: id, notificationKey: notification_key }));
        await sql`update outbox set dispatched_at = now(), claimed_until = null where id = ${id}`;
      }
    } finally {
      // what this relay did not get to (stopping, Temporal away) is free for the next sweep, not after CLAIM_SECONDS
      const ids = claimed.map((r) => r.id);
      if (ids.length) await sql`update outbox set claimed_until = null where id in ${sql(ids)} and dispatched_at is null`.catch(() => undefined);
    }
    return claimed.length;
  }

  /** Spaces the starts 1/perSecond apart. */
  private async paced(): Promise<void> {
    const now = Date.now();
    const wait = this.nextStartAt - now;
    this.nextStartAt = Math.max(now, this.nextStartAt) + 1000 / this.o.perSecond;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}
