import PDFDocument from 'pdfkit';
import type { OfficialDocument } from '../../domain/officialDocument';
import { type Face, loadFonts } from './fonts';
import { type BrokenLine, breakParagraph } from './lineBreak';
import { breakTitle } from './titleLines';

/**
 * An official document (公文) as a PDF in the layout of GB/T 9704-2012 党政机关公文格式. Everything is placed by
 * coordinates computed here — pdfkit wraps nothing and adds no page by itself — so a document takes as many pages
 * as its text needs and no more, and each page number stands on the page it numbers.
 *
 * Measures (section numbers of the standard): A4; 版心 156 × 225 mm, 天头 37 mm, 订口 28 mm (§5.2.1); 22 lines of 28
 * characters of 3号 (16 pt) 仿宋 filling the 版心 (§5.2.3), a line being a character's height and 7/8 of it between
 * (§3.3); 文件格式: the red 发文机关标志 (小标宋) 35 mm below the top of the 版心, the 发文字号 two lines under it, the red
 * rule 4 mm under that (§7.2.4–7.2.7); 信函格式: the issuer's name 30 mm from the top of the page, a red double rule
 * (thick over thin) 4 mm under it and one (thin over thick) 20 mm above the foot, 170 mm long, the 发文字号 at the
 * right under the rule, no page number on the first page, a 版记 of 抄送 only (§10.1); the title in 2号 (22 pt)
 * 小标宋 two lines under the rule (§7.3.1, broken by titleLines.ts), 主送机关 a line under it with a full-width colon,
 * paragraphs indented two characters (§7.3.2–7.3.3); the 成文日期 four characters in from the right, the issuer's name
 * centred over it, both under the centre of where the seal is pressed, the seal's top within a line of the text
 * and over no text (§7.3.5); the 版记 — 抄送, then 印发机关 and 印发日期 — in 4号 between rules, thick first and last,
 * thin between, the last on the foot of the 版心 of the last page (§7.4); page numbers "— 1 —" in 4号 宋体 7 mm under
 * the 版心, odd pages on the right and even pages on the left, one character in (§7.5). When only the space after the
 * text keeps a document from one page, the lines are drawn closer (§7.3.5.5 allows adjusting the line spacing).
 */

const mm = (v: number) => (v * 72) / 25.4;
const PAGE = { width: mm(210), height: mm(297) };
const TOP = mm(37);
const LEFT = mm(28);
const WIDTH = mm(156);
const BOTTOM = TOP + mm(225);
const RIGHT = LEFT + WIDTH;
const BODY = 16; // 3号
const TITLE = 22; // 2号
const FOOT = 14; // 4号
const LINES = 22;
const CHARS = 28;
/** one line: a character's height and 7/8 of it; 22 of them fill the 版心 */
const PITCH = (BOTTOM - TOP - BODY) / (LINES - 1);
/** the character grid's spacing: 28 characters fill the line */
const GRID_SPACING = WIDTH / CHARS - BODY;
/** the largest 发文机关标志 (it shrinks to fit its line) */
const MARK = 52;
const SEAL_RADIUS = mm(21); // a 42 mm seal
/** the 信函格式's double rules: 170 mm, centred; their two lines this far apart */
const LETTER_RULE = { left: (PAGE.width - mm(170)) / 2, right: (PAGE.width + mm(170)) / 2, apart: 3 };
/** red ink as §5.2 gives it: Y80% M80% */
const RED: [number, number, number, number] = [0, 80, 80, 0];
const BLACK = 'black';
/** line spacings tried, widest first, when a document would otherwise take a page more */
const TIGHTER = [1, 0.95, 0.9, 0.85, 0.8, 0.75];

interface Run {
  text: string;
  face: Face;
  size: number;
  x: number;
  y: number;
  spacing?: number;
  color?: typeof RED | typeof BLACK;
  /** horizontal scale (长体 of a long issuer's mark) */
  scale?: number;
}
interface Rule {
  y: number;
  x1: number;
  x2: number;
  /** a rule that is not level ends here (the drill mark's box) */
  y2?: number;
  width: number;
  color: typeof RED | typeof BLACK;
}
interface Page {
  runs: Run[];
  rules: Rule[];
}

/** a line of the flow (主送机关 and body) before it is placed on a page */
interface FlowLine extends BrokenLine {
  face: Face;
  indent: number;
  /** the last line of its paragraph is not justified */
  last: boolean;
}

export async function renderOfficialDocument(doc: OfficialDocument): Promise<Buffer> {
  const fonts = loadFonts();
  const issuedAt = new Date(doc.issuedAt);
  const pdf = new PDFDocument({
    autoFirstPage: false,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    info: {
      Title: doc.title,
      Author: doc.issuer,
      Subject: doc.number,
      Creator: '专项整治',
      Producer: '专项整治',
      CreationDate: issuedAt,
      ModDate: issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  for (const [face, font] of Object.entries(fonts)) pdf.registerFont(face, font.data, font.postscriptName);

  const faces = new Map<Face, EmbeddedFace>();
  const embedded = (face: Face) => {
    let f = faces.get(face);
    if (!f) faces.set(face, (f = (pdf.font(face) as unknown as { _font: EmbeddedFace })._font));
    return f;
  };
  /** the text in runs of one face: the styled face where it has the glyph, else the fallback */
  const runsOf = (text: string, face: Face): [string, Face][] => {
    const runs: [string, Face][] = [];
    for (const ch of text) {
      const f = embedded(face).font.hasGlyphForCodePoint(ch.codePointAt(0)!) || /\s/.test(ch) ? face : 'fallback';
      const last = runs[runs.length - 1];
      if (last?.[1] === f) last[0] += ch;
      else runs.push([ch, f]);
    }
    return runs;
  };
  const widths = new Map<string, number>();
  const width = (text: string, face: Face, size: number) => {
    const key = `${face}|${size}|${text}`;
    let w = widths.get(key);
    if (w === undefined) {
      w = runsOf(text, face).reduce((sum, [t, f]) => sum + pdf.font(f).fontSize(size).widthOfString(t), 0);
      widths.set(key, w);
    }
    return w;
  };

  const layouts = TIGHTER.map((t) => layout(doc, width, PITCH * t));
  for (const page of layouts.find((p) => p.length === 1) ?? layouts[0]) {
    pdf.addPage({ size: 'A4', margin: 0 });
    for (const r of page.rules)
      pdf
        .moveTo(r.x1, r.y)
        .lineTo(r.x2, r.y2 ?? r.y)
        .lineWidth(r.width)
        .strokeColor(r.color)
        .stroke();
    for (const r of page.runs) {
      // every run of a line on the styled face's baseline
      const baseline = r.y + (embedded(r.face).ascender / 1000) * r.size;
      let x = r.x;
      for (const [text, face] of runsOf(r.text, r.face)) {
        pdf
          .font(face)
          .fontSize(r.size)
          .fillColor(r.color ?? BLACK)
          .text(text, x, baseline, {
            lineBreak: false,
            baseline: 'alphabetic',
            characterSpacing: r.spacing ?? 0,
            // pdfkit draws it (the Tz operator); its type definitions do not list it yet
            ...({ horizontalScaling: (r.scale ?? 1) * 100 } as object),
          });
        x += (width(text, face, r.size) + (r.spacing ?? 0) * [...text].length) * (r.scale ?? 1);
      }
    }
  }
  pdf.end();
  return done;
}

type Measure = (text: string, face: Face, size: number) => number;

/** what pdfkit keeps of an embedded face (not in its type definitions): its fontkit font and its ascent in 1/1000 em */
interface EmbeddedFace {
  font: { hasGlyphForCodePoint(codePoint: number): boolean };
  ascender: number;
}

/** The pages of a document at a given line spacing. */
function layout(doc: OfficialDocument, width: Measure, pitch: number): Page[] {
  const pages: Page[] = [{ runs: [], rules: [] }];
  const first = pages[0];
  const gap = pitch - BODY;
  const centred = (text: string, face: Face, size: number, y: number, color?: Run['color']): Run => ({
    text,
    face,
    size,
    x: LEFT + (WIDTH - width(text, face, size)) / 2,
    y,
    color,
  });

  /** the top of the line after n empty lines under something whose bottom is at y */
  const after = (y: number, n: number) => y + gap + n * pitch;

  // 版头
  const markText = doc.format === 'file' ? `${doc.issuer}文件` : doc.issuer;
  const mark = markFit(width(markText, 'xiaobiaosong', MARK), doc.format === 'file' ? WIDTH : mm(170));
  const markTop = doc.format === 'file' ? TOP + mm(35) : mm(30);
  first.runs.push({
    ...centred(markText, 'xiaobiaosong', mark.size, markTop, RED),
    // centred on the 版心, or on the page like the letter's 170 mm rules
    x:
      (doc.format === 'file' ? LEFT + WIDTH / 2 : PAGE.width / 2) -
      (width(markText, 'xiaobiaosong', mark.size) * mark.scale) / 2,
    scale: mark.scale,
  });
  let titleTop: number;
  if (doc.format === 'file') {
    const numberTop = after(markTop + mark.size, 2);
    first.runs.push(centred(doc.number, 'fangsong', BODY, numberTop));
    const ruleY = numberTop + BODY + mm(4);
    first.rules.push({ y: ruleY, x1: LEFT, x2: RIGHT, width: 1.5, color: RED });
    titleTop = ruleY + 2 * pitch;
  } else {
    const ruleY = markTop + mark.size + mm(4);
    first.rules.push(...doubleRule(ruleY, true), ...doubleRule(PAGE.height - mm(20), false));
    const numberTop = ruleY + LETTER_RULE.apart + (BODY * 7) / 8;
    const numberWidth = width(doc.number, 'fangsong', BODY);
    first.runs.push({ text: doc.number, face: 'fangsong', size: BODY, x: RIGHT - numberWidth, y: numberTop });
    titleTop = after(numberTop + BODY, 2);
  }

  // 标题, two lines under the rule (the letter's number)
  let y = titleTop;
  for (const line of breakTitle(doc.title, Math.floor(WIDTH / TITLE))) {
    first.runs.push(centred(line, 'xiaobiaosong', TITLE, y));
    y += TITLE + gap;
  }
  const titleBottom = y - gap;

  // 主送机关 a line under the title, then the body, line by line on the grid
  const flow = flowLines(doc, width);
  const placed: { page: number; y: number; line: FlowLine }[] = [];
  let page = 0;
  y = after(titleBottom, 1);
  for (const line of flow) {
    if (y + BODY > BOTTOM + 0.01) {
      page++;
      y = TOP;
    }
    placed.push({ page, y, line });
    y += pitch;
  }

  // 版记 rows and the signature must fit on the last page: else its last lines go over with them
  const copies = doc.copiesTo.length ? copiesLines(doc.copiesTo, width) : [];
  const recordRows = copies.length + (doc.format === 'file' ? 1 : 0);
  const recordTop = BOTTOM - recordRows * pitch;
  let tail = signature(doc, placed[placed.length - 1], width, pitch);
  // the date's line, and the seal pressed over it, end above the 版记 (a letter without 抄送: the foot of the 版心)
  const reach = recordRows ? Math.max(BODY, sealBelow(pitch)) : BODY;
  if (tail.dateTop + reach > recordTop + 0.01) {
    const last = placed[placed.length - 1].page;
    const onLast = placed.filter((p) => p.page === last).length;
    const carry = Math.max(1, Math.min(2, onLast - 1));
    placed.slice(-carry).forEach((p, i) => Object.assign(p, { page: last + 1, y: TOP + i * pitch }));
    tail = signature(doc, placed[placed.length - 1], width, pitch);
  }
  const lastPage = placed[placed.length - 1].page;
  while (pages.length <= lastPage) pages.push({ runs: [], rules: [] });

  for (const { page: p, y: top, line } of placed) {
    const avail = WIDTH - line.indent;
    const glyphs = line.width - [...line.text].length * GRID_SPACING;
    const justified = (avail - glyphs) / ([...line.text].length - 1);
    const spacing = !line.last && justified > GRID_SPACING && justified < BODY ? justified : GRID_SPACING;
    pages[p].runs.push({ text: line.text, face: line.face, size: BODY, x: LEFT + line.indent, y: top, spacing });
  }
  const end = pages[lastPage];
  end.runs.push(...tail.runs);
  end.runs.push(...record(doc, copies, recordTop, pitch, width));
  if (doc.format === 'file') end.rules.push(...recordRules(copies.length, recordTop, pitch));

  pages.forEach((p, i) => {
    if (doc.drill) p.runs.push(...drillMark(p));
    if (doc.format === 'letter' && i === 0) return; // 信函格式: 首页不显示页码
    const number = `— ${i + 1} —`;
    const w = width(number, 'songti', FOOT);
    const x = (i + 1) % 2 === 1 ? RIGHT - FOOT - w : LEFT + FOOT;
    p.runs.push({ text: number, face: 'songti', size: FOOT, x, y: BOTTOM + mm(7) });
  });
  return pages;
}

function doubleRule(y: number, thickOverThin: boolean): Rule[] {
  const thick = { y: 0, x1: LETTER_RULE.left, x2: LETTER_RULE.right, width: 2, color: RED };
  const thin = { ...thick, width: 0.6 };
  const apart = LETTER_RULE.apart;
  return thickOverThin
    ? [
        { ...thick, y },
        { ...thin, y: y + apart },
      ]
    : [
        { ...thin, y: y - apart },
        { ...thick, y },
      ];
}

/**
 * The 发文机关标志's size and horizontal scale: 52 pt when the name fits its line, else narrowed (长体, as printers set
 * long names) down to 3/4 of its width, and only then smaller.
 */
function markFit(widthAtMark: number, line: number): { size: number; scale: number } {
  const scale = Math.max(0.75, Math.min(1, line / widthAtMark));
  return { size: Math.min(MARK, (line / (widthAtMark * scale)) * MARK), scale };
}

/** 主送机关 with its colon, then the paragraphs, broken into lines on the 28-character grid */
function flowLines(doc: OfficialDocument, width: Measure): FlowLine[] {
  const lines: FlowLine[] = [];
  const add = (text: string, face: Face, indent: number) => {
    const advance = (ch: string) => width(ch, face, BODY) + GRID_SPACING;
    const broken = breakParagraph(text, WIDTH, advance, indent);
    broken.forEach((l, i) => lines.push({ ...l, face, indent: i === 0 ? indent : 0, last: i === broken.length - 1 }));
  };
  add(`${doc.addressee}：`, 'fangsong', 0);
  for (const paragraph of doc.body) add(paragraph, headingFace(paragraph), 2 * (WIDTH / CHARS));
  return lines;
}

/** §7.3.3: a first-level heading (一、…) in 黑体, a second-level one (（一）…) in 楷体, when the paragraph is only the heading */
function headingFace(paragraph: string): Face {
  const heading = !paragraph.slice(0, -1).includes('。');
  if (heading && /^[一二三四五六七八九十]+、/.test(paragraph)) return 'heiti';
  if (heading && /^（[一二三四五六七八九十]+）/.test(paragraph)) return 'kaiti';
  return 'fangsong';
}

/** how far the pressed seal, centred on the top of the issuer's name, reaches below the top of the date's line */
const sealBelow = (pitch: number) => SEAL_RADIUS - pitch;

/**
 * The issuer's name centred over the date, the date four characters in from the right. The seal is pressed with its
 * centre at the top of the issuer's name (both under the centre), so its top is a seal's radius above: the name goes
 * two lines under the text, or lower when the seal would cover the last line's characters.
 */
function signature(doc: OfficialDocument, last: { y: number; line: FlowLine }, width: Measure, pitch: number) {
  const dateWidth = width(doc.date, 'fangsong', BODY);
  const dateX = RIGHT - 4 * BODY - dateWidth;
  const centre = dateX + dateWidth / 2;
  const lastLineEnd = LEFT + last.line.indent + last.line.width;
  const coversLast = lastLineEnd > centre - SEAL_RADIUS;
  let nameTop = last.y + 2 * pitch;
  while (nameTop - SEAL_RADIUS < (coversLast ? last.y + BODY : last.y + BODY - pitch)) nameTop += pitch;
  const nameWidth = width(doc.issuer, 'fangsong', BODY);
  const nameX = Math.min(centre - nameWidth / 2, RIGHT - nameWidth);
  const dateTop = nameTop + pitch;
  return {
    dateTop,
    runs: [
      { text: doc.issuer, face: 'fangsong' as const, size: BODY, x: nameX, y: nameTop },
      { text: doc.date, face: 'fangsong' as const, size: BODY, x: dateX, y: dateTop },
    ],
  };
}

const COPIES_LABEL = '抄送：';

/** 抄送 lines: one character in on each side, wrapped lines aligned after the colon */
function copiesLines(copiesTo: string[], width: Measure): BrokenLine[] {
  const label = width(COPIES_LABEL, 'fangsong', FOOT);
  return breakParagraph(`${copiesTo.join('，')}。`, WIDTH - 2 * FOOT - label, (ch) => width(ch, 'fangsong', FOOT));
}

/** the 版记's text: 抄送 rows, then (文件格式) 印发机关 on the left and 印发日期 on the right, each centred in its row */
function record(doc: OfficialDocument, copies: BrokenLine[], top: number, pitch: number, width: Measure): Run[] {
  const inRow = (row: number) => top + row * pitch + (pitch - FOOT) / 2;
  const label = width(COPIES_LABEL, 'fangsong', FOOT);
  const runs: Run[] = copies.map((l, i) => ({
    text: l.text,
    face: 'fangsong',
    size: FOOT,
    x: LEFT + FOOT + label,
    y: inRow(i),
  }));
  if (copies.length) runs.push({ text: COPIES_LABEL, face: 'fangsong', size: FOOT, x: LEFT + FOOT, y: inRow(0) });
  if (doc.format === 'file') {
    const printed = doc.printedOn.endsWith('印发') ? doc.printedOn : `${doc.printedOn}印发`;
    const y = inRow(copies.length);
    runs.push({ text: doc.printedBy, face: 'fangsong', size: FOOT, x: LEFT + FOOT, y });
    runs.push({ text: printed, face: 'fangsong', size: FOOT, x: RIGHT - FOOT - width(printed, 'fangsong', FOOT), y });
  }
  return runs;
}

/** §7.4.1: the first and last rules 0.35 mm, the ones between 0.25 mm; the last on the foot of the 版心 */
function recordRules(copyRows: number, top: number, pitch: number): Rule[] {
  const rule = (y: number, w: number): Rule => ({ y, x1: LEFT, x2: RIGHT, width: mm(w), color: BLACK });
  const rules = [rule(top, 0.35), rule(BOTTOM, 0.35)];
  if (copyRows) rules.push(rule(top + copyRows * pitch, 0.25));
  return rules;
}

/** 演练 in a red box in the top margin, clear of the 版头 */
function drillMark(page: Page): Run[] {
  const [x, y, w, h] = [LEFT, mm(12), 60, 30];
  const side = { width: 1.2, color: RED };
  page.rules.push(
    { ...side, x1: x, y, x2: x + w },
    { ...side, x1: x, y: y + h, x2: x + w },
    { ...side, x1: x, y, x2: x, y2: y + h },
    { ...side, x1: x + w, y, x2: x + w, y2: y + h },
  );
  return [{ text: '演练', face: 'heiti', size: 22, x: x + 8, y: y + 4, color: RED }];
}
