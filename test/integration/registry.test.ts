import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { SECONDS_POLICY, createKey, eventually, openCalendar } from '../support/campaigns';
import { rosterXlsx, upload, zipBomb } from '../support/roster';

/**
 * The organisation registry (SPEC §10) as bureaus use it: the city keeps the tree, each county its own agencies,
 * and what a campaign may name, who reads a complaint, and what the audit view shows all follow the registry.
 *
 *   city ─┬─ countyA ── police (A's agency)
 *         └─ countyB ── tax    (B's agency)
 */
describe('the organisation registry', () => {
  let h: Harness;
  let http: HttpClient;
  const u = randomBytes(3).toString('hex'); // ids of this run only: the database is shared by the whole test run
  const J = { city: `rg${u}-city`, a: `rg${u}-a`, b: `rg${u}-b` };
  const police = { id: `rg${u}-a-police`, name: `甲县公安局${u}`, jurisdictionId: J.a };
  const tax = { id: `rg${u}-b-tax`, name: `乙县税务局${u}`, jurisdictionId: J.b };
  let city: string, countyA: string, countyB: string, policeKey: string;
  let campaignA: string;

  beforeAll(async () => {
    h = await startHarness();
    http = httpClient(h.api.url);
    city = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: J.city });
    countyA = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: J.a });
    countyB = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: J.b });
    policeKey = await createKey(http, h.adminToken, { role: 'agency', agencyId: police.id });
  });
  afterAll(() => h.close());

  const campaign = (name: string, root: { id: string; name: string; children?: unknown[] }, agencies: unknown[]) => ({
    name,
    jurisdiction: root,
    agencies,
    calendar: openCalendar(),
    policy: SECONDS_POLICY,
  });

  test('the admin plants the city, the city its counties; a county keeps neither its own node nor its neighbour', async () => {
    expect((await http.put(`/v1/jurisdictions/${J.city}`, { name: '甲市', parentId: null }, h.adminToken)).status).toBe(
      201,
    );
    expect((await http.put(`/v1/jurisdictions/${J.city}`, { name: '甲市', parentId: null }, city)).status).toBe(403);
    expect((await http.put(`/v1/jurisdictions/${J.a}`, { name: '甲县', parentId: J.city }, city)).status).toBe(201);
    expect(
      (await http.put(`/v1/jurisdictions/${J.b}`, { name: '乙县', parentId: J.city, noticePrefix: '乙法督' }, city))
        .body,
    ).toEqual({
      id: J.b,
      name: '乙县',
      parentId: J.city,
      path: [J.city, J.b],
      noticePrefix: '乙法督',
      documentCodes: null,
    });
    const refused = await http.put(`/v1/jurisdictions/${J.a}`, { name: '乙县的甲县', parentId: J.b }, countyB);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'outside_scope', details: [J.a] });
    // a node cannot go under itself
    expect((await http.put(`/v1/jurisdictions/${J.city}`, { name: '甲市', parentId: J.a }, h.adminToken)).status).toBe(
      422,
    );
    const tree = await http.get('/v1/jurisdictions', countyA);
    expect(tree.body.items.map((j: { id: string }) => j.id)).toEqual([J.a]);
  });

  test('each county registers its own agencies; another county cannot take or move them', async () => {
    expect(
      (
        await http.put(
          `/v1/agencies/${police.id}`,
          { name: police.name, jurisdictionId: J.a, creditCode: '914403001922038216' },
          countyA,
        )
      ).status,
    ).toBe(201);
    expect((await http.put(`/v1/agencies/${tax.id}`, { name: tax.name, jurisdictionId: J.b }, countyB)).status).toBe(
      201,
    );
    const grab = await http.put(`/v1/agencies/${police.id}`, { name: police.name, jurisdictionId: J.b }, countyB);
    expect(grab.status).toBe(403);
    expect(grab.body.error.details).toEqual([police.id]);
    const badCode = await http.put(
      `/v1/agencies/${tax.id}`,
      { name: tax.name, jurisdictionId: J.b, creditCode: '914403001922038217' },
      countyB,
    );
    expect(badCode.status).toBe(400);
    expect(badCode.text).toContain('校验位不符');
    const taken = await http.put(
      `/v1/agencies/${tax.id}`,
      { name: tax.name, jurisdictionId: J.b, creditCode: '914403001922038216' },
      countyB,
    );
    expect(taken.status).toBe(409);
    // the county sees its own, the city both
    expect((await http.get('/v1/agencies', countyB)).body.items.map((a: { id: string }) => a.id)).toEqual([tax.id]);
    expect(
      (await http.get(`/v1/agencies?jurisdictionId=${J.city}&limit=10`, city)).body.items.map(
        (a: { id: string }) => a.id,
      ),
    ).toEqual([police.id, tax.id]);
    // the public finds an agency by any part of its name
    const found = await http.get(`/v1/public/agencies?q=${encodeURIComponent('公安局' + u)}`);
    // each entry with its place from the root down, so two agencies of one name tell apart (SPEC §15)
    expect(found.body.items).toEqual([
      { id: police.id, name: police.name, jurisdictionName: '甲县', jurisdictionPath: ['甲市', '甲县'] },
    ]);
  });

  test("county B cannot put county A's agency into its campaign: 403 outside_scope naming it, nothing created", async () => {
    const before = (await h.sql<{ n: number }[]>`select count(*)::int as n from campaigns`)[0].n;
    const res = await http.post(
      '/v1/campaigns',
      campaign('乙县专项整治', { id: J.b, name: '乙县' }, [tax, { ...police, jurisdictionId: J.b }]),
      countyB,
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'outside_scope', details: [police.id] });
    // nor name county A itself in its tree
    const tree = await http.post(
      '/v1/campaigns',
      campaign('乙县专项整治', { id: J.b, name: '乙县', children: [{ id: J.a, name: '甲县' }] }, [tax]),
      countyB,
    );
    expect(tree.body.error).toMatchObject({ code: 'outside_scope', details: [J.a] });
    expect((await h.sql<{ n: number }[]>`select count(*)::int as n from campaigns`)[0].n).toBe(before);
  });

  test('ids the registry lacks are registered under the creating bureau', async () => {
    const fresh = { id: `rg${u}-b-new`, name: `乙县新机构${u}`, jurisdictionId: `rg${u}-b-town` };
    const res = await http.post(
      '/v1/campaigns',
      campaign('乙县专项整治', { id: J.b, name: '乙县', children: [{ id: `rg${u}-b-town`, name: '乙镇' }] }, [
        tax,
        fresh,
      ]),
      countyB,
    );
    expect(res.status).toBe(201);
    const [town] = await h.sql`select parent_id, path from org_jurisdictions where id = ${`rg${u}-b-town`}`;
    expect(town).toEqual({ parent_id: J.b, path: [J.city, J.b, `rg${u}-b-town`] });
    const [agency] = await h.sql`select jurisdiction_id from org_agencies where id = ${fresh.id}`;
    expect(agency.jurisdiction_id).toBe(`rg${u}-b-town`);
  });

  test("complaints about A's agency, and its audit trail, stay with A and the city", async () => {
    const created = await http.post(
      '/v1/campaigns',
      campaign('甲县专项整治', { id: J.a, name: '甲县' }, [police]),
      countyA,
    );
    expect(created.status).toBe(201);
    campaignA = created.body.id;
    const filed = await http.post('/v1/complaints', {
      channel: 'web',
      kind: 'slow_action',
      description: '办证拖延',
      agencyId: police.id,
      contact: { name: '王先生', phone: '13800000000' },
    });
    expect(filed.status).toBe(201);
    const [row] =
      await h.sql`select id, campaign_id, jurisdiction_id from complaints where tracking_code = ${filed.body.trackingCode}`;
    expect(row).toMatchObject({ campaign_id: campaignA, jurisdiction_id: J.a });
    const queue = async (token: string) =>
      (await http.get('/v1/complaints?limit=500', token)).body.items.map((c: { id: string }) => c.id);
    expect(await queue(countyA)).toContain(row.id);
    expect(await queue(city)).toContain(row.id);
    expect(await queue(countyB)).not.toContain(row.id);
    expect((await http.get(`/v1/complaints/${row.id}`, countyB)).status).toBe(404);

    // a complaint naming no agency is not county B's to read either
    const anonymous = await http.post('/v1/complaints', {
      channel: 'web',
      kind: 'inaction',
      description: '没写机关名称',
    });
    const [free] =
      await h.sql`select id, jurisdiction_id from complaints where tracking_code = ${anonymous.body.trackingCode}`;
    expect(await queue(countyB)).not.toContain(free.id);

    // A's agency acts in A's campaign: A's bureau sees it in the audit view, B's does not
    const act = await http.post(
      `/v1/campaigns/${campaignA}/agencies/${police.id}/items`,
      {
        checklistCode: 'B3',
        source: 'self_found',
        description: '未公示流程图',
        severity: 'general',
        classification: 'immediate',
      },
      policeKey,
    );
    expect(act.status).toBe(201);
    const audit = async (token: string) =>
      (await http.get('/v1/audit?limit=500', token)).body.items.filter(
        (e: { keyId: string }) => e.keyId === keyIdOf(policeKey),
      );
    expect(await audit(countyA)).not.toHaveLength(0);
    expect(await audit(countyB)).toHaveLength(0);
    // nor does any notice of A's campaign reach B's subtree
    const notices =
      await h.sql`select count(*)::int as n from notification_deliveries where campaign_id = ${campaignA} and jurisdiction_id in (select id from org_jurisdictions where ${J.b} = any(path))`;
    expect(notices[0].n).toBe(0);
  });

  test('a complaint that named its agency only in words is attached to it and can then be concluded as substantiated', async () => {
    // the city's own campaign, the newest at the top of the registry, receives complaints that name no registry agency
    const cityCampaign = await http.post(
      '/v1/campaigns',
      campaign(
        '甲市专项整治',
        {
          id: J.city,
          name: '甲市',
          children: [
            { id: J.a, name: '甲县' },
            { id: J.b, name: '乙县' },
          ],
        },
        [police],
      ),
      city,
    );
    expect(cityCampaign.status).toBe(201);
    const filed = await http.post('/v1/complaints', {
      channel: 'web',
      kind: 'slow_action',
      description: '甲县公安局户籍窗口推诿',
      agencyName: '甲县公安局户籍窗口',
    });
    const [row] = await h.sql`select id from complaints where tracking_code = ${filed.body.trackingCode}`;
    // the city investigates a complaint that names no registry agency
    const act = (body: unknown) => http.post(`/v1/complaints/${row.id}/actions`, body, city);
    const conclude = {
      action: 'conclude',
      outcome: 'substantiated',
      summary: '查实推诿',
      suggestion: { target: 'appointing_authority', text: '建议约谈' },
      item: { checklistCode: 'B3', severity: 'general', classification: 'immediate' },
    };
    const dead = await act(conclude);
    expect(dead.status).toBe(422);
    expect(dead.body.error.message).toContain('请先关联机关');
    const [complaint] = await h.sql`select campaign_id, jurisdiction_id from complaints where id = ${row.id}`;
    expect(complaint).toEqual({ campaign_id: cityCampaign.body.id, jurisdiction_id: J.city });
    expect((await act({ action: 'attach_agency', agencyId: tax.id })).status).toBe(422); // not in the city's campaign
    expect((await act({ action: 'attach_agency', agencyId: police.id })).status).toBe(200);
    expect((await act(conclude)).status).toBe(200);
    await eventually('the projection names the agency', async () => {
      const [r] = await h.sql`select agency_id, agency_name, item_id from complaints where id = ${row.id}`;
      return r.agency_id === police.id && r.item_id ? r : null;
    });
  });

  describe('roster import', () => {
    const header = [
      '机构编号',
      '机构名称',
      '所属辖区编号',
      '统一社会信用代码',
      '联系人',
      '职务',
      '联系电话',
      '电子邮箱',
    ];
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => [
        `rg${u}-imp-${i}`,
        `乙县导入机构${u}-${i}`,
        J.b,
        '',
        `联系人${i}`,
        '',
        '0955-7000000',
        `c${i}@example.gov.cn`,
      ]);
    const imported = async () =>
      (await h.sql<{ n: number }[]>`select count(*)::int as n from org_agencies where id like ${`rg${u}-imp-%`}`)[0].n;
    const send = (data: Buffer, name: string, q = '') =>
      upload(h.api.url, `/v1/agencies/import${q}`, countyB, data, name);

    test('the template downloads with the Chinese headers the import reads', async () => {
      const res = await fetch(`${h.api.url}/v1/agencies/import-template.xlsx`, {
        headers: { authorization: `Bearer ${countyB}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain('filename*=UTF-8');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      expect((wb.worksheets[0].getRow(1).values as string[]).slice(1)).toEqual(header);
    });

    test('a dry run changes nothing; the apply writes every row; a re-import updates in place', async () => {
      const file = await rosterXlsx(rows(3));
      const dry = await send(file, '名录.xlsx', '?dryRun=true');
      expect(dry.body).toEqual({ dryRun: true, applied: false, rows: 3, created: 3, updated: 0, errors: [] });
      expect(await imported()).toBe(0);
      expect((await send(file, '名录.xlsx')).body).toMatchObject({ applied: true, rows: 3, created: 3, updated: 0 });
      const renamed = rows(3);
      renamed[1][1] = '乙县改名机构';
      expect((await send(await rosterXlsx(renamed), '名录.xlsx')).body).toMatchObject({
        applied: true,
        created: 0,
        updated: 3,
      });
      const [r] = await h.sql`select name, contact from org_agencies where id = ${`rg${u}-imp-1`}`;
      expect(r).toEqual({
        name: '乙县改名机构',
        contact: { name: '联系人1', phone: '0955-7000000', email: 'c1@example.gov.cn' },
      });
      expect(await imported()).toBe(3);
    });

    test('CSV as Excel saves it (GB18030) imports too', async () => {
      const csv = [
        header.join(','),
        `rg${u}-imp-csv,乙县CSV机构,${J.b},91330100799655058B,李四,科长,0955-1234567,`,
      ].join('\r\n');
      const res = await send(Buffer.from(new TextEncoder().encode(csv)), '名录.csv', '?dryRun=true');
      expect(res.body).toMatchObject({ rows: 1, created: 1, errors: [] });
    });

    test("every row's problems, in Chinese, by row and column; nothing of the file is written", async () => {
      const bad = rows(5);
      bad[1][0] = bad[0][0]; // duplicate id (row 3 repeats row 2)
      bad[2][3] = '91330100799655058C'; // wrong check character
      bad[3][2] = J.a; // county A's jurisdiction
      bad[4][7] = 'not-an-email';
      const before = await imported();
      const res = await send(await rosterXlsx(bad), '名录.xlsx');
      expect(res.status).toBe(422);
      expect(res.body.applied).toBe(false);
      expect(res.body.errors).toEqual([
        { row: 3, column: '机构编号', message: `机构编号“${bad[0][0]}”与第2行重复` },
        { row: 4, column: '统一社会信用代码', message: '统一社会信用代码校验位不符，请核对是否录入有误' },
        { row: 5, column: '所属辖区编号', message: `辖区“甲县（${J.a}）”不在本单位辖区内` },
        { row: 6, column: '电子邮箱', message: '“not-an-email”不是有效的电子邮箱' },
      ]);
      expect(await imported()).toBe(before);
    });

    test('a sheet with the wrong headers is refused at the header row', async () => {
      const res = await send(await rosterXlsx(rows(2), ['编号', '名称', '辖区']), '名录.xlsx');
      expect(res.status).toBe(422);
      expect(res.body.errors).toContainEqual({ row: 1, column: '机构编号', message: '缺少必填列“机构编号”' });
    });

    test('10 MB of junk, a junk file under the limit, and a zip bomb dressed as .xlsx: clear 4xx, nothing imported', async () => {
      // every file made first: making a bomb takes seconds, and an idle keep-alive connection may close meanwhile
      const [junk10mb, junk200kb] = [randomBytes(10 * 1024 * 1024), randomBytes(200 * 1024)];
      const [honestBomb, lyingBomb] = [zipBomb(100, 100 * 1024 * 1024), zipBomb(100, 1024)];
      const before = await imported();
      const big = await send(junk10mb, '名录.xlsx');
      expect(big.status).toBe(413);
      expect(big.body.error.message).toContain('MB');
      const junk = await send(junk200kb, '名录.xlsx');
      expect(junk.status).toBe(400);
      // 100 MB of zeros whose header says so: refused before anything is inflated
      const honest = await send(honestBomb, '名录.xlsx');
      expect(honest.status).toBe(413);
      expect(honest.body.error.message).toContain('解压后');
      // the same whose header says 1 KB: stopped as it inflates past what it claimed
      const liar = await send(lyingBomb, '名录.xlsx');
      expect(liar.status).toBe(400);
      expect(liar.body.error.message).toContain('损坏');
      expect(await imported()).toBe(before);
      // the server is still there
      expect((await http.get('/healthz')).status).toBe(200);
    });
  });
});

const keyIdOf = (token: string) => token.split('_')[1];
