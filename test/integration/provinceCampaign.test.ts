import { Client, Connection } from '@temporalio/client';
import { useHarness } from '../support/harness';
import { JURISDICTION, agencies, openCalendar } from '../support/campaigns';
import { workflowIds } from '../../domain/contract';

/**
 * A province's campaign (10,000 agencies, a definition of more than 2 MB) is created by its workflow like any other:
 * Temporal refuses a payload over 2 MB (the dev server's and the default production blob limit), so the workflow is
 * started with the digest of the definition the API kept, and its first task writes the 10,000 agency rows.
 */
const AGENCIES = 10_000;
const TEMPORAL_BLOB_LIMIT = 2 * 1024 * 1024;

describe('a campaign of 10,000 agencies', () => {
  const t = useHarness();
  let connection: Connection;
  beforeAll(async () => {
    connection = await Connection.connect({ address: t.h.temporalAddress });
  });
  afterAll(() => connection?.close());

  test('is created from a definition larger than a workflow input may be, and its workflow writes every agency', async () => {
    const definition = {
      name: '全省行政执法不作为慢作为乱作为专项整治（规模测试）',
      jurisdiction: JURISDICTION,
      agencies: agencies(AGENCIES).map((a) => ({
        ...a,
        name: `${a.name}（综合行政执法大队）`,
        contact: { ...a.contact, post: '法制审核科科长' },
      })),
      calendar: openCalendar(),
    };
    expect(Buffer.byteLength(JSON.stringify(definition))).toBeGreaterThan(TEMPORAL_BLOB_LIMIT);
    const res = await t.http.post('/v1/campaigns', definition, t.bureau);
    expect([res.status, res.body.error]).toEqual([201, undefined]);
    const id = res.body.id as string;
    const handle = new Client({ connection }).workflow.getHandle(workflowIds.campaign(id));
    // the fan-out of 10,000 agency workflows is another test's subject (bench/): stopped here
    await handle.terminate('the rows were the subject of this test');
    const [{ n }] = await t.h.sql<{ n: number }[]>`select count(*)::int as n from agencies where campaign_id = ${id}`;
    expect(n).toBe(AGENCIES);
    const [first] = (await handle.fetchHistory()).events!;
    const input = first.workflowExecutionStartedEventAttributes!.input!.payloads![0].data!;
    expect(input.length).toBeLessThan(8 * 1024); // the digest and the settings, not the agencies
  }, 180_000);
});
