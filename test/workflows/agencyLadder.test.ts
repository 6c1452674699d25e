import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { DeadlineStepRecord, RecordedStep, ReturnRecord, SubmissionRecord } from '../../activities/types';
import { PolicySchema, type CampaignSettings } from '../../domain/campaign';
import {
  agencyStateQuery,
  returnDeliverableUpdate,
  submitDeliverableUpdate,
  workflowIds,
  type AgencyWorkflowInput,
} from '../../domain/contract';
import { DEFAULT_POLICY } from '../../domain/template';
import { indexedTypes } from '../../stack/temporalNamespace';
import { timeSkippingServerExecutable } from '../../stack/timeSkippingServer';

/**
 * The agency workflow's ladder logic alone: the real workflow code on Temporal's time-skipping test server, its
 * activities replaced by recorders, so no PostgreSQL and no dev server are needed and days pass in milliseconds
 * (`npm run test:unit`). What the activities do with a step is tested against the real database elsewhere
 * (test/integration/); here the question is which steps the workflow takes, when, and when it stops.
 *
 * The calendar is hand-made: the campaign opens 2027-03-01 09:00 Beijing time, D1 is due 2027-03-10 18:00. The ladder
 * is counted in hours, so each expected instant is the due instant minus or plus whole hours, worked out below by hand.
 */
const OPENS = '2027-03-01T09:00:00+08:00';
const D1_DUE = '2027-03-10T18:00:00+08:00';
const FAR = '2027-08-31T18:00:00+08:00';
const POLICY = PolicySchema.parse({
  ...structuredClone(DEFAULT_POLICY),
  reminders: ['PT48H', 'PT2H'],
  escalation: [
    { after: 'PT0S', action: 'overdue' },
    { after: 'PT72H', action: 'supervision_notice' },
    { after: 'PT240H', action: 'listed_supervision' },
  ],
  warnWithin: 'PT48H',
});
const SETTINGS: CampaignSettings = {
  policy: POLICY,
  calendar: {
    timeZone: 'Asia/Shanghai',
    phases: [
      { key: 'deployment', startsAt: OPENS, endsAt: '2027-04-30T18:00:00+08:00' },
      { key: 'self_inspection', startsAt: '2027-05-01T09:00:00+08:00', endsAt: '2027-06-30T18:00:00+08:00' },
      { key: 'consolidation', startsAt: '2027-07-01T09:00:00+08:00', endsAt: '2027-07-31T18:00:00+08:00' },
      { key: 'spot_check', startsAt: '2027-08-01T09:00:00+08:00', endsAt: FAR },
    ],
    deadlines: { D1: D1_DUE, D2: FAR, D3: FAR, D4: FAR, D5: FAR, D6: FAR, D7: FAR, D8: FAR },
    closesAt: '2027-09-30T18:00:00+08:00',
  },
} as CampaignSettings;

/** D1's ladder by hand: 48 h and 2 h before 03-10 18:00, overdue at it, notice 72 h and listing 240 h after it. */
const D1_LADDER = [
  ['reminder', 'PT48H', '2027-03-08T10:00:00.000Z'], // 03-08 18:00 +08:00
  ['reminder', 'PT2H', '2027-03-10T08:00:00.000Z'], // 03-10 16:00
  ['escalation', 'overdue', '2027-03-10T10:00:00.000Z'], // 03-10 18:00
  ['escalation', 'supervision_notice', '2027-03-13T10:00:00.000Z'], // 03-13 18:00
  ['escalation', 'listed_supervision', '2027-03-20T10:00:00.000Z'], // 03-20 18:00
];

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this process
}

// A server per test: each starts its clock on 2027-02-28, the day before the campaign opens.
let env: TestWorkflowEnvironment;
beforeEach(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: timeSkippingServerExecutable() },
      extraArgs: ['--start-at', new Date('2027-02-28T09:00:00+08:00').toISOString()],
    },
  });
  await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: indexedTypes() });
}, 300_000);
afterEach(async () => {
  await env?.teardown();
});

/** Activities that record what the workflow asked of them and answer as the real ones would. */
function recordingActivities() {
  const steps: DeadlineStepRecord[] = [];
  const submissions: SubmissionRecord[] = [];
  const returns: ReturnRecord[] = [];
  let serial = 0;
  const activities: Partial<Activities> = {
    async recordDeadlineStep(rec: DeadlineStepRecord): Promise<RecordedStep> {
      steps.push(rec);
      serial += 1;
      return {
        occurredAt: rec.scheduledFor,
        noticeNumber: rec.step === 'supervision_notice' ? `卫法督〔2027〕${serial}号` : null,
      };
    },
    async projectAgency() {},
    async recordSubmission(rec: SubmissionRecord) {
      submissions.push(rec);
    },
    async recordReturn(rec: ReturnRecord) {
      returns.push(rec);
    },
  };
  return { activities, steps, submissions, returns };
}

const d1Steps = (steps: DeadlineStepRecord[]) =>
  steps.filter((s) => s.subject.id === 'D1').map((s) => [s.type, s.step, s.scheduledFor]);

async function runAgency(
  body: (workflowId: string, recorded: ReturnType<typeof recordingActivities>) => Promise<void>,
) {
  const recorded = recordingActivities();
  const taskQueue = `unit-agency-${randomBytes(4).toString('hex')}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    activities: recorded.activities,
  });
  const campaignId = `c-unit-${randomBytes(4).toString('hex')}`;
  const input: AgencyWorkflowInput = {
    campaignId,
    agency: { id: 'city-market', name: '中卫市市场监督管理局', jurisdictionId: 'zhongwei' },
    settings: SETTINGS,
  };
  const workflowId = workflowIds.agency(campaignId, input.agency.id);
  await worker.runUntil(async () => {
    await env.client.workflow.start('agencyWorkflow', { workflowId, taskQueue, args: [input] });
    await body(workflowId, recorded);
  });
  return recorded;
}

test('an unmet deliverable climbs its whole ladder, each step once, at the hand-computed instants', async () => {
  const { steps } = await runAgency(async (workflowId) => {
    await env.sleep('30 days'); // to 03-30: past the listing (03-20), well before the next deadline (08-31)
    const state = await env.client.workflow.getHandle(workflowId).query(agencyStateQuery);
    const d1 = state.deliverables.find((d) => d.code === 'D1')!;
    expect(d1.listed).toBe(true);
    expect(d1.taken.find((t) => t.step === 'supervision_notice')?.noticeNumber).toMatch(/^卫法督〔2027〕\d+号$/);
  });
  expect(d1Steps(steps)).toEqual(D1_LADDER);
}, 180_000);

test('a submission before the deadline stops the ladder at once; a return re-arms it from the new deadline', async () => {
  const { steps, submissions, returns } = await runAgency(async (workflowId, { steps }) => {
    const handle = env.client.workflow.getHandle(workflowId);
    await env.sleep('9 days'); // from 02-28 09:00 to 03-09 09:00: the 48-hour reminder (03-08 18:00) was sent, nothing else
    const by = { keyId: 'k-clerk', name: '王文书 (clerk)', role: 'agency' } as const;
    await handle.executeUpdate(submitDeliverableUpdate, { args: [{ code: 'D1', body: { measures: '措施' }, by }] });
    await env.sleep('20 days'); // 03-29 09:00: past every escalation the ladder would have taken
    expect(d1Steps(steps)).toEqual(D1_LADDER.slice(0, 1));
    // 退回 with a new deadline 2027-04-10 18:00: reminders 48 h and 2 h before it, overdue at it
    await handle.executeUpdate(returnDeliverableUpdate, {
      args: [{ code: 'D1', reason: '措施不具体', dueAt: '2027-04-10T18:00:00+08:00', by }],
    });
    await env.sleep('13 days'); // 04-11 09:00, past the new deadline's overdue, before its notice (04-13)
  });
  expect(submissions.map((s) => [s.code, s.late])).toEqual([['D1', false]]);
  expect(returns.map((r) => [r.code, r.reason])).toEqual([['D1', '措施不具体']]);
  expect(d1Steps(steps)).toEqual([
    D1_LADDER[0],
    ['reminder', 'PT48H', '2027-04-08T10:00:00.000Z'], // 04-08 18:00
    ['reminder', 'PT2H', '2027-04-10T08:00:00.000Z'], // 04-10 16:00
    ['escalation', 'overdue', '2027-04-10T10:00:00.000Z'], // 04-10 18:00
  ]);
}, 180_000);
