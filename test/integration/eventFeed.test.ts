import { useHarness } from '../support/harness';
import { SECONDS_POLICY, agencies, compressedCalendar, createCampaign, eventually, sleep } from '../support/campaigns';

/**
 * The escalation feed (GET /v1/campaigns/:id/events) filtered, paged and exported: three agencies that hand in nothing
 * miss D1–D3 in seconds, so the feed fills with reminders and escalations on its own. A fixed `until` in the past
 * freezes the set each check reads, while the campaign goes on adding steps.
 */
describe('the escalation feed: filters, paging, CSV', () => {
  const t = useHarness();
  const three = agencies(3);
  let campaignId: string;
  let frozenAt: string;
  type Ev = {
    id: string;
    type: string;
    step: string;
    agencyId: string | null;
    agencyName: string | null;
    occurredAt: string;
    subject: { kind: string; id: string };
  };
  const feed = async (query: string) => {
    const res = await t.http.get(`/v1/campaigns/${campaignId}/events?${query}`, t.bureau);
    expect(res.status).toBe(200);
    return res.body as { items: Ev[]; nextCursor: string | null };
  };
  /** Every page, following nextCursor. */
  const walk = async (query: string, limit: number) => {
    const pages: Ev[][] = [];
    let cursor: string | null = null;
    do {
      const page = await feed(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return pages;
  };

  beforeAll(async () => {
    campaignId = await createCampaign(t.http, t.bureau, {
      agencies: three,
      calendar: compressedCalendar(Date.now()),
      policy: SECONDS_POLICY,
    });
    // Each agency's D1–D3: two reminders, overdue, notice, listed — 45 steps by about 20 s after launch.
    await eventually(
      'the listed-supervision steps of D1–D3 of all three agencies',
      async () => (await feed('step=listed_supervision&limit=50')).items.length >= 9,
      60_000,
    );
    await sleep(1000);
    frozenAt = new Date(Date.now() - 500).toISOString();
  }, 90_000);

  test('pages of 7 cover the frozen feed once each, newest first, with the agency named', async () => {
    const all = (await feed(`until=${frozenAt}&limit=500`)).items;
    expect(all.length).toBeGreaterThanOrEqual(45);
    const pages = await walk(`until=${frozenAt}`, 7);
    expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    const ids = pages.flat().map((e) => e.id);
    expect(ids).toEqual(all.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => b - a));
    const names = new Map(three.map((a) => [a.id, a.name]));
    for (const e of all) expect(e.agencyName).toBe(names.get(e.agencyId!));
  });

  test('type, step, agency and time filters select exactly the matching steps', async () => {
    const all = (await feed(`until=${frozenAt}&limit=500`)).items;
    const pick = (f: (e: Ev) => boolean) => all.filter(f).map((e) => e.id);
    const ids = async (q: string) => (await feed(`until=${frozenAt}&limit=500&${q}`)).items.map((e) => e.id);

    expect(await ids('type=reminder')).toEqual(pick((e) => e.type === 'reminder'));
    // The plan's ladder in seconds: reminders 4 s and 2 s before each deadline, then overdue, notice, listed.
    for (const step of ['PT4S', 'PT2S', 'overdue', 'supervision_notice', 'listed_supervision']) {
      const got = await ids(`step=${step}`);
      expect(got).toEqual(pick((e) => e.step === step));
      expect(got.length).toBeGreaterThanOrEqual(9); // 3 agencies × D1–D3
    }
    const first = three[0].id;
    expect(await ids(`agencyId=${first}&type=escalation`)).toEqual(
      pick((e) => e.agencyId === first && e.type === 'escalation'),
    );
    expect(await ids(`agencyId=${first}&step=overdue&subjectKind=deliverable`)).toHaveLength(
      pick((e) => e.agencyId === first && e.step === 'overdue').length,
    );

    // A window in the middle: since included, until excluded.
    const times = all.map((e) => Date.parse(e.occurredAt)).sort((a, b) => a - b);
    const since = new Date(times[Math.floor(times.length / 3)]).toISOString();
    const until = new Date(times[Math.floor((2 * times.length) / 3)]).toISOString();
    const windowed = (await feed(`since=${since}&until=${until}&limit=500`)).items;
    expect(windowed.map((e) => e.id)).toEqual(
      pick((e) => Date.parse(e.occurredAt) >= Date.parse(since) && Date.parse(e.occurredAt) < Date.parse(until)),
    );
    expect(windowed.length).toBeGreaterThan(0);
  });

  test('a filter the feed cannot apply is refused with its reason in Chinese, never ignored', async () => {
    const refused = async (q: string, reason: RegExp) => {
      const res = await t.http.get(`/v1/campaigns/${campaignId}/events?${q}`, t.bureau);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error)).toMatch(reason);
    };
    await refused('type=warning', /类型只能是/);
    await refused('step=nonsense', /步骤须为/);
    await refused('step=reminder', /步骤须为/);
    await refused('since=yesterday', /起始时间须为带时区的时间/);
    await refused('until=2027-03-01', /截止时间须为带时区的时间/);
    await refused(`since=${frozenAt}&until=${frozenAt}`, /截止时间须晚于起始时间/);
    await refused('agencyId=%E6%9C%BA%E5%85%B3', /./); // not an id
    await refused('cursor=%E2%9C%93', /cursor/);
  });

  test('the CSV export holds every step the same filters select, under Chinese headers', async () => {
    const res = await fetch(
      `${t.h.api.url}/v1/campaigns/${campaignId}/events.csv?until=${encodeURIComponent(frozenAt)}&agencyId=${three[1].id}`,
      {
        headers: { authorization: `Bearer ${t.bureau}` },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark, for Excel
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('发生时间,类型,步骤,机关,机关代码,事项类型,事项,期限,文号,未发送（期限已过）');
    const json = (await feed(`until=${frozenAt}&agencyId=${three[1].id}&limit=500`)).items;
    expect(lines.length - 1).toBe(json.length);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => r[0])).toEqual(json.map((e) => e.occurredAt));
    expect(new Set(rows.map((r) => r[3]))).toEqual(new Set([three[1].name]));
    const steps = new Set(rows.map((r) => `${r[1]}/${r[2]}`));
    for (const s of [
      '提醒/提醒（提前4秒）',
      '提醒/提醒（提前2秒）',
      '督办/逾期（慢作为）',
      '督办/督办通知',
      '督办/挂牌督办',
    ])
      expect(steps).toContain(s);
    // Bad filters are refused here too.
    const bad = await fetch(`${t.h.api.url}/v1/campaigns/${campaignId}/events.csv?step=nonsense`, {
      headers: { authorization: `Bearer ${t.bureau}` },
    });
    expect(bad.status).toBe(400);
  });
});
