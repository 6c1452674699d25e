import { useHarness } from '../support/harness';
import { agencies, createCampaign, createKey, eventually } from '../support/campaigns';
import { jpegPhoto, pngScreenshot, upload } from '../support/files';

/**
 * Evidence files of a ledger item's rectification and of a complaint's investigation (SPEC §12): given by `fileId`,
 * they become the object's, so whoever may read the item or the complaint downloads them byte for byte, and an
 * agency or bureau of another county is told they do not exist (404). Tried on the default campaign of 2027, as a
 * bureau creates it: no calendar, no policy.
 */
async function download(baseUrl: string, id: string, token: string) {
  const res = await fetch(`${baseUrl}/v1/files/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('evidence files follow the ledger item or complaint they are given for', () => {
  const t = useHarness();
  const [shapotouAgency] = agencies(1, 'shapotou');
  const [zhongningAgency] = agencies(1, 'zhongning');
  let campaignId: string;
  let clerk: string;
  let otherCountyAgency: string;
  let countyBureau: string;
  let otherCountyBureau: string;

  beforeAll(async () => {
    campaignId = await createCampaign(t.http, t.bureau, {
      name: '2027年度行政执法领域突出问题专项整治',
      year: 2027,
      agencies: [shapotouAgency, zhongningAgency],
    });
    clerk = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: shapotouAgency.id });
    otherCountyAgency = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: zhongningAgency.id });
    countyBureau = await createKey(t.http, t.h.adminToken, { role: 'bureau', jurisdictionId: 'shapotou' });
    otherCountyBureau = await createKey(t.http, t.h.adminToken, { role: 'bureau', jurisdictionId: 'zhongning' });
    await eventually(
      'the agency workflows',
      async () =>
        (await t.http.get(`/v1/campaigns/${campaignId}/agencies/${shapotouAgency.id}`, t.bureau)).body.started,
    );
  });

  test("a clerk's photo of the rectification becomes the item's: the bureaus above it download it, another county gets 404", async () => {
    const opened = await t.http.post(
      `/v1/campaigns/${campaignId}/agencies/${shapotouAgency.id}/items`,
      {
        checklistCode: 'B3',
        source: 'self_found',
        description: '办事大厅未公示执法流程图',
        severity: 'general',
        classification: 'immediate',
      },
      clerk,
    );
    expect(opened.status).toBe(201);
    const itemId = opened.body.id as string;
    expect(
      (await t.http.post(`/v1/items/${itemId}/actions`, { action: 'start', note: '开始整改' }, clerk)).status,
    ).toBe(200);

    const photo = await upload(t.h.api.url, { bytes: jpegPhoto(), name: '流程图上墙照片.jpg', token: clerk });
    expect(photo.status).toBe(201);
    const fileId = photo.body.id as string;
    // Not yet given: the clerk's alone.
    expect((await download(t.h.api.url, fileId, t.bureau)).status).toBe(404);
    // Another county's clerk cannot pass it off as its own evidence on its own item.
    const theirs = await t.http.post(
      `/v1/campaigns/${campaignId}/agencies/${zhongningAgency.id}/items`,
      {
        checklistCode: 'B3',
        source: 'self_found',
        description: '未公示流程图',
        severity: 'general',
        classification: 'immediate',
      },
      otherCountyAgency,
    );
    await t.http.post(`/v1/items/${theirs.body.id}/actions`, { action: 'start' }, otherCountyAgency);
    const stolen = await t.http.post(
      `/v1/items/${theirs.body.id}/actions`,
      { action: 'submit', note: '已整改', evidence: [{ title: '照片', fileId }] },
      otherCountyAgency,
    );
    expect(stolen.status).toBe(422);
    expect(stolen.body.error.message).toContain('不能用于此处');

    const submitted = await t.http.post(
      `/v1/items/${itemId}/actions`,
      {
        action: 'submit',
        note: '流程图已在办事大厅上墙公示',
        evidence: [{ title: '上墙照片', fileId }],
      },
      clerk,
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('pending_verification');

    // Whoever reads the item downloads its file, the same bytes; another county's agency and bureau are told it is not there.
    for (const reader of [clerk, countyBureau, t.bureau])
      expect((await download(t.h.api.url, fileId, reader)).bytes.equals(jpegPhoto())).toBe(true);
    expect((await download(t.h.api.url, fileId, otherCountyAgency)).status).toBe(404);
    expect((await download(t.h.api.url, fileId, otherCountyBureau)).status).toBe(404);
    const item = await t.http.get(`/v1/items/${itemId}`, t.bureau);
    expect(item.body.files).toEqual([
      expect.objectContaining({
        id: fileId,
        name: '流程图上墙照片.jpg',
        contentType: 'image/jpeg',
        size: jpegPhoto().length,
      }),
    ]);

    // The bureau's own evidence when it verifies (销号) is the item's too: the clerk reads it.
    const check = await upload(t.h.api.url, { bytes: pngScreenshot(), name: '现场核查截图.png', token: countyBureau });
    const verified = await t.http.post(
      `/v1/items/${itemId}/actions`,
      { action: 'verify', note: '现场核查属实，予以销号', evidence: [{ title: '核查截图', fileId: check.body.id }] },
      countyBureau,
    );
    expect(verified.status).toBe(200);
    expect((await download(t.h.api.url, check.body.id, clerk)).bytes.equals(pngScreenshot())).toBe(true);
    expect((await download(t.h.api.url, check.body.id, otherCountyAgency)).status).toBe(404);
  });

  test("a finding's and a conclusion's evidence become the complaint's: its investigators download them, nobody else", async () => {
    const filed = await t.http.post(
      '/v1/complaints',
      { channel: 'web', kind: 'slow_action', agencyId: shapotouAgency.id, description: '申请材料提交三个月无答复' },
      undefined,
    );
    expect(filed.status).toBe(201);
    const list = await t.http.get(`/v1/complaints?campaignId=${campaignId}&limit=50`, countyBureau);
    const id = list.body.items.find((c: { description: string }) => c.description === '申请材料提交三个月无答复')
      .id as string;

    const record = await upload(t.h.api.url, { bytes: jpegPhoto(), name: '调查笔录.jpg', token: countyBureau });
    const report = await upload(t.h.api.url, { bytes: pngScreenshot(), name: '调查报告.png', token: countyBureau });
    expect(
      (
        await t.http.post(
          `/v1/complaints/${id}/actions`,
          { action: 'add_finding', note: '调阅登记簿', evidence: [{ title: '笔录', fileId: record.body.id }] },
          countyBureau,
        )
      ).status,
    ).toBe(200);
    // the conclusion cites its own report and the finding's record again (already the complaint's)
    const concluded = await t.http.post(
      `/v1/complaints/${id}/actions`,
      {
        action: 'conclude',
        outcome: 'unsubstantiated',
        summary: '已于法定期限内答复',
        evidence: [
          { title: '调查报告', fileId: report.body.id },
          { title: '笔录', fileId: record.body.id },
        ],
      },
      countyBureau,
    );
    expect(concluded.status).toBe(200);
    expect(concluded.body.conclusion.evidence).toEqual([
      { title: '调查报告', fileId: report.body.id },
      { title: '笔录', fileId: record.body.id },
    ]);

    for (const reader of [countyBureau, t.bureau]) {
      expect((await download(t.h.api.url, record.body.id, reader)).bytes.equals(jpegPhoto())).toBe(true);
      expect((await download(t.h.api.url, report.body.id, reader)).bytes.equals(pngScreenshot())).toBe(true);
    }
    // the agency complained about and another county's bureau do not read the investigation
    for (const outsider of [clerk, otherCountyBureau])
      expect((await download(t.h.api.url, report.body.id, outsider)).status).toBe(404);
    const read = await t.http.get(`/v1/complaints/${id}`, t.bureau);
    expect(read.body.photos).toEqual([]);
    expect(read.body.investigation.files.map((f: { name: string }) => f.name)).toEqual([
      '调查笔录.jpg',
      '调查报告.png',
    ]);
  });
});
