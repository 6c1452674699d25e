import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { useHarness } from '../support/harness';
import { SECONDS_POLICY, agencies, createCampaign, createKey, eventually, openCalendar } from '../support/campaigns';
import { workflowIds } from '../../domain/contract';

/**
 * An item's history grows linearly with its actions: an update answers with a small receipt, never the whole state
 * (whose own history grows with every action, so storing it in every update's completion grew the history
 * quadratically). Temporal's limits are 51,200 events and 50 MB per history, and it warns from 10,240 events and
 * 10 MB; the product's bound is 10,000 events and 2 MB for 200 actions. docs/BENCHMARKS.md reports the figures.
 */
const ACTIONS = 200;
const EVIDENCE = [{ title: '整改报告', url: 'https://example.gov.cn/zg/1' }];

describe('history size of a ledger item', () => {
  const t = useHarness();
  const [agency] = agencies(1);

  test(`an item with ${ACTIONS} actions stays under 10,000 events and 2 MB of history`, async () => {
    const agencyKey = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: agency.id });
    const campaignId = await createCampaign(t.http, t.bureau, {
      agencies: [agency],
      calendar: openCalendar(),
      policy: { ...SECONDS_POLICY, itemDue: { immediate: 'PT1H', disciplinary_lead: 'PT1H' } },
    });
    await eventually(
      'the agency workflow',
      async () => (await t.http.get(`/v1/campaigns/${campaignId}/agencies/${agency.id}`, t.bureau)).body.started,
      60_000,
    );
    const created = await t.http.post(
      `/v1/campaigns/${campaignId}/agencies/${agency.id}/items`,
      {
        checklistCode: 'B4',
        source: 'petition_report',
        description: '群众反映办事推诿',
        severity: 'general',
        classification: 'immediate',
      },
      agencyKey,
    );
    expect(created.status).toBe(201);
    const id = created.body.id;

    // start, then submit and reject in turn: every action a real one, each recorded in the item's history
    const plan = [{ body: { action: 'start' }, token: agencyKey }];
    while (plan.length < ACTIONS) {
      plan.push({
        body: { action: 'submit', note: `第${plan.length}次整改`, evidence: EVIDENCE } as never,
        token: agencyKey,
      });
      if (plan.length < ACTIONS)
        plan.push({ body: { action: 'reject', reason: `第${plan.length}次退回：证据不足` } as never, token: t.bureau });
    }
    for (const step of plan) {
      const res = await t.http.post(`/v1/items/${id}/actions`, step.body, step.token);
      expect([res.status, res.body.error]).toEqual([200, undefined]);
    }
    const item = await t.http.get(`/v1/items/${id}`, t.bureau);
    expect(item.body.history).toHaveLength(ACTIONS + 1); // and the creation

    const connection = await Connection.connect({ address: t.h.temporalAddress });
    try {
      const client = new Client({ connection });
      const history = await client.workflow.getHandle(workflowIds.item(id)).fetchHistory();
      const events = history.events?.length ?? 0;
      const bytes = temporal.api.history.v1.History.encode(history).finish().length;
      process.stdout.write(
        `history of an item after ${ACTIONS} actions: ${events} events, ${(bytes / 1024).toFixed(0)} KiB\n`,
      );
      expect(events).toBeLessThan(10_000);
      expect(bytes).toBeLessThan(2 * 1024 * 1024);
    } finally {
      await connection.close();
    }
  });
});
