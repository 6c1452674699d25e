import { Client, Connection } from '@temporalio/client';
import { useHarness } from '../support/harness';
import { createCampaign, eventually } from '../support/campaigns';
import { oneDeadlineCalendar } from '../support/oneDeadline';

/**
 * The workflows carry the custom search attributes an operator filters on (docs/OPERATIONS.md), on whichever server
 * the run uses: the campaign, agency and county at start, and the phase as the calendar moves.
 */
describe('search attributes', () => {
  const t = useHarness();
  let connection: Connection;
  let client: Client;
  beforeAll(async () => {
    connection = await Connection.connect({ address: t.h.temporalAddress });
    client = new Client({ connection, namespace: 'default' });
  });
  afterAll(() => connection?.close());

  test('a county or a campaign finds its workflows, each with its campaign, agency, county and phase', async () => {
    const agencies = [
      { id: 'sa-001', name: '沙坡头区城市管理局', jurisdictionId: 'shapotou' },
      { id: 'sa-002', name: '中宁县市场监督管理局', jurisdictionId: 'zhongning' },
      { id: 'sa-003', name: '中宁县交通运输局', jurisdictionId: 'zhongning' },
    ];
    const id = await createCampaign(t.http, t.bureau, { agencies, calendar: oneDeadlineCalendar(Date.now(), 1200) }); // in the deployment phase (安排部署) for half an hour
    const list = async (query: string) => {
      const found: { workflowId: string; sa: Record<string, unknown> }[] = [];
      for await (const w of client.workflow.list({ query })) {
        found.push({
          workflowId: w.workflowId,
          sa: Object.fromEntries(w.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])),
        });
      }
      return found.sort((a, b) => a.workflowId.localeCompare(b.workflowId));
    };
    // visibility is eventually consistent, on the real server more so; Phase arrives with each workflow's first task
    const all = await eventually(
      'the campaign and its agencies to be listed with their phase',
      async () => {
        const found = await list(`CampaignId = '${id}'`);
        return found.length === 4 && found.every((w) => w.sa.Phase === 'deployment') && found;
      },
      60_000,
    );
    expect(all).toEqual([
      {
        workflowId: `campaign/${id}`,
        sa: expect.objectContaining({ CampaignId: id, JurisdictionId: 'zhongwei', Phase: 'deployment' }),
      },
      ...agencies.map((a) => ({
        workflowId: `campaign/${id}/agency/${a.id}`,
        sa: expect.objectContaining({
          CampaignId: id,
          AgencyId: a.id,
          JurisdictionId: a.jurisdictionId,
          Phase: 'deployment',
        }),
      })),
    ]);
    const county = await list(`CampaignId = '${id}' AND JurisdictionId = 'zhongning'`);
    expect(county.map((w) => w.workflowId)).toEqual([`campaign/${id}/agency/sa-002`, `campaign/${id}/agency/sa-003`]);
  }, 90_000);
});
