import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Sql } from 'postgres';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { WorkerMetrics } from '../../services/workerMetrics';
import { indexedTypes } from '../../stack/temporalNamespace';
import { connectDatabase } from '../../db/connect';
import { CampaignDefinitionSchema, type CampaignSettings } from '../../domain/campaign';
import { settleDefinition } from '../../domain/campaignYear';
import { agencyStateQuery, workflowIds, type CampaignWorkflowInput } from '../../domain/contract';
import { timeSkippingServerExecutable } from '../../stack/timeSkippingServer';

/**
 * A whole 2026 campaign at its real scale of time (June–November), through the real workflows and activities, on
 * Temporal's time-skipping test server: the default ladder (reminders P7D, P3D, P1D before; overdue, P3D and P10D
 * after) counted in working days, across Dragon Boat and National Day.
 *
 * The expected instants are worked out by hand from the State Council's notice (国务院办公厅关于2026年部分节假日安排的
 * 通知, 国办发明电〔2025〕7号), not by the code under test:
 *   端午节 06-19 (Fri) … 06-21 (Sun) off, no make-up day;
 *   中秋节 09-25 (Fri) … 09-27 (Sun) off;
 *   国庆节 10-01 (Thu) … 10-07 (Wed) off, Sunday 09-20 and Saturday 10-10 worked.
 * Escalations fire at the deadline's time of day, 23:59:59 in Zhongwei; reminders, counted in days, at 09:00 of their
 * day, the opening of the default delivery window (every reminder day below is a working day, so none moves).
 */
const EXPECTED: Record<string, [string, string, string][]> = {
  // due Wednesday 06-10: back over two weekends; the P10D notice runs over Dragon Boat to Thursday 06-25
  D1: [
    ['reminder', 'P7D', '2026-06-01'], // 09, 08, 05, 04, 03, 02, 01
    ['reminder', 'P3D', '2026-06-05'], // 09, 08, 05
    ['reminder', 'P1D', '2026-06-09'],
    ['escalation', 'overdue', '2026-06-10'],
    ['escalation', 'supervision_notice', '2026-06-15'], // 11, 12, 15
    ['escalation', 'listed_supervision', '2026-06-25'], // 11, 12, 15, 16, 17, 18, (19–21 端午) 22, 23, 24, 25
  ],
  // due Wednesday 09-30: reminders back over Mid-Autumn to the Sunday make-up day; escalations over National Day
  D4: [
    ['reminder', 'P7D', '2026-09-20'], // 29, 28, (25–27 中秋) 24, 23, 22, 21, 20 (Sunday worked)
    ['reminder', 'P3D', '2026-09-24'], // 29, 28, 24
    ['reminder', 'P1D', '2026-09-29'],
    ['escalation', 'overdue', '2026-09-30'],
    ['escalation', 'supervision_notice', '2026-10-10'], // (10-01–07 国庆) 08, 09, 10 (Saturday worked)
    ['escalation', 'listed_supervision', '2026-10-20'], // 08, 09, 10, 12, 13, 14, 15, 16, 19, 20
  ],
  // due Tuesday 10-20: P7D reaches back to the Saturday make-up day 10-10
  D7: [
    ['reminder', 'P7D', '2026-10-10'], // 19, 16, 15, 14, 13, 12, 10
    ['reminder', 'P3D', '2026-10-15'], // 19, 16, 15
    ['reminder', 'P1D', '2026-10-19'],
    ['escalation', 'overdue', '2026-10-20'],
    ['escalation', 'supervision_notice', '2026-10-23'], // 21, 22, 23
    ['escalation', 'listed_supervision', '2026-11-03'], // 21, 22, 23, 26, 27, 28, 29, 30, 11-02, 11-03
  ],
  // due Saturday 10-31: overdue on the Saturday itself (no days to count), the notice from Monday 11-02
  D8: [
    ['reminder', 'P7D', '2026-10-22'], // 30, 29, 28, 27, 26, 23, 22
    ['reminder', 'P3D', '2026-10-28'], // 30, 29, 28
    ['reminder', 'P1D', '2026-10-30'],
    ['escalation', 'overdue', '2026-10-31'],
    ['escalation', 'supervision_notice', '2026-11-04'], // 02, 03, 04
    ['escalation', 'listed_supervision', '2026-11-13'], // 02, 03, 04, 05, 06, 09, 10, 11, 12, 13
  ],
};
// D2, D3 share D1's date; D5, D6 share D4's
EXPECTED.D2 = EXPECTED.D1;
EXPECTED.D3 = EXPECTED.D1;
EXPECTED.D5 = EXPECTED.D4;
EXPECTED.D6 = EXPECTED.D4;

/** The test server's clock starts a week before the campaign, as a bureau defining it in late May would. */
const DEFINED_AT = '2026-05-25T09:00:00+08:00';
const AGENCY = { id: 'city-market', name: '中卫市市场监督管理局', jurisdictionId: 'zhongwei' };
const localDay = (iso: string | Date) => DateTime.fromJSDate(new Date(iso), { zone: 'Asia/Shanghai' });

// Worker state changes at INFO drown the test output; warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this process
}

let env: TestWorkflowEnvironment;
let sql: Sql;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: timeSkippingServerExecutable() },
      extraArgs: ['--start-at', new Date(DEFINED_AT).toISOString()],
    },
  });
  // like every server the product runs on, the test server must know the workflows' search attributes
  await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: indexedTypes() });
  sql = connectDatabase(process.env.DATABASE_URL!, { max: 4 });
}, 300_000);
afterAll(async () => {
  await sql?.end();
  await env?.teardown();
});

/** The campaign's rows, as POST /v1/campaigns writes them before starting its workflow. */
async function insertCampaign(id: string, settings: CampaignSettings) {
  await sql`insert into campaigns (id, name, jurisdiction, settings, created_by)
            values (${id}, '2026年专项整治（工作日）', ${sql.json({ id: 'zhongwei', name: '中卫市' })}, ${sql.json(settings as never)}, 'test')`;
  await sql`insert into jurisdictions (campaign_id, id, name, parent_id, path) values (${id}, 'zhongwei', '中卫市', null, ${['zhongwei']})`;
  await sql`insert into agencies (campaign_id, id, name, jurisdiction_id) values (${id}, ${AGENCY.id}, ${AGENCY.name}, ${AGENCY.jurisdictionId})`;
}

test('a 2026 campaign in working days fires every reminder and escalation on the day the official arrangement gives', async () => {
  const now = Date.parse(DEFINED_AT);
  expect(Math.abs((await env.currentTimeMs()) - now)).toBeLessThan(3600_000); // the server's clock, not the wall clock
  const def = CampaignDefinitionSchema.parse({
    name: '2026年专项整治',
    jurisdiction: { id: 'zhongwei', name: '中卫市' },
    agencies: [AGENCY],
    policy: { dayKind: 'working' },
  });
  const { settings, refusal } = settleDefinition(def, now);
  expect(refusal).toBeUndefined();
  expect(settings!.calendar.closesAt).toBe('2026-11-30T23:59:59+08:00'); // laid into 2026: its close is ahead
  const campaignId = `c-ts-${randomBytes(4).toString('hex')}`;
  await insertCampaign(campaignId, settings!);

  const taskQueue = `time-skipping-${randomBytes(4).toString('hex')}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! },
    activities: createActivities({ sql, client: env.client, taskQueue, metrics: new WorkerMetrics() }),
  });
  const wallStart = Date.now();
  const agencyState = await worker.runUntil(async () => {
    const input: CampaignWorkflowInput = { campaignId, settings: settings! };
    // The time-skipping client's result() lets the server jump from timer to timer until the campaign closes.
    await env.client.workflow.execute('campaignWorkflow', {
      workflowId: workflowIds.campaign(campaignId),
      taskQueue,
      args: [input],
    });
    return env.client.workflow.getHandle(workflowIds.agency(campaignId, AGENCY.id)).query(agencyStateQuery);
  });
  const wallSeconds = (Date.now() - wallStart) / 1000;

  // Every step, per deliverable, in the order taken: [type, step, local day]: reminders at 09:00, escalations 23:59:59.
  const taken = Object.fromEntries(
    agencyState.deliverables.map((d) => [
      d.code,
      d.taken.map((t) => [t.type, t.step, localDay(t.scheduledFor).toISODate()]),
    ]),
  );
  expect(taken).toEqual(EXPECTED);
  for (const d of agencyState.deliverables) {
    for (const t of d.taken)
      expect(localDay(t.scheduledFor).toFormat('HH:mm:ss')).toBe(t.type === 'reminder' ? '09:00:00' : '23:59:59');
  }
  // …and what the activities recorded in Postgres: one row a step, at the same instants
  const rows = await sql<{ subject_id: string; step: string; scheduled_for: Date }[]>`
    select subject_id, step, scheduled_for from deadline_events where campaign_id = ${campaignId} order by subject_id, scheduled_for, id`;
  expect(rows.map((r) => [r.subject_id, r.step, localDay(r.scheduled_for).toISODate()])).toEqual(
    Object.entries(EXPECTED)
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([code, steps]) => steps.map(([, step, day]) => [code, step, day])),
  );
  // Six months of campaign ran on the server's clock, which now stands past the close.
  expect(await env.currentTimeMs()).toBeGreaterThan(Date.parse('2026-11-30T23:59:59+08:00'));
  process.stdout.write(`a whole 2026 campaign ran in ${wallSeconds.toFixed(1)} s of wall time\n`);
}, 600_000);
