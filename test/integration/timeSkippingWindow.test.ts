import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Sql } from 'postgres';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { WorkerMetrics } from '../../services/workerMetrics';
import { OutboxRelay } from '../../services/outboxRelay';
import { indexedTypes } from '../../stack/temporalNamespace';
import { connectDatabase } from '../../db/connect';
import { CampaignDefinitionSchema, type CampaignSettings } from '../../domain/campaign';
import { settleDefinition } from '../../domain/campaignYear';
import { workflowIds, type CampaignWorkflowInput } from '../../domain/contract';
import { timeSkippingServerExecutable } from '../../stack/timeSkippingServer';
import { startRobotFakes, type RobotFakes } from '../support/robotFakes';

/**
 * The delivery window at the real scale of time (SPEC §16, docs/NOTIFICATIONS.md "Working hours"), on Temporal's
 * time-skipping test server, through the real workflows, activities and outbox relay, to a fake WeCom robot that
 * stamps each arrival with the server's clock. The expected instants are worked out by hand:
 *
 * January 2027 (an ordinary week): D1–D3 due Tuesday 01-19 23:59:59; a reminder 72 hours before falls on Saturday
 *   01-16 23:59:59 and is recorded then; it reaches the robot on Monday 01-18 at 09:00. The overdue step, recorded
 *   Tuesday 23:59:59, reaches it Wednesday 01-20 at 09:00.
 * February 2027 (not in the bundled arrangement: the campaign's policy lists the Spring Festival days 02-05…08, the statutory
 *   除夕 to 初三, to be checked against the State Council's notice): D1–D3 due Wednesday 02-10 23:59:59; a reminder
 *   120 hours before falls on Friday 02-05 23:59:59, inside the holiday, and reaches the robot on the first working day
 *   after it, Tuesday 02-09 at 09:00; the "P2D" reminder's day, Monday 02-08, is off, so it fires on the working day
 *   before, Thursday 02-04, at 09:00 (its digest leaves at the next minute's gathering boundary, 09:01).
 */
const SHANGHAI = 'Asia/Shanghai';
// In the wall clock's future: activities stamp steps with the database's clock, and a reminder stamped after its
// deadline is recorded as missed and told to nobody (activities/deadlineSteps.ts).
const DEFINED_AT = '2027-01-11T10:00:00+08:00';
const bj = (local: string) => DateTime.fromISO(local, { zone: SHANGHAI }).toMillis();
const show = (ms: number) => DateTime.fromMillis(ms, { zone: SHANGHAI }).toFormat("yyyy-MM-dd'T'HH:mm:ss");

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this process
}

let env: TestWorkflowEnvironment;
let sql: Sql;
let fakes: RobotFakes;
const saved = process.env.OUTBOUND_ALLOWED_HOSTS;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: timeSkippingServerExecutable() },
      extraArgs: ['--start-at', new Date(DEFINED_AT).toISOString()],
    },
  });
  await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: indexedTypes() });
  sql = connectDatabase(process.env.DATABASE_URL!, { max: 6 });
  fakes = await startRobotFakes(() => env.currentTimeMs());
  process.env.OUTBOUND_ALLOWED_HOSTS = fakes.host;
}, 300_000);
afterAll(async () => {
  if (saved === undefined) delete process.env.OUTBOUND_ALLOWED_HOSTS;
  else process.env.OUTBOUND_ALLOWED_HOSTS = saved;
  await fakes?.close();
  await sql?.end();
  await env?.teardown();
});

/** A campaign whose D1–D3 are due on `due` (the rest later), as POST /v1/campaigns writes it, its agency's robot set. */
async function campaign(o: {
  year: number;
  opens: string;
  due: string;
  policy: Record<string, unknown>;
  robot: string;
  /** each campaign its own agency: a unit's robot is the registry's, shared by every campaign naming it */
  agency: string;
}) {
  const y = o.year;
  const def = CampaignDefinitionSchema.parse({
    name: `${y}年专项整治（工作时间）`,
    jurisdiction: { id: 'zhongwei', name: '中卫市' },
    agencies: [{ id: o.agency, name: '中卫市市场监督管理局', jurisdictionId: 'zhongwei' }],
    calendar: {
      timeZone: SHANGHAI,
      phases: [
        { key: 'deployment', startsAt: o.opens, endsAt: o.due },
        { key: 'self_inspection', startsAt: `${y}-07-01T00:00:00+08:00`, endsAt: `${y}-07-10T23:59:59+08:00` },
        { key: 'consolidation', startsAt: `${y}-07-11T00:00:00+08:00`, endsAt: `${y}-07-20T23:59:59+08:00` },
        { key: 'spot_check', startsAt: `${y}-07-21T00:00:00+08:00`, endsAt: `${y}-07-25T23:59:59+08:00` },
      ],
      deadlines: {
        D1: o.due,
        D2: o.due,
        D3: o.due,
        D4: `${y}-07-10T23:59:59+08:00`,
        D5: `${y}-07-10T23:59:59+08:00`,
        D6: `${y}-07-10T23:59:59+08:00`,
        D7: `${y}-07-20T23:59:59+08:00`,
        D8: `${y}-07-20T23:59:59+08:00`,
      },
      closesAt: `${y}-07-31T23:59:59+08:00`,
    },
    policy: o.policy,
    allowPastDeadlines: true,
  });
  const { settings, refusal } = settleDefinition(def, Date.parse(DEFINED_AT));
  expect(refusal).toBeUndefined();
  const id = `c-tw-${randomBytes(4).toString('hex')}`;
  await sql`insert into campaigns (id, name, jurisdiction, settings, created_by)
            values (${id}, ${def.name}, ${sql.json({ id: 'zhongwei', name: '中卫市' })}, ${sql.json(settings as never)}, 'test')`;
  await sql`insert into jurisdictions (campaign_id, id, name, parent_id, path) values (${id}, 'zhongwei', '中卫市', null, ${['zhongwei']})`;
  await sql`insert into agencies (campaign_id, id, name, jurisdiction_id) values (${id}, ${o.agency}, '中卫市市场监督管理局', 'zhongwei')`;
  await sql`insert into unit_channels (unit_kind, unit_id, wecom) values ('agency', ${o.agency}, ${sql.json({ webhookUrl: fakes.wecomRobot(o.robot) })})
            on conflict (unit_kind, unit_id) do update set wecom = excluded.wecom`;
  return { id, settings: settings as CampaignSettings };
}

/**
 * Lets the server's clock run to `untilMs`, firing every timer on the way, then gives the relay real time to start
 * what was queued (the server's clock runs at the wall's pace meanwhile), until `ready` holds.
 */
async function runUntil(untilMs: number, ready: () => Promise<boolean> = async () => true) {
  const now = await env.currentTimeMs();
  if (untilMs > now) await env.sleep(untilMs - now);
  await new Promise((r) => setTimeout(r, 2000));
  for (let waited = 0; !(await ready()) && waited < 60_000; waited += 500) await new Promise((r) => setTimeout(r, 500));
}

/** The robot deliveries of a campaign planned so far. */
const planned = async (campaignId: string) =>
  (
    await sql<{ n: number }[]>`
      select count(*)::int as n from notification_deliveries where campaign_id = ${campaignId} and channel = 'wecom'`
  )[0].n;

test('a reminder due on a Saturday reaches the robot on Monday at 09:00; one due in the 2027 Spring Festival on the first working day after', async () => {
  const taskQueue = `time-window-${randomBytes(4).toString('hex')}`;
  const january = await campaign({
    year: 2027,
    opens: '2027-01-01T00:00:00+08:00',
    due: '2027-01-19T23:59:59+08:00',
    policy: { reminders: ['PT72H'], escalation: [{ after: 'PT0S', action: 'overdue' }] },
    robot: 'january',
    agency: 'january-market',
  });
  const spring = await campaign({
    year: 2027,
    opens: '2027-02-01T00:00:00+08:00',
    due: '2027-02-10T23:59:59+08:00',
    policy: {
      reminders: ['PT120H', 'P2D'],
      escalation: [{ after: 'PT0S', action: 'overdue' }],
      holidays: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'],
    },
    robot: 'spring',
    agency: 'spring-market',
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! },
    activities: createActivities({ sql, client: env.client, taskQueue, metrics: new WorkerMetrics() }),
  });
  const relay = new OutboxRelay({
    sql,
    client: env.client,
    taskQueue,
    perSecond: 50,
    burst: { quietMs: 100, maxDeferMs: 500 },
  });
  await worker.runUntil(async () => {
    relay.start();
    try {
      for (const c of [january, spring]) {
        const input: CampaignWorkflowInput = { campaignId: c.id, settings: c.settings };
        await env.client.workflow.start('campaignWorkflow', {
          workflowId: workflowIds.campaign(c.id),
          taskQueue,
          args: [input],
        });
      }
      await new Promise((r) => setTimeout(r, 5000)); // the agency workflows start on the server's present

      // January: recorded Saturday night, planned for Monday morning, not sent before
      await runUntil(bj('2027-01-16T23:59:59') + 2000, async () => (await planned(january.id)) === 3);
      const pushAt = await sql<{ push_at: Date }[]>`
        select push_at from notification_deliveries where campaign_id = ${january.id} and channel = 'wecom'`;
      expect(pushAt.map((r) => show(r.push_at.getTime()))).toEqual(Array(3).fill('2027-01-18T09:00:00'));
      await runUntil(bj('2027-01-18T08:59:00'));
      expect(fakes.accepted('january')).toEqual([]);
      await runUntil(bj('2027-01-18T09:05:00'), async () => fakes.accepted('january').length === 1);
      await runUntil(bj('2027-01-19T23:59:59') + 2000, async () => (await planned(january.id)) === 6);
      await runUntil(bj('2027-01-20T09:05:00'), async () => fakes.accepted('january').length === 2);

      // 2027: the holiday days of the policy
      await runUntil(bj('2027-02-04T09:00:00') + 2000, async () => (await planned(spring.id)) === 3);
      expect(fakes.accepted('spring')).toEqual([]);
      await runUntil(bj('2027-02-04T09:05:00'), async () => fakes.accepted('spring').length === 1);
      await runUntil(bj('2027-02-05T23:59:59') + 2000, async () => (await planned(spring.id)) === 6);
      await runUntil(bj('2027-02-09T09:05:00'), async () => fakes.accepted('spring').length === 2);
      await runUntil(bj('2027-02-10T23:59:59') + 2000, async () => (await planned(spring.id)) === 9);
      await runUntil(bj('2027-02-11T09:05:00'), async () => fakes.accepted('spring').length === 3);
    } finally {
      await relay.stop();
    }
  });

  const arrivals = (robot: string) =>
    fakes.accepted(robot).map((a) => [show(a.at).slice(0, 16), a.text.match(/\*\*[^*]+\*\*/g)?.length]);
  // each push one digest of D1–D3's three messages, at the window's opening (the minute it leaves in)
  expect(arrivals('january')).toEqual([
    ['2027-01-18T09:00', 3], // the PT72H reminders of Saturday 01-16
    ['2027-01-20T09:00', 3], // overdue, Tuesday 01-19 23:59:59
  ]);
  expect(arrivals('spring')).toEqual([
    ['2027-02-04T09:01', 3], // P2D: Monday 02-08 is off, fired Thursday 02-04 09:00, sent at the next gathering boundary
    ['2027-02-09T09:00', 3], // PT120H: Friday 02-05 23:59:59, in the holiday → Tuesday 02-09
    ['2027-02-11T09:00', 3], // overdue, Wednesday 02-10 23:59:59
  ]);
}, 900_000);
