import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { connectDatabase } from '../../db/connect';
import { OutboxRelay } from '../../services/outboxRelay';
import { workflowIds } from '../../domain/contract';
import { eventually } from '../support/campaigns';
import { createOwnDatabase } from '../support/testDatabase';

/**
 * The outbox relay against a real PostgreSQL (a database of its own: a relay dispatches every queued row of its
 * database) and the run's Temporal server. Its task queue has no worker: the notification workflows it starts are
 * started, which is all the relay does, and never run.
 *
 * The relay's rule (docs/NOTIFICATIONS.md), with the burst shortened for the test (1 s of quiet ends it, no row waits
 * more than 3 s): a lone row is dispatched once the quiet has passed; while rows keep coming, none is dispatched until
 * the oldest has waited its 3 s, and from then on, while the burst goes on, starts come at a quarter of the pace — at
 * 20 per second, at least 200 ms apart.
 */
describe('the outbox relay', () => {
  const PER_SECOND = 20;
  const BURST_PACE_MS = 1000 / (PER_SECOND / 4);
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let sql: ReturnType<typeof connectDatabase>;
  let connection: Connection;
  let client: Client;
  let relay: OutboxRelay;
  const keys: string[] = [];

  beforeAll(async () => {
    database = await createOwnDatabase('relay');
    sql = connectDatabase(database.url, { max: 3 });
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    client = new Client({ connection });
    relay = new OutboxRelay({
      sql,
      client,
      taskQueue: `relay-${randomBytes(4).toString('hex')}`,
      perSecond: PER_SECOND,
      burst: { quietMs: 1000, maxDeferMs: 3000 },
    });
    relay.start();
  });
  afterAll(async () => {
    await relay?.stop();
    await Promise.all(
      keys.map((k) =>
        client.workflow
          .getHandle(workflowIds.notification(k))
          .terminate('test over')
          .catch(() => undefined),
      ),
    );
    await sql?.end();
    await connection?.close();
    await database?.drop();
  });

  const queue = async (label: string) => {
    const [row] = await sql<{ id: string; notification_key: string }[]>`
      insert into outbox (campaign_id, audience, payload, source_key) values ('c-relay', '[]', ${sql.json({ label })}, ${`relay-test/${label}/${randomBytes(4).toString('hex')}`})
      returning id, notification_key`;
    keys.push(row.notification_key);
    return row.id;
  };
  const dispatched = async (ids: string[]) =>
    sql<{ id: string; created_ms: number; dispatched_ms: number | null }[]>`
      select id, extract(epoch from created_at) * 1000 as created_ms, extract(epoch from dispatched_at) * 1000 as dispatched_ms
      from outbox where id in ${sql(ids)} order by id`;

  test('a lone row is started once the quiet has passed, and its workflow exists', async () => {
    const id = await queue('lone');
    const row = await eventually('the lone row to be dispatched', async () =>
      (await dispatched([id])).find((r) => r.dispatched_ms !== null),
    );
    expect(Number(row.dispatched_ms) - Number(row.created_ms)).toBeGreaterThanOrEqual(1000);
    const description = await client.workflow.getHandle(workflowIds.notification(keys[keys.length - 1])).describe();
    expect(description.type).toBe('notificationWorkflow');
  });

  test('a burst waits, then goes out at a quarter of the pace while rows keep coming, every row once and in order', async () => {
    const ids: string[] = [];
    const burstEnds = Date.now() + 9000;
    // ten rows a second for nine seconds: far more than a quarter of the pace takes
    while (Date.now() < burstEnds) {
      ids.push(await queue(`burst-${ids.length}`));
      await new Promise((r) => setTimeout(r, 100));
    }
    const lastQueuedMs = Date.now();
    const rows = await eventually(
      'every row of the burst to be dispatched',
      async () => {
        const r = await dispatched(ids);
        return r.every((x) => x.dispatched_ms !== null) && r;
      },
      60_000,
    );
    const at = rows.map((r) => Number(r.dispatched_ms));
    // nothing left before the first row had waited its 3 s
    expect(Math.min(...at) - Number(rows[0].created_ms)).toBeGreaterThanOrEqual(3000);
    // in the order they were queued
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // while rows were still coming, starts were a quarter of the pace apart: measured over the whole stretch, since a
    // row is stamped after its start returns and one start may answer later than the next (500 ms for that)
    const during = at.filter((t) => t < lastQueuedMs);
    expect(during.length).toBeGreaterThan(5);
    expect(during[during.length - 1] - during[0]).toBeGreaterThanOrEqual((during.length - 1) * BURST_PACE_MS - 500);
  }, 90_000);
});
