import { createLogger } from '../../config/logger';
import { revokeApiKey } from '../../api/keys';
import { startApiServer, type ApiServer } from '../../api/server';
import { useHarness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { agencies, createCampaign, createKey, eventually, openCalendar } from '../support/campaigns';

/**
 * The API keeps hot reads in memory (api/caches.ts) and the change feed (api/changeFeed.ts) keeps them true. This
 * suite runs a second API process-alike whose reads live a minute in memory, so that only a change notice, never an
 * expiry, can explain a fresh answer.
 */
describe('reads from memory stay true', () => {
  const t = useHarness();
  let api: ApiServer;
  let http: HttpClient;
  let campaignId: string;
  const ids = agencies(3).map((a) => a.id);

  /** A write that notifies no one: session_replication_role=replica keeps the triggers of migration 00008 quiet. */
  const quietly = (run: (tx: typeof t.h.sql) => Promise<unknown>) =>
    t.h.sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await run(tx as never);
    });
  const nameInList = async (agencyId: string) => {
    const res = await http.get(`/v1/campaigns/${campaignId}/agencies?limit=50`, t.bureau);
    expect(res.status).toBe(200);
    return (res.body.items as { id: string; name: string }[]).find((a) => a.id === agencyId)?.name;
  };

  beforeAll(async () => {
    api = await startApiServer({
      config: {
        TEMPORAL_ADDRESS: t.h.temporalAddress,
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_TASK_QUEUE: t.h.taskQueue,
        HOST: '127.0.0.1',
        READ_CACHE_MS: 60_000,
      },
      port: 0,
      sql: t.h.sql,
      databaseUrl: t.h.databaseUrl,
      log: createLogger({ LOG_LEVEL: 'silent' }, 'test'),
      bootstrapAdminToken: t.h.adminToken,
    });
    http = httpClient(api.url);
    campaignId = await createCampaign(t.http, t.bureau, { agencies: agencies(3), calendar: openCalendar() });
    // Settled: every agency's first projection written, so no workflow writes to the campaign during the tests.
    await eventually('every agency projected', async () => {
      const [{ n }] = await t.h.sql<
        { n: number }[]
      >`select count(*)::int as n from agencies where campaign_id = ${campaignId} and state_version > 0`;
      return n === 3;
    });
    await eventually(
      'the change feed to listen',
      async () => (await t.h.sql`select 1 from pg_stat_activity where query like 'listen %'`).length > 0,
    );
  });
  afterAll(() => api?.close());

  test('a campaign read is answered from memory until something in the campaign changes, and then at once', async () => {
    expect(await nameInList(ids[0])).toBe('执法机关1');
    await quietly(
      (tx) => tx`update agencies set name = '悄悄改名' where campaign_id = ${campaignId} and id = ${ids[0]}`,
    );
    expect(await nameInList(ids[0])).toBe('执法机关1'); // from memory: nothing said the campaign changed

    await t.h.sql`update agencies set name = '公开改名' where campaign_id = ${campaignId} and id = ${ids[1]}`;
    await eventually('the notice to reach the API', async () => (await nameInList(ids[1])) === '公开改名', 5000);
    expect(await nameInList(ids[0])).toBe('悄悄改名'); // the whole campaign was forgotten, not just one row
  });

  test('a key revoked straight in Postgres (as the CLI does) is refused by an API that had it in memory', async () => {
    const agencyToken = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: ids[2] });
    expect((await http.get('/v1/me', agencyToken)).status).toBe(200);
    const keyId = /^rk_([0-9a-f]+)_/.exec(agencyToken)![1];
    await revokeApiKey(t.h.sql, keyId);
    const refused = await eventually(
      'the revocation to reach the API',
      async () => {
        const res = await http.get('/v1/me', agencyToken);
        return res.status === 401 && res;
      },
      5000,
    );
    expect(refused.body.error.message).toBe('this key has been revoked');
  });

  test('when its listening connection is lost, the API forgets everything and reads Postgres until it listens again', async () => {
    expect(await nameInList(ids[2])).toBe('执法机关3');
    await t.h.sql`select pg_terminate_backend(pid) from pg_stat_activity where query like 'listen %'`;
    await quietly(
      (tx) => tx`update agencies set name = '断线时改名' where campaign_id = ${campaignId} and id = ${ids[2]}`,
    );
    // A notice sent while no one listened is lost; the caches were dropped, so the read goes to Postgres.
    await eventually('the read to bypass memory', async () => (await nameInList(ids[2])) === '断线时改名', 5000);
    await eventually(
      'the change feed to listen again',
      async () => (await t.h.sql`select 1 from pg_stat_activity where query like 'listen %'`).length > 0,
    );
  });
});
