import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OfficialDocument } from '../../domain/officialDocument';
import { findFont } from '../../services/documents/fonts';
import { renderOfficialDocument } from '../../services/documents/officialPdf';

/*
 * The official-document renderer read back with poppler (pdfinfo, pdftotext -bbox-layout, pdffonts). Every expected
 * measure is GB/T 9704-2012's, in millimetres, converted here: A4 210 × 297 mm; 天头 37 mm; 订口 28 mm; 版心 156 × 225
 * mm; body 3号 = 16 pt, title 2号 = 22 pt, page numbers 4号 = 14 pt; the date four characters in from the right.
 */
const pt = (mm: number) => (mm * 72) / 25.4;
const TOP = pt(37);
const LEFT = pt(28);
const RIGHT = pt(28 + 156);
const BOTTOM = pt(37 + 225);
const BODY = 16;

interface Line {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  height: number;
}

const dir = mkdtempSync(join(tmpdir(), 'official-'));
let n = 0;
async function render(doc: OfficialDocument): Promise<string> {
  const file = join(dir, `${++n}.pdf`);
  writeFileSync(file, await renderOfficialDocument(doc));
  return file;
}

/** each page's text lines as pdftotext lays them out, with their boxes */
function pages(file: string): Line[][] {
  const xml = execFileSync('pdftotext', ['-enc', 'UTF-8', '-bbox-layout', file, '-']).toString('utf8');
  return xml
    .split('<page ')
    .slice(1)
    .map((page) =>
      [
        ...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g),
      ].map((m) => {
        const [xMin, yMin, xMax, yMax] = m.slice(1, 5).map(Number);
        const text = [...m[5].matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join('');
        return { text, xMin, yMin, xMax, yMax, height: yMax - yMin };
      }),
    );
}

const pdfinfo = (file: string) => execFileSync('pdfinfo', [file]).toString('utf8');

const notice: OfficialDocument = {
  format: 'file',
  issuer: '中卫市司法局',
  number: '卫法督〔2027〕3号',
  title: '关于督促报送工作措施等事项的督办通知',
  addressee: '中卫市沙坡头区市场监督管理局',
  body: [
    '你单位报送工作措施、报送联系人、公布监督举报渠道三项工作，办理期限为2027年6月10日，至今未完成。',
    '请于2027年6月16日前办结，逾期将予以挂牌督办。',
  ],
  date: '2027年6月13日',
  copiesTo: [],
  printedBy: '中卫市司法局办公室',
  printedOn: '2027年6月13日',
  drill: false,
  issuedAt: '2027-06-13T01:00:00.000Z',
};

const long: OfficialDocument = {
  ...notice,
  title: '关于对中卫市沙坡头区市场监督管理局未按期报送工作措施予以挂牌督办的通知书',
  body: [
    ...Array.from(
      { length: 6 },
      (_, i) =>
        `第${i + 1}项：你单位承担的专项整治任务未按期完成，经督办仍未办结，情节较重。根据专项整治督办工作规定，决定予以挂牌督办，请于2027年6月21日前办结并书面报送办理结果。`,
    ),
    '特此通知。',
  ],
  copiesTo: ['中卫市人民政府办公室', '中共中卫市纪律检查委员会'],
};

const letter: OfficialDocument = {
  ...notice,
  format: 'letter',
  number: '卫法函〔2027〕2号',
  title: '关于移送中宁县自然资源局未按期整改问题线索的函',
  addressee: '中共中宁县纪律检查委员会、中宁县监察委员会',
  body: [
    '中宁县自然资源局承担的问题整改期限为2027年7月15日，经督办、挂牌督办仍未整改到位，现将该问题线索移送你委，请依规依纪依法处理。',
    '特此函告。',
  ],
};

/**
 * §7.3.5.1: the seal is pressed over the issuer's name and the date, both under its centre, its top within a line of
 * the text. With a 42 mm seal (a city or county department's) centred over the date at the top of the name, no other
 * text and no rule of the 版记 may lie under it.
 */
function sealArea(page: Line[], date: string, issuer: string) {
  const dateLine = page.find((l) => l.text === date)!;
  const name = page.filter((l) => l.text === issuer && l.yMax <= dateLine.yMin).pop()!;
  const [cx, cy, r] = [(dateLine.xMin + dateLine.xMax) / 2, name.yMin, pt(21)];
  const under = (l: Line) => {
    const nx = Math.max(l.xMin, Math.min(cx, l.xMax));
    const ny = Math.max(l.yMin, Math.min(cy, l.yMax));
    return (nx - cx) ** 2 + (ny - cy) ** 2 < r * r;
  };
  const text = page.filter((l) => l.yMax < name.yMin);
  return {
    covered: page.filter((l) => l !== name && l !== dateLine && under(l)).map((l) => l.text),
    topToText: cy - r - Math.max(...text.map((l) => l.yMax)),
    bottom: cy + r,
  };
}

/** lines set in the body's size, inside the 版心 (not the page numbers under it) */
const bodySized = (lines: Line[]) => lines.filter((l) => Math.abs(l.height - BODY) < 0.5 && l.yMax <= BOTTOM + 0.5);

describe('official documents in the GB/T 9704-2012 layout', () => {
  jest.setTimeout(60_000);

  it('prints a notice of three matters on one A4 page, in the standard order, on the standard measures', async () => {
    const file = await render(notice);
    const info = pdfinfo(file);
    expect(info).toMatch(/Pages:\s+1\n/);
    const [w, h] = info
      .match(/Page size:\s+([\d.]+) x ([\d.]+) pts/)!
      .slice(1)
      .map(Number);
    expect(w).toBeCloseTo(pt(210), 0);
    expect(h).toBeCloseTo(pt(297), 0);

    const [page] = pages(file);
    const text = page.map((l) => l.text).join('\n');
    const order = [
      '中卫市司法局文件',
      '卫法督〔2027〕3号',
      '关于督促报送工作措施等事项的督办通知',
      '中卫市沙坡头区市场监督管理局：',
      '你单位报送工作措施',
      '逾期将予以挂牌督办。',
      '2027年6月13日\n',
      '中卫市司法局办公室',
      '2027年6月13日印发',
    ].map((s) => text.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));

    const find = (s: string) => page.find((l) => l.text.startsWith(s))!;
    // 发文机关标志 35 mm under the top of the 版心; the title 22 pt; the body 16 pt
    expect(find('中卫市司法局文件').yMin).toBeCloseTo(TOP + pt(35), 0);
    expect(find('关于督促').height).toBeCloseTo(22, 0);
    const body = bodySized(page).filter((l) => l.yMin > find('关于督促').yMax);
    expect(body.length).toBeGreaterThanOrEqual(5);
    for (const l of body) {
      expect(l.height).toBeCloseTo(BODY, 0);
      expect(l.xMin).toBeGreaterThanOrEqual(LEFT - 0.5);
      expect(l.xMax).toBeLessThanOrEqual(RIGHT + 1);
    }
    // addressee flush left, paragraphs two characters in (28 characters fill 156 mm), continuation lines flush left
    expect(find('中卫市沙坡头区').xMin).toBeCloseTo(LEFT, 0);
    expect(find('你单位').xMin).toBeCloseTo(LEFT + (2 * pt(156)) / 28, 0);
    expect(find('工作，办理期限').xMin).toBeCloseTo(LEFT, 0);
    expect(find('你单位').yMin).toBeGreaterThan(TOP);
    // 成文日期 four characters in from the right, the issuer's name centred over it, no seal drawing or label
    const date = page.filter((l) => l.text === '2027年6月13日')[0];
    expect(Math.abs(date.xMax - (RIGHT - 4 * BODY))).toBeLessThan(1);
    const name = page.find((l) => l.text === '中卫市司法局')!;
    expect(name.yMax).toBeLessThan(date.yMin);
    expect(Math.abs((name.xMin + name.xMax) / 2 - (date.xMin + date.xMax) / 2)).toBeLessThan(1);
    expect(text).not.toMatch(/印章/);
    const seal = sealArea(page, '2027年6月13日', '中卫市司法局');
    expect(seal.covered).toEqual([]);
    expect(seal.topToText).toBeLessThan(pt(225) / 22);
    expect(seal.bottom).toBeLessThan(find('中卫市司法局办公室').yMin);
    // 版记's last line on the foot of the 版心; the page number under it, on the right, one character in
    const printed = find('2027年6月13日印发');
    expect(printed.yMax).toBeLessThanOrEqual(BOTTOM);
    expect(printed.yMax).toBeGreaterThan(BOTTOM - 2 * BODY);
    const number = page.find((l) => l.text.replace(/\s/g, '') === '—1—')!;
    expect(Math.abs(number.yMin - (BOTTOM + pt(7)))).toBeLessThan(1);
    expect(number.height).toBeCloseTo(14, 0);
    expect(Math.abs(number.xMax - (RIGHT - 14))).toBeLessThan(1);
  });

  it('draws the lines closer rather than put the signature and 版记 alone on a second page (§7.3.5.5)', async () => {
    const withCopies = { ...notice, body: [...notice.body, '特此通知。'], copiesTo: ['中卫市人民政府办公室'] };
    const all = pages(await render(withCopies));
    expect(all).toHaveLength(1);
    const body = bodySized(all[0]).filter((l) => l.yMin > TOP + pt(35));
    const steps = body.slice(1).map((l, i) => l.yMin - body[i].yMin);
    // closer than the standard's 22 lines to 225 mm, but never touching: at least half a character between lines
    expect(Math.min(...steps)).toBeLessThan(pt(225) / 22);
    expect(Math.min(...steps)).toBeGreaterThan(BODY * 1.25);
    expect(all[0].map((l) => l.text).join('')).toMatch(/抄送：中卫市人民政府办公室。.*2027年6月13日印发/);
    const seal = sealArea(all[0], '2027年6月13日', '中卫市司法局');
    expect(seal.covered).toEqual([]);
    expect(seal.topToText).toBeLessThan(pt(225) / 22);
    expect(seal.bottom).toBeLessThan(all[0].find((l) => l.text.startsWith('抄送'))!.yMin);
  });

  it('numbers each page on that page, puts the 版记 only on the last, and leaves no page without body text', async () => {
    const file = await render(long);
    const all = pages(file);
    expect(all).toHaveLength(2);
    all.forEach((page, i) => {
      const number = page.find((l) => l.text.replace(/\s/g, '') === `—${i + 1}—`);
      expect(number).toBeDefined();
      // odd pages on the right, even on the left, one 4号 character in
      if (i % 2 === 0) expect(Math.abs(number!.xMax - (RIGHT - 14))).toBeLessThan(1);
      else expect(Math.abs(number!.xMin - (LEFT + 14))).toBeLessThan(1);
      expect(bodySized(page).length).toBeGreaterThan(0);
      const text = page.map((l) => l.text).join('');
      expect(text.includes('印发')).toBe(i === all.length - 1);
      expect(text.includes('抄送：')).toBe(i === all.length - 1);
    });
    // a full page holds 22 lines of body text, none below the 版心
    const second = bodySized(all[1]);
    for (const l of second) expect(l.yMax).toBeLessThanOrEqual(BOTTOM + 0.5);
    expect(second[0].yMin).toBeCloseTo(TOP, 0);
    // the title broken between phrases, not inside a word
    expect(all[0].filter((l) => Math.abs(l.height - 22) < 0.5).map((l) => l.text)).toEqual([
      '关于对中卫市沙坡头区市场监督管理局',
      '未按期报送工作措施予以挂牌督办的通知书',
    ]);
  });

  it('fills a full page with 22 lines from the top to the foot of the 版心 (§5.2.3)', async () => {
    const sentence = '你单位承担的专项整治任务未按期完成，经督办仍未办结，情节较重，现予以挂牌督办。';
    const file = await render({ ...notice, body: Array.from({ length: 14 }, () => sentence.repeat(2)) });
    const all = pages(file);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const full = bodySized(all[1]);
    expect(full).toHaveLength(22);
    expect(full[0].yMin).toBeCloseTo(TOP, 0);
    expect(full[21].yMax).toBeCloseTo(BOTTOM, 0);
    // 28 characters to a full line
    const line = full.find((l) => l.xMin < LEFT + 1 && [...l.text].length === 28);
    expect(line).toBeDefined();
    expect(line!.xMax).toBeGreaterThan(RIGHT - 1);
  });

  it('never leaves a page without body text, however long the body', async () => {
    const paragraph = '请于2027年6月21日前办结，并将办理结果书面报送市司法局法治督察科。';
    let before = 1;
    for (let count = 1; count <= 16; count++) {
      const all = pages(await render({ ...long, body: Array.from({ length: count }, () => paragraph) }));
      expect(all.length).toBeGreaterThanOrEqual(before);
      before = all.length;
      all.forEach((page, i) => {
        expect([count, i, bodySized(page).some((l) => l.text.includes('办结') || l.text.includes('督察科'))]).toEqual([
          count,
          i,
          true,
        ]);
      });
      expect(all[all.length - 1].map((l) => l.text).join('')).toContain('印发');
    }
  });

  it('prints a letter in the 信函格式: the issuer without 文件, the number on the right, no number on its first page', async () => {
    const file = await render(letter);
    const all = pages(file);
    expect(all).toHaveLength(1);
    const [page] = all;
    const text = page.map((l) => l.text).join('\n');
    expect(text).not.toContain('文件');
    expect(text).not.toContain('印发');
    expect(page[0].text).toBe('中卫市司法局');
    expect(page[0].yMin).toBeCloseTo(pt(30), 0);
    const number = page.find((l) => l.text === '卫法函〔2027〕2号')!;
    expect(number.xMax).toBeCloseTo(RIGHT, 0);
    expect(number.yMin).toBeGreaterThan(page[0].yMax);
    expect(page.some((l) => /—\s*1\s*—/.test(l.text))).toBe(false);
  });

  it("narrows a long issuer's mark to its line: the 版心 for a 文件, the 170 mm rule for a letter", async () => {
    const issuer = '中卫市沙坡头区市场监督管理局';
    const [file] = pages(await render({ ...notice, issuer }));
    expect(file[0].text).toBe(`${issuer}文件`);
    expect(file[0].xMin).toBeGreaterThanOrEqual(LEFT - 0.5);
    expect(file[0].xMax).toBeLessThanOrEqual(RIGHT + 0.5);
    expect(file[0].xMax - file[0].xMin).toBeGreaterThan(pt(156) * 0.95);
    const [first] = pages(await render({ ...letter, issuer }));
    expect(first[0].text).toBe(issuer);
    expect(first[0].xMin).toBeGreaterThanOrEqual(pt(20) - 0.5);
    expect(first[0].xMax).toBeLessThanOrEqual(pt(190) + 0.5);
  });

  it('marks a drill 演练 without moving anything else', async () => {
    const plain = pages(await render(notice))[0];
    const drill = pages(await render({ ...notice, drill: true }))[0];
    const mark = drill.find((l) => l.text === '演练')!;
    expect(mark.yMax).toBeLessThan(TOP);
    expect(drill.filter((l) => l.text !== '演练')).toEqual(plain);
  });

  it('embeds the 仿宋 and 小标宋 faces, and gives the same bytes for the same document', async () => {
    const fonts = execFileSync('pdffonts', [await render(notice)]).toString('utf8');
    expect(fonts).toMatch(/\+FandolFang-Regular\s.*yes\s+yes/);
    expect(fonts).toMatch(/\+FandolSong-Bold\s.*yes\s+yes/);
    expect(fonts).not.toMatch(/NotoSerifSC/);
    expect((await renderOfficialDocument(notice)).equals(await renderOfficialDocument(notice))).toBe(true);
  });

  it('draws a character beyond GB 2312 (a name like 王玥) in the fallback face, on the baseline of its line', async () => {
    const file = await render({ ...notice, body: [...notice.body, '联系人：王玥，联系电话：0955-7012345。'] });
    expect(execFileSync('pdffonts', [file]).toString('utf8')).toMatch(/\+NotoSerifSC-Regular\s.*yes\s+yes/);
    const line = pages(file)[0].find((l) => l.text.startsWith('联系人'))!;
    expect(line.text).toBe('联系人：王玥，联系电话：0955-7012345。');
    expect(line.height).toBeCloseTo(BODY, 0);
  });

  it('names the setting when a configured font file is missing', () => {
    expect(() => findFont('fangsong', { DOCUMENT_FONT_FANGSONG: '/nonexistent/仿宋_GB2312.ttf' })).toThrow(
      /DOCUMENT_FONT_FANGSONG=\/nonexistent\/仿宋_GB2312\.ttf/,
    );
    expect(findFont('kaiti', { DOCUMENT_FONT_KAITI: `${findFont('fangsong', {}).path}#FandolFang-Regular` })).toEqual({
      path: findFont('fangsong', {}).path,
      postscriptName: 'FandolFang-Regular',
    });
  });
});
