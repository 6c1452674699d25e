import { deflateSync, crc32 } from 'node:zlib';
import { startAnotherApi, startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { createOwnDatabase } from '../support/testDatabase';
import { agencies, createCampaign, createKey, eventually, openCalendar, SECONDS_POLICY } from '../support/campaigns';
import { jpegPhoto, pdfScan, pngScreenshot } from '../support/files';
import type { ApiServer } from '../../api/server';
import { loadConfig } from '../../config/env';
import { postgresStorage } from '../../services/files/storage';

/**
 * Trust at the edges (issue #28), against the real API, worker and PostgreSQL: what the public may upload and how much,
 * what an upload must be all the way through, the names files come back with, and text and dates out of reason.
 * A database of its own, so that the unattached bytes it counts are only this file's.
 */
describe('trust at the edges', () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let h: Harness;
  let http: HttpClient;
  let bureau: string;
  const extra: ApiServer[] = [];

  beforeAll(async () => {
    database = await createOwnDatabase('edges');
    // behind a trusted proxy (loopback), so each test comes from an address of its own
    h = await startHarness({ databaseUrl: database.url, access: { TRUST_PROXY: 'loopback' } });
    http = httpClient(h.api.url);
    bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' });
  });
  afterAll(async () => {
    for (const api of extra) await api.close();
    await h?.close();
    await database?.drop();
  });

  /** A multipart upload from `address` (X-Forwarded-For), without credentials unless a token is given. */
  async function uploadFrom(
    baseUrl: string,
    o: { address: string; bytes: Buffer; name: string; path?: string; token?: string },
  ) {
    const form = new FormData();
    form.append('file', new Blob([o.bytes]), o.name);
    const headers: Record<string, string> = { 'x-forwarded-for': o.address };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const res = await fetch(`${baseUrl}${o.path ?? '/v1/public/files'}`, { method: 'POST', headers, body: form });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: JSON.parse(text) };
  }

  /** A PNG whose every chunk is well formed (lengths, CRCs), around IDAT data of our choosing. */
  function pngWith(o: { width: number; height: number; idat: Buffer }): Buffer {
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const out = Buffer.alloc(12 + data.length);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(crc32(body), 8 + data.length);
      return out;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(o.width, 0);
    ihdr.writeUInt32BE(o.height, 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // truecolour RGB
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', o.idat),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }

  test('one budget of 30 a minute per address across every way of uploading without an account', async () => {
    const address = '203.0.113.10';
    const statuses: number[] = [];
    // 15 by each route: an empty file is refused (400) but counted, like any request
    for (let i = 0; i < 30; i++)
      statuses.push(
        (
          await uploadFrom(h.api.url, {
            address,
            bytes: Buffer.alloc(0),
            name: 'empty.png',
            path: i % 2 ? '/v1/public/files' : '/v1/files?purpose=complaint',
          })
        ).status,
      );
    expect(statuses).toEqual(Array(30).fill(400));
    for (const path of ['/v1/public/files', '/v1/files?purpose=complaint']) {
      const limited = await uploadFrom(h.api.url, { address, bytes: pngScreenshot(), name: 'p.png', path });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).not.toBeNull();
    }
    // another address has its own budget; staff are not counted
    expect(
      (await uploadFrom(h.api.url, { address: '203.0.113.11', bytes: pngScreenshot(), name: 'p.png' })).status,
    ).toBe(201);
    const staff = await uploadFrom(h.api.url, {
      address,
      bytes: pngScreenshot(),
      name: 'p.png',
      path: '/v1/files',
      token: bureau,
    });
    expect(staff.status).toBe(201);
  });

  test('an image must decode and a PDF must parse: magic numbers in front of anything else are refused', async () => {
    const address = '203.0.113.20';
    const refusedAs = async (bytes: Buffer, name: string, token?: string) => {
      const res = await uploadFrom(h.api.url, { address, bytes, name, token, path: token ? '/v1/files' : undefined });
      expect(res.status).toBe(415);
      expect(res.body.error.message).toContain('文件内容已损坏或不完整');
      return res.body.error.details[0].problem as string;
    };
    const png = pngScreenshot();
    // 20 MB of zeros behind a PNG signature (the 20,971,153 bytes)
    const zeros = Buffer.concat([png.subarray(0, 8), Buffer.alloc(20_971_153 - 8)]);
    const started = Date.now();
    expect(await refusedAs(zeros, 'zeros.png')).toMatch(/PNG/);
    // and at once: telling its kind once took 25 s of CPU, walking 20 MB of empty "chunks"
    expect(Date.now() - started).toBeLessThan(20_000);
    // every chunk well formed, but the image data is one row of a 4000×4000 picture: it does not decode
    const oneRow = deflateSync(Buffer.concat([Buffer.from([0]), Buffer.alloc(4000 * 3)]));
    expect(await refusedAs(pngWith({ width: 4000, height: 4000, idat: oneRow }), 'short.png')).toContain('少于');
    // a bad filter type in an otherwise complete 2×2 image
    const badFilter = deflateSync(Buffer.from([9, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6]));
    expect(await refusedAs(pngWith({ width: 2, height: 2, idat: badFilter }), 'filter.png')).toContain('过滤');
    // …whereas the same image with valid filters is taken: the check is no blanket refusal of hand-made files
    const good = deflateSync(Buffer.from([0, 1, 2, 3, 4, 5, 6, 1, 1, 2, 3, 4, 5, 6]));
    expect(
      (await uploadFrom(h.api.url, { address, bytes: pngWith({ width: 2, height: 2, idat: good }), name: 'ok.png' }))
        .status,
    ).toBe(201);
    // a photo cut in half, and a photo's header in front of zeros
    const jpeg = jpegPhoto();
    expect(await refusedAs(jpeg.subarray(0, jpeg.length >> 1), 'half.jpg')).toContain('EOI');
    expect(await refusedAs(Buffer.concat([jpeg.subarray(0, 4), Buffer.alloc(50_000)]), 'zeros.jpg')).toMatch(/JPEG/);
    // a PDF's header in front of nothing that parses, and a PDF cut short (staff: the public uploads no PDF)
    const pdf = await pdfScan();
    expect(await refusedAs(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100_000)]), 'x.pdf', bureau)).toMatch(
      /PDF/,
    );
    expect(await refusedAs(pdf.subarray(0, pdf.length - 200), 'cut.pdf', bureau)).toMatch(/PDF/);
    // the real thing passes
    for (const [bytes, name] of [
      [png, 'screen.png'],
      [jpeg, 'photo.jpeg'],
    ] as const)
      expect((await uploadFrom(h.api.url, { address, bytes, name })).status).toBe(201);
    expect(
      (await uploadFrom(h.api.url, { address, bytes: pdf, name: 'scan.pdf', path: '/v1/files', token: bureau })).status,
    ).toBe(201);
  });

  test('past the ceiling on unattached bytes an anonymous upload answers 503 in Chinese; staff uploads go on', async () => {
    const [{ bytes }] = await h.sql<
      { bytes: string }[]
    >`select coalesce(sum(size), 0)::text as bytes from files where attached_at is null`;
    const photo = jpegPhoto();
    const ceiling = Number(bytes) + Math.floor(photo.length * 1.5); // room for one more photo, not two
    const api = await startAnotherApi(h, {
      config: { TRUST_PROXY: 'loopback' },
      files: { storage: postgresStorage, maxBytes: 20 * 1024 * 1024, unattachedMaxBytes: ceiling },
    });
    extra.push(api);
    const address = '203.0.113.30';
    expect((await uploadFrom(api.url, { address, bytes: photo, name: 'a.jpg' })).status).toBe(201);
    // no room for the whole of the next one: refused once it is read
    const full = await uploadFrom(api.url, { address, bytes: photo, name: 'b.jpg' });
    expect(full.status).toBe(503);
    expect(full.body.error.code).toBe('uploads_full');
    expect(full.body.error.message).toContain('存储上限');
    // staff go on, and fill it past the ceiling
    const staff = await uploadFrom(api.url, { address, bytes: photo, name: 'd.jpg', path: '/v1/files', token: bureau });
    expect(staff.status).toBe(201);
    // full: refused before the file is read, by the other route too
    const before = await uploadFrom(api.url, {
      address,
      bytes: photo,
      name: 'c.jpg',
      path: '/v1/files?purpose=complaint',
    });
    expect(before.status).toBe(503);
    expect(before.headers.get('retry-after')).toBe('3600');
    const [{ count }] = await h.sql<
      { count: number }[]
    >`select count(*)::int from files where name in ('b.jpg', 'c.jpg')`;
    expect(count).toBe(0);
    // the default ceiling is 2 GB, and it is a setting
    expect(loadConfig({}).UNATTACHED_UPLOADS_MAX_BYTES).toBe(2 * 1024 * 1024 * 1024);
    expect(loadConfig({ UNATTACHED_UPLOADS_MAX_BYTES: '1073741824' }).UNATTACHED_UPLOADS_MAX_BYTES).toBe(1024 ** 3);
  });

  test("a download's name follows what the file is, without control or bidi characters, at most 120 characters", async () => {
    const address = '203.0.113.40';
    const pdf = await pdfScan();
    const asHtml = await uploadFrom(h.api.url, {
      address,
      bytes: pdf,
      name: 'poly.html',
      path: '/v1/files',
      token: bureau,
    });
    expect(asHtml.status).toBe(201);
    expect(asHtml.body.name).toBe('poly.pdf');
    const got = await fetch(`${h.api.url}/v1/files/${asHtml.body.id}`, {
      headers: { authorization: `Bearer ${bureau}` },
    });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="?poly\.pdf"?$/);

    // U+202E would show "报告\u202Efdp.exe" as "报告exe.pdf"; 5,000 characters fill any list
    const tricky = await uploadFrom(h.api.url, {
      address,
      bytes: pdf,
      name: `报告\u202Efdp.exe`,
      path: '/v1/files',
      token: bureau,
    });
    expect(tricky.body.name).toBe('报告fdp.pdf');
    const long = await uploadFrom(h.api.url, {
      address,
      bytes: pdf,
      name: `${'整'.repeat(5000)}.pdf`,
      path: '/v1/files',
      token: bureau,
    });
    expect(long.body.name).toBe(`${'整'.repeat(116)}.pdf`);
    const [row] = await h.sql<{ name: string }[]>`select name from files where id = ${long.body.id}`;
    expect([...row.name]).toHaveLength(120);
  });

  describe('text and dates out of reason', () => {
    let campaignId: string;
    let agencyKey: string;
    const [agency] = agencies(1);
    const itemsPath = () => `/v1/campaigns/${campaignId}/agencies/${agency.id}/items`;
    const item = (over: Record<string, unknown>) => ({
      checklistCode: 'A2',
      source: 'self_found',
      description: '裁量基准未修订',
      severity: 'serious',
      classification: 'scheduled',
      responsiblePerson: '张三',
      ...over,
    });

    beforeAll(async () => {
      agencyKey = await createKey(http, h.adminToken, { role: 'agency', agencyId: agency.id });
      campaignId = await createCampaign(http, bureau, {
        agencies: [agency],
        calendar: openCalendar(),
        policy: SECONDS_POLICY,
      });
      await eventually(
        'the agency workflow',
        async () => (await http.get(`/v1/campaigns/${campaignId}/agencies/${agency.id}`, bureau)).body.started,
      );
    });

    test('invalid UTF-8 in a JSON body is refused with 400 naming the field, and nothing is stored', async () => {
      const inTwoYears = new Date(Date.now() + 2 * 365 * 86_400_000).toISOString();
      const json = JSON.stringify(item({ description: 'MARK', dueAt: inTwoYears }));
      const [before, after] = json.split('MARK');
      // "整改" in UTF-8, then a lone continuation byte and a truncated three-byte sequence
      const body = Buffer.concat([Buffer.from(before + '整改'), Buffer.from([0x80, 0xe6, 0x95]), Buffer.from(after)]);
      const res = await fetch(`${h.api.url}${itemsPath()}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agencyKey}`, 'content-type': 'application/json' },
        body,
      });
      const answer = (await res.json()) as any;
      expect(res.status).toBe(400);
      expect(answer.error.code).toBe('invalid_utf8');
      expect(answer.error.message).toContain('description');
      expect(answer.error.details[0]).toMatchObject({ path: ['description'], in: 'body' });
      const stored = await h.sql`select 1 from ledger_items where campaign_id = ${campaignId}`;
      expect(stored).toHaveLength(0);
      // deeper: the field is named by its path
      const nested = Buffer.concat([
        Buffer.from('{"name":"x","agencies":[{"id":"a","name":"'),
        Buffer.from([0xff]),
        Buffer.from('"}]}'),
      ]);
      const deep = await fetch(`${h.api.url}/v1/campaigns`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bureau}`, 'content-type': 'application/json' },
        body: nested,
      });
      expect(deep.status).toBe(400);
      expect(((await deep.json()) as any).error.details[0].path).toEqual(['agencies', 0, 'name']);
      // the same item in good UTF-8 is taken
      const ok = await http.post(itemsPath(), item({ description: '整改未到位', dueAt: inTwoYears }), agencyKey);
      expect(ok.status).toBe(201);
    });

    test("an item due 9999-12-31 is refused in Chinese; a due date is within the campaign's close and three years", async () => {
      const far = await http.post(itemsPath(), item({ dueAt: '9999-12-31T23:59:59+08:00' }), agencyKey);
      expect(far.status).toBe(422);
      expect(far.body.error.code).toBe('item_due_too_far');
      // openCalendar() closes 5 hours from now: the last day allowed is three years after that, in Asia/Shanghai
      const close = new Date(Date.now() + 5 * 3600_000);
      const lastDay = new Date(close.getTime() + 8 * 3600_000);
      lastDay.setUTCFullYear(lastDay.getUTCFullYear() + 3);
      expect(far.body.error.message).toBe(
        `整改期限不能晚于 ${lastDay.toISOString().slice(0, 10)}（专项整治结束后 3 年内）`,
      );
      const fourYears = new Date(Date.now() + 4 * 366 * 86_400_000).toISOString();
      expect((await http.post(itemsPath(), item({ dueAt: fourYears }), agencyKey)).status).toBe(422);
      const opened = await http.post(
        itemsPath(),
        item({ dueAt: new Date(Date.now() + 86_400_000).toISOString() }),
        agencyKey,
      );
      expect(opened.status).toBe(201);
      // an extension asked for 9999-12-31 is refused the same way
      const extension = await http.post(
        `/v1/items/${opened.body.id}/actions`,
        { action: 'request_extension', reason: '资金未到位', proposedDueAt: '9999-12-31T00:00:00Z' },
        agencyKey,
      );
      expect(extension.status).toBe(422);
      expect(extension.body.error.code).toBe('item_due_too_far');
    });
  });

  test('the schemas say what the API answers: PUT jurisdictions/agencies 200 or 201, a replayed POST /v1/users without its password', async () => {
    const doc = (await http.get('/openapi.json')).body;
    for (const path of ['/v1/jurisdictions/{id}', '/v1/agencies/{id}']) {
      const responses = doc.paths[path].put.responses;
      expect(responses['200'].content['application/json'].schema).toEqual(
        responses['201'].content['application/json'].schema,
      );
    }
    const created = await http.put(
      '/v1/jurisdictions/edges-town',
      { name: '边镇', parentId: 'zhongwei' },
      h.adminToken,
    );
    expect(created.status).toBe(201);
    expect(
      (await http.put('/v1/jurisdictions/edges-town', { name: '边镇', parentId: 'zhongwei' }, h.adminToken)).status,
    ).toBe(200);

    const users = doc.paths['/v1/users'].post.responses['201'].content['application/json'].schema;
    const schema = users.$ref ? doc.components.schemas[users.$ref.split('/').pop()] : users;
    expect(schema.required ?? []).not.toContain('initialPassword');
    expect(schema.properties.initialPassword.description).toContain('replay');
  });
});
