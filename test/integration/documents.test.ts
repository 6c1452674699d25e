import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { useHarness } from '../support/harness';
import {
  SECONDS_POLICY,
  compressedCalendar,
  createCampaign,
  createKey,
  eventually,
  openCalendar,
} from '../support/campaigns';

interface Event {
  id: string;
  step: string;
  agencyId: string;
  subject: { kind: string; id: string };
  deadline: string;
  noticeNumber: string | null;
}

/**
 * The scale a sheet prints at, computed as Excel does from its own measures: an explicit scale, or for "fit to one
 * page wide" the printable width of A4 landscape (297 mm less the side margins, at 96 px per inch) over the sum of
 * the columns' pixel widths (Excel's column width w in characters of the default font, Calibri 11 with a 7 px maximum
 * digit width: trunc(((256 w + trunc(128 / 7)) / 256) × 7) px), never above 100 %.
 */
function printScale(sheet: ExcelJS.Worksheet): number {
  const setup = sheet.pageSetup;
  if (!setup.fitToPage || setup.fitToWidth !== 1) return setup.scale ?? 100;
  let columnsPx = 0;
  for (let c = 1; c <= sheet.columnCount; c++) {
    const w = sheet.getColumn(c).width ?? 8.43;
    columnsPx += Math.trunc(((256 * w + Math.trunc(128 / 7)) / 256) * 7);
  }
  const margins = setup.margins ?? { left: 0.7, right: 0.7 };
  const printablePx = (297 / 25.4 - margins.left - margins.right) * 96;
  return Math.min(100, Math.floor((printablePx / columnsPx) * 100));
}

/** The text of a PDF as poppler's pdftotext reads it, with line breaks and spaces taken out. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'notice-'));
  writeFileSync(join(dir, 'n.pdf'), pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'n.pdf'), '-'])
    .toString('utf8')
    .replace(/\s+/g, '');
}

/** A deadline as a Chinese reader sees it in Shanghai, formatted by the platform's Intl, not by the product. */
function shanghai(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  // as an official document writes a deadline: the day alone at the day's end (23:59), else the day and its minute
  const day = `${parts.year}年${parts.month}月${parts.day}日`;
  return parts.hour === '23' && parts.minute === '59' ? day : `${day}${Number(parts.hour)}时${parts.minute}分`;
}

async function pdf(baseUrl: string, eventId: string, token: string) {
  const res = await fetch(`${baseUrl}/v1/documents/${eventId}.pdf`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('documents: numbered notices as PDFs, Attachments 1 and 2 as workbooks', () => {
  const t = useHarness();

  test("a missed deadline's supervision notice and listed-supervision notice print with number, agency and deadline", async () => {
    const base = Date.now();
    const far = 3600;
    const calendar = compressedCalendar(base, {
      phases: [
        [-10, far],
        [far, 2 * far],
        [2 * far, 3 * far],
        [3 * far, 4 * far],
      ],
      deadlines: { D1: 6, D2: far, D3: far, D4: 2 * far, D5: 2 * far, D6: 2 * far, D7: 3 * far, D8: 3 * far },
      closesAt: 5 * far,
    });
    const id = await createCampaign(t.http, t.bureau, {
      agencies: [
        { id: 'market-supervision', name: '市市场监督管理局', jurisdictionId: 'zhongwei' },
        { id: 'shapotou-transport', name: '沙坡头区交通运输局', jurisdictionId: 'shapotou' },
      ],
      calendar,
      policy: SECONDS_POLICY,
    });
    const own = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: 'market-supervision' });
    const other = await createKey(t.http, t.h.adminToken, { role: 'agency', agencyId: 'shapotou-transport' });
    const discipline = await createKey(t.http, t.h.adminToken, { role: 'discipline', jurisdictionId: 'zhongwei' });

    const escalations = async () =>
      (
        (await t.http.get(`/v1/campaigns/${id}/events?limit=500&agencyId=market-supervision&type=escalation`, t.bureau))
          .body.items as Event[]
      ).filter((e) => e.subject.id === 'D1');
    const [notice, listed] = await eventually(
      'the notice and listed supervision of D1',
      async () => {
        const es = await escalations();
        const n = es.find((e) => e.step === 'supervision_notice');
        const l = es.find((e) => e.step === 'listed_supervision');
        return n && l && ([n, l] as const);
      },
      60_000,
    );
    expect(notice.noticeNumber).toMatch(/^卫法督〔\d{4}〕\d+号$/);

    const got = await pdf(t.h.api.url, notice.id, t.bureau);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect(got.headers.get('content-disposition')).toContain(encodeURIComponent(`督办通知 ${notice.noticeNumber}.pdf`));
    expect(got.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(got.bytes.length).toBeLessThan(200_000); // the font is embedded as a subset
    const text = pdfText(got.bytes);
    expect(text).toContain(notice.noticeNumber);
    expect(text).toContain('市市场监督管理局：');
    expect(text).toContain('中卫市司法局');
    expect(text).toContain('督办通知');
    expect(text).toContain('工作措施');
    expect(text).toContain(shanghai(notice.deadline));

    const listedPdf = pdfText((await pdf(t.h.api.url, listed.id, own)).bytes);
    expect(listedPdf).toContain('挂牌督办通知书');
    expect(listedPdf).toContain(listed.noticeNumber);

    // the same event always gives the same bytes
    expect((await pdf(t.h.api.url, notice.id, own)).bytes.equals(got.bytes)).toBe(true);
    // another county's agency, the commission (not a referral) and an event that issued no document: 404
    expect((await pdf(t.h.api.url, notice.id, other)).status).toBe(404);
    expect((await pdf(t.h.api.url, notice.id, discipline)).status).toBe(404);
    const overdue = (await escalations()).find((e) => e.step === 'overdue')!;
    expect((await pdf(t.h.api.url, overdue.id, t.bureau)).status).toBe(404);
  });

  test('Attachments 1 and 2 as workbooks in the official layout, their totals those of the ledger', async () => {
    const calendar = openCalendar();
    const id = await createCampaign(t.http, t.bureau, {
      agencies: [
        {
          id: 'market-supervision',
          name: '市市场监督管理局',
          jurisdictionId: 'zhongwei',
          contact: { name: '张三', phone: '0955-7012345', email: 'zs@example.gov.cn' },
        },
        { id: 'natural-resources', name: '市自然资源局', jurisdictionId: 'zhongwei' },
        { id: 'shapotou-transport', name: '沙坡头区交通运输局', jurisdictionId: 'shapotou' },
      ],
      calendar,
    });
    await eventually(
      'the agency workflows',
      async () => (await t.http.get(`/v1/campaigns/${id}/agencies/shapotou-transport`, t.bureau)).body.started,
    );
    const problems: [string, string][] = [
      ['market-supervision', '执法案卷不规范'],
      ['market-supervision', '未按期公示处罚信息'],
      ['natural-resources', '未落实执法全过程记录'],
      ['shapotou-transport', '超期办案'],
    ];
    for (const [agencyId, description] of problems) {
      const res = await t.http.post(
        `/v1/campaigns/${id}/agencies/${agencyId}/items`,
        { checklistCode: 'B5', source: 'self_found', description, severity: 'general', classification: 'immediate' },
        t.bureau,
      );
      expect(res.status).toBe(201);
    }
    const [ledger] = await t.h.sql<
      { n: number }[]
    >`select count(*)::int as n from ledger_items where campaign_id = ${id}`;
    expect(ledger.n).toBe(problems.length);

    const res = await fetch(`${t.h.api.url}/v1/campaigns/${id}/reports/statistics.xlsx`, {
      headers: { authorization: `Bearer ${t.bureau}` },
    });
    expect(res.status).toBe(200);
    // named as a bureau files it: the form, the area, the campaign's year (its first day in Shanghai)
    const year = new Date(Date.parse(calendar.phases[0].startsAt) + 8 * 3600_000).getUTCFullYear();
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(`附件2-统计表-中卫市-${year}.xlsx`)}`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    const text = (r: number, c: number) => String(ws.getCell(r, c).value ?? '');
    // 附件2 at the top left, then the title (the first of two sheets), the unit and the date (docs/REPORTS.md)
    expect(text(1, 1)).toBe('附件2');
    expect(text(2, 1)).toBe('专项整治（测试）统计表（1/2）');
    expect(text(3, 1)).toBe('填报单位：中卫市司法局（盖章）');
    expect(text(3, ws.columnCount)).toMatch(/^填报日期：\d{4}年\d{1,2}月\d{1,2}日$/);
    // grouped headers: 问题类别 spans several columns of row 4; 序号 and 单位 stand over rows 4 and 5
    const merges: string[] = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges).toContain('A4:A5');
    expect(merges).toContain('C4:C5');
    const foundCol = [...Array(ws.columnCount).keys()].map((i) => i + 1).find((c) => text(4, c) === '发现问题（个）')!;
    expect(foundCol).toBeDefined();
    const areaCol = [...Array(ws.columnCount).keys()].map((i) => i + 1).find((c) => text(4, c) === '问题类别（个）')!;
    expect(merges.some((m) => m.startsWith(ws.getCell(4, areaCol).address + ':') && m.endsWith('4'))).toBe(true);
    // rows: agencies, 小计 of 市直 and 沙坡头区, 合计; no internal ids anywhere
    const rows = [...Array(ws.rowCount - 5).keys()]
      .map((i) => i + 6)
      .map((r) => ({ group: text(r, 2), name: text(r, 3), found: ws.getCell(r, foundCol).value }));
    const subtotal = (group: string) => rows.find((r) => r.group === group && r.name === '小计')?.found;
    expect(subtotal('市直')).toBe(3);
    expect(subtotal('沙坡头区')).toBe(1);
    expect(rows.find((r) => r.name === '合计')?.found).toBe(ledger.n);
    expect(rows.find((r) => r.name === '市市场监督管理局')?.found).toBe(2);
    const every = wb.worksheets.flatMap((sheet) => sheet.getSheetValues().flat().map(String)).join('|');
    for (const internal of ['market-supervision', 'natural-resources', 'shapotou-transport'])
      expect(every).not.toContain(internal);

    // It prints: every sheet A4 (paper size 9) landscape at 70 % or more, with 附件2, 序号 and the rate as a percent
    expect(wb.worksheets.length).toBeGreaterThanOrEqual(1);
    for (const sheet of wb.worksheets) {
      expect(sheet.pageSetup.paperSize).toBe(9);
      expect(sheet.pageSetup.orientation).toBe('landscape');
      expect(String(sheet.getCell(1, 1).value)).toBe('附件2');
      expect(String(sheet.getCell(4, 1).value)).toBe('序号');
      expect(printScale(sheet)).toBeGreaterThanOrEqual(70);
    }
    // the form's 42 columns (县区, 单位 and 40 figures), each figure on one sheet, 序号 县区 单位 on every sheet
    expect(wb.worksheets.reduce((n, sheet) => n + sheet.columnCount - 3, 2)).toBe(42);
    const agencyRows = [...Array(ws.rowCount - 5).keys()].map((i) => i + 6).filter((r) => text(r, 3).endsWith('局'));
    expect(agencyRows.map((r) => ws.getCell(r, 1).value)).toEqual([1, 2, 3]);
    const rateSheet = wb.worksheets.find((sheet) =>
      [...Array(sheet.columnCount).keys()].some((i) => String(sheet.getCell(5, i + 1).value ?? '') === '整改率'),
    )!;
    const rateCol = [...Array(rateSheet.columnCount).keys()].find(
      (i) => String(rateSheet.getCell(5, i + 1).value ?? '') === '整改率',
    )!;
    const market = [...Array(rateSheet.rowCount).keys()].find(
      (i) => rateSheet.getCell(i + 1, 3).value === '市市场监督管理局',
    )!;
    const rate = rateSheet.getCell(market + 1, rateCol + 1);
    expect(rate.value).toBe(0); // two found, none rectified yet: a number, not text
    expect(rate.numFmt).toMatch(/%$/);
    const csv = await t.http.get(`/v1/campaigns/${id}/reports/statistics.csv`, t.bureau);
    expect(csv.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(`附件2-统计表-中卫市-${year}.csv`)}`,
    );
    expect(text(ws.rowCount, 1)).toContain('填报人');
    expect(text(ws.rowCount, 1)).toContain('单位负责人');

    const contacts = await fetch(`${t.h.api.url}/v1/campaigns/${id}/reports/contacts.xlsx`, {
      headers: { authorization: `Bearer ${t.bureau}` },
    });
    expect(contacts.status).toBe(200);
    const cwb = new ExcelJS.Workbook();
    await cwb.xlsx.load(Buffer.from(await contacts.arrayBuffer()) as never);
    const cs = cwb.worksheets[0];
    expect(String(cs.getCell(1, 1).value)).toBe('专项整治（测试）工作联系人名单');
    expect(cs.getRow(3).values).toEqual([
      undefined,
      '县区',
      '单位',
      '姓名',
      '职务',
      '联系电话',
      '电子邮箱',
      '信息来源',
    ]);
    const zhang = [...Array(cs.rowCount).keys()]
      .map((i) => cs.getRow(i + 1))
      .find((r) => r.getCell(2).value === '市市场监督管理局')!;
    expect(zhang.getCell(3).value).toBe('张三');
    expect(String(cs.getCell(cs.rowCount, 1).value)).toContain('填报人');
    // CSV stays
    expect((await t.http.get(`/v1/campaigns/${id}/reports/statistics.csv`, t.bureau)).status).toBe(200);
  });
});
