import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import ExcelJS from 'exceljs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { useHarness, type HarnessContext } from '../support/harness';
import { createCampaign, createKey, eventually, openCalendar } from '../support/campaigns';
import { docxDocument, jpegPhoto, ofdDocument, pdfScan, plainZip, pngScreenshot, upload } from '../support/files';
import { startS3Server, type S3Server } from '../support/s3Server';
import { postgresStorage, s3Storage } from '../../services/files/storage';
import { sweepUnattachedEvery } from '../../services/files/sweeper';
import { createLogger } from '../../config/logger';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function xlsxWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('台账').addRow(['问题', '整改情况']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every accepted kind as a real file, with the media type the content (not the name) makes it. */
async function samples() {
  return [
    { name: '工作总结（签字盖章）.pdf', bytes: await pdfScan(), contentType: 'application/pdf' },
    { name: '整改现场照片.jpg', bytes: jpegPhoto(), contentType: 'image/jpeg' },
    { name: '公开页面截图.png', bytes: pngScreenshot(), contentType: 'image/png' },
    { name: '自查报告.ofd', bytes: await ofdDocument(), contentType: 'application/ofd' },
    {
      name: '行政执法责任制实施办法.docx',
      bytes: await docxDocument(),
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    },
    {
      name: '问题台账.xlsx',
      bytes: await xlsxWorkbook(),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
  ];
}

async function download(baseUrl: string, id: string, token: string) {
  const res = await fetch(`${baseUrl}/v1/files/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Uploads every sample and checks each download is the same bytes under the same (Chinese) name. */
async function roundTrip(t: HarnessContext, token: string) {
  const ids: string[] = [];
  for (const s of await samples()) {
    const up = await upload(t.h.api.url, { ...s, token });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      name: s.name,
      size: s.bytes.length,
      sha256: sha256(s.bytes),
      contentType: s.contentType,
    });
    const down = await download(t.h.api.url, up.body.id, token);
    expect(down.status).toBe(200);
    expect(down.bytes.equals(s.bytes)).toBe(true);
    expect(down.headers.get('content-type')).toContain(s.contentType);
    expect(down.headers.get('cache-control')).toBe('no-store');
    expect(down.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(s.name)}`);
    ids.push(up.body.id);
  }
  return ids;
}

describe('files kept in PostgreSQL', () => {
  const t = useHarness();
  let campaignId: string;
  let cityAgency: string;
  let countyAgency: string;
  let countyBureau: string;

  beforeAll(async () => {
    campaignId = await createCampaign(t.http, t.bureau, {
      agencies: [
        { id: 'market-supervision', name: '市市场监督管理局', jurisdictionId: 'zhongwei' },
        { id: 'shapotou-transport', name: '沙坡头区交通运输局', jurisdictionId: 'shapotou' },
      ],
      calendar: openCalendar(),
    });
    cityAgency = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: 'market-supervision' });
    countyAgency = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: 'shapotou-transport' });
    countyBureau = await createKey(t.http, t.h.adminToken, { role: 'bureau', jurisdictionId: 'shapotou' });
    await eventually(
      'the agency workflows',
      async () => (await t.http.get(`/v1/campaigns/${campaignId}/agencies/market-supervision`, t.bureau)).body.started,
    );
  });

  test('PDF, JPEG, PNG, OFD, DOCX and XLSX upload with their checksum and download byte for byte, with the Chinese name', async () => {
    await roundTrip(t, cityAgency);
  });

  test('what is not one of those formats is refused with 415, whatever its name says', async () => {
    const renamed = await upload(t.h.api.url, {
      bytes: readFileSync('/bin/ls'),
      name: '工作总结.pdf',
      token: cityAgency,
    });
    expect(renamed.status).toBe(415);
    expect(renamed.body.error.message).toContain('不支持的文件类型');
    const zip = await upload(t.h.api.url, { bytes: await plainZip(), name: '材料.docx', token: cityAgency });
    expect(zip.status).toBe(415);
    const text = await upload(t.h.api.url, { bytes: Buffer.from('%PDX not really'), name: 'a.pdf', token: cityAgency });
    expect(text.status).toBe(415);
    // the public may send photos only
    const publicPdf = await upload(t.h.api.url, { bytes: await pdfScan(), name: 'a.pdf' });
    expect(publicPdf.status).toBe(415);
    const publicPhoto = await upload(t.h.api.url, { bytes: jpegPhoto(), name: '现场.jpg' });
    expect(publicPhoto.status).toBe(201);
    // without credentials only a complaint's photo: any other purpose asks for them
    const anonymous = await fetch(`${t.h.api.url}/v1/files`, { method: 'POST', body: new FormData() });
    expect(anonymous.status).toBe(401);
    expect((await upload(t.h.api.url, { bytes: jpegPhoto(), name: '现场.jpg', purpose: 'evidence' })).status).toBe(401);
    // the path the dashboard's public complaint form posts to takes the same photos, and only those
    const form = (bytes: Buffer, name: string) => {
      const f = new FormData();
      f.append('file', new Blob([bytes]), name);
      return f;
    };
    const viaPublicPath = await fetch(`${t.h.api.url}/v1/public/files`, {
      method: 'POST',
      body: form(jpegPhoto(), '现场.jpg'),
    });
    expect(viaPublicPath.status).toBe(201);
    expect(
      (await fetch(`${t.h.api.url}/v1/public/files`, { method: 'POST', body: form(await pdfScan(), 'a.pdf') })).status,
    ).toBe(415);
  });

  test('a 21 MB file is refused with 413 before the server has read it all', async () => {
    const total = 21 * 1024 * 1024;
    // The client sends a little past the 20 MB limit and then waits: a server that needed the whole body to answer
    // would wait for the rest and never answer.
    const pauseAt = 20 * 1024 * 1024 + 512 * 1024;
    const boundary = '----upload-boundary';
    const head = Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.7\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const url = new URL(`${t.h.api.url}/v1/files`);
    const outcome = await new Promise<{ status: number; body: string; sentWhenAnswered: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            authorization: `Bearer ${cityAgency}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': head.length + total + 64,
          },
        },
        (res) => {
          answered = true;
          const sentWhenAnswered = sent;
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => {
            resolve({ status: res.statusCode!, body, sentWhenAnswered });
            req.destroy();
          });
        },
      );
      req.on('error', (err) => (answered ? undefined : reject(err)));
      const pump = () => {
        while (!answered && sent < pauseAt) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      req.write(head);
      pump();
    });
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body).error.message).toContain('文件超过大小上限');
    expect(outcome.sentWhenAnswered).toBeLessThan(total);
  });

  test('a file is seen by whoever sees the object it is attached to; before that by its uploader only', async () => {
    const photo = await upload(t.h.api.url, { bytes: jpegPhoto(), name: '整改现场照片.jpg', token: cityAgency });
    expect(photo.status).toBe(201);
    const id = photo.body.id as string;
    // unattached: the uploader only
    expect((await download(t.h.api.url, id, cityAgency)).status).toBe(200);
    expect((await download(t.h.api.url, id, t.bureau)).status).toBe(404);
    // another agency cannot attach it as its own
    const stolen = await t.http.post(
      `/v1/campaigns/${campaignId}/agencies/shapotou-transport/deliverables/D5`,
      {
        description: '公开情况',
        evidence: [{ title: '照片', fileId: id }],
      },
      countyAgency,
    );
    expect(stolen.status).toBe(422);

    const submitted = await t.http.post(
      `/v1/campaigns/${campaignId}/agencies/market-supervision/deliverables/D5`,
      {
        description: '在门户网站公开自查整改情况',
        evidence: [
          { title: '整改现场照片', fileId: id },
          { title: '公开页面', url: 'https://example.gov.cn/gk' },
        ],
      },
      cityAgency,
    );
    expect(submitted.status).toBe(201);
    // attached to the city agency's D5: the agency and the city bureau see it; another county's agency and bureau do not
    expect((await download(t.h.api.url, id, cityAgency)).bytes.equals(jpegPhoto())).toBe(true);
    expect((await download(t.h.api.url, id, t.bureau)).bytes.equals(jpegPhoto())).toBe(true);
    expect((await download(t.h.api.url, id, countyAgency)).status).toBe(404);
    expect((await download(t.h.api.url, id, countyBureau)).status).toBe(404);

    const read = await t.http.get(`/v1/campaigns/${campaignId}/agencies/market-supervision/deliverables/D5`, t.bureau);
    expect(read.status).toBe(200);
    expect(read.body.files).toEqual([
      expect.objectContaining({ id, name: '整改现场照片.jpg', contentType: 'image/jpeg' }),
    ]);
  });

  test('evidence needs a file or a link, and D7 needs the sealed scan as a PDF, OFD or image', async () => {
    const bare = await t.http.post(
      `/v1/campaigns/${campaignId}/agencies/market-supervision/deliverables/D5`,
      {
        description: '公开',
        evidence: [{ title: '照片' }],
      },
      cityAgency,
    );
    expect(bare.status).toBe(400);
    const noScan = await t.http.post(
      `/v1/campaigns/${campaignId}/agencies/market-supervision/deliverables/D7`,
      {
        summary: '总结',
        signedBy: '李四',
        sealed: true,
        statistics: { problemsFound: 0, closed: 0, inProgress: 0 },
      },
      cityAgency,
    );
    expect(noScan.status).toBe(400);
    const docx = await upload(t.h.api.url, { bytes: await docxDocument(), name: '总结.docx', token: cityAgency });
    const editable = await t.http.post(
      `/v1/campaigns/${campaignId}/agencies/market-supervision/deliverables/D7`,
      {
        summary: '总结',
        signedBy: '李四',
        sealedScan: docx.body.id,
        statistics: { problemsFound: 0, closed: 0, inProgress: 0 },
      },
      cityAgency,
    );
    expect(editable.status).toBe(422);
    expect(editable.body.error.message).toContain('类型不符合要求');
  });

  test('the public attaches up to 3 photos to a complaint; the investigating bureau sees them, another county does not', async () => {
    const photos: string[] = [];
    for (let i = 0; i < 4; i++)
      photos.push((await upload(t.h.api.url, { bytes: jpegPhoto(), name: `现场照片${i + 1}.jpg` })).body.id);
    const complaint = {
      channel: 'web',
      kind: 'inaction',
      agencyId: 'market-supervision',
      description: '举报后长期无人处理',
    };
    const four = await t.http.post('/v1/complaints', { ...complaint, photos }, undefined);
    expect(four.status).toBe(400);
    const filed = await t.http.post('/v1/complaints', { ...complaint, photos: photos.slice(0, 2) }, undefined);
    expect(filed.status).toBe(201);
    // someone else's upload cannot be attached to a complaint
    const evidence = await upload(t.h.api.url, { bytes: jpegPhoto(), name: 'x.jpg', token: cityAgency });
    expect((await t.http.post('/v1/complaints', { ...complaint, photos: [evidence.body.id] }, undefined)).status).toBe(
      422,
    );

    const list = await t.http.get('/v1/complaints?limit=50', t.bureau);
    const id = list.body.items.find((c: { description: string }) => c.description === complaint.description).id;
    const read = await t.http.get(`/v1/complaints/${id}`, t.bureau);
    expect(read.body.photos.map((p: { name: string }) => p.name)).toEqual(['现场照片1.jpg', '现场照片2.jpg']);
    expect((await download(t.h.api.url, photos[0], t.bureau)).bytes.equals(jpegPhoto())).toBe(true);
    expect((await download(t.h.api.url, photos[0], countyBureau)).status).toBe(404);
    expect((await download(t.h.api.url, photos[3], t.bureau)).status).toBe(404); // never attached
  });

  test('an upload left unattached for a day is gone, and swept by the next upload', async () => {
    const left = await upload(t.h.api.url, { bytes: pngScreenshot(), name: '草稿.png', token: cityAgency });
    await t.h.sql`update files set uploaded_at = now() - interval '25 hours' where id = ${left.body.id}`;
    expect((await download(t.h.api.url, left.body.id, cityAgency)).status).toBe(404);
    await upload(t.h.api.url, { bytes: pngScreenshot(), name: '新的.png', token: cityAgency });
    expect(await t.h.sql`select 1 from files where id = ${left.body.id}`).toHaveLength(0);
  });

  test('the periodic sweep removes a day-old unattached upload with nobody uploading, and keeps what is attached or younger', async () => {
    const left = await upload(t.h.api.url, { bytes: pngScreenshot(), name: '忘了提交.png', token: cityAgency });
    const fresh = await upload(t.h.api.url, { bytes: pngScreenshot(), name: '刚上传.png', token: cityAgency });
    const given = await upload(t.h.api.url, { bytes: jpegPhoto(), name: '已提交.jpg', token: cityAgency });
    const answered = await t.http.put(
      `/v1/campaigns/${campaignId}/agencies/market-supervision/checklist/A2`,
      {
        answer: 'compliant',
        note: '已落实',
        evidence: [{ title: '照片', fileId: given.body.id }],
      },
      cityAgency,
    );
    expect(answered.status).toBe(200);
    await t.h
      .sql`update files set uploaded_at = now() - interval '25 hours' where id in ${t.h.sql([left.body.id, given.body.id])}`;
    const sweeper = sweepUnattachedEvery({
      sql: t.h.sql,
      storage: postgresStorage,
      everyMs: 200,
      log: createLogger({ LOG_LEVEL: 'silent' }, 'test'),
    });
    try {
      await eventually(
        'the sweep',
        async () => (await t.h.sql`select 1 from files where id = ${left.body.id}`).length === 0,
        30_000,
      );
    } finally {
      await sweeper.stop();
    }
    const kept = await t.h.sql<
      { id: string }[]
    >`select id from files where id in ${t.h.sql([fresh.body.id, given.body.id])} order by name`;
    expect(kept.map((r) => r.id).sort()).toEqual([fresh.body.id, given.body.id].sort());
    expect((await download(t.h.api.url, given.body.id, t.bureau)).bytes.equals(jpegPhoto())).toBe(true);
  });
});

describe('files kept in an S3-compatible store (moto)', () => {
  let s3: S3Server;
  const settings = {
    bucket: 'rectification-files-test',
    region: 'us-east-1',
    accessKeyId: 'test',
    secretAccessKey: 'test',
    forcePathStyle: true,
  };
  const ctx: { endpoint?: string } = {};
  beforeAll(async () => {
    s3 = await startS3Server();
    ctx.endpoint = s3.endpoint;
  });
  afterAll(() => s3?.stop());
  // the harness starts after the store, with the store's endpoint
  const t = useHarness({
    get files() {
      return { storage: s3Storage({ ...settings, endpoint: ctx.endpoint }), maxBytes: 20 * 1024 * 1024 };
    },
  });

  test('uploads go to the bucket, not the row, and download byte for byte; the sweep removes the object too', async () => {
    const agency = await createKey(t.http, t.h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
    const ids = await roundTrip(t, agency);
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: settings.region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const first = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: `files/${ids[0]}` }));
    const stored = Buffer.from(await first.Body!.transformToByteArray());
    const [row] = await t.h.sql<
      { storage: string; content: Buffer | null; sha256: string }[]
    >`select storage, content, sha256 from files where id = ${ids[0]}`;
    expect(row).toMatchObject({ storage: 's3', content: null, sha256: sha256(stored) });

    await t.h.sql`update files set uploaded_at = now() - interval '25 hours' where id = ${ids[0]}`;
    await upload(t.h.api.url, { bytes: pngScreenshot(), name: '新的.png', token: agency });
    await expect(
      client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: `files/${ids[0]}` })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
    client.destroy();
  });
});
