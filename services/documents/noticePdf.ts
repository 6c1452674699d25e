import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { DOCUMENT_KINDS, type NoticeData } from '../../domain/documents';

/**
 * A numbered notice as a PDF in the layout of official documents (GB/T 9704-2012, 党政机关公文格式): A4, margins
 * 37/35/28/26 mm, 22 characters of 3号 (16 pt) to a line, 28 lines to a page; the issuing authority's mark in red
 * above the document number and a red separator line; the title in 2号 (22 pt); addressee, body, the date of
 * issue with the seal area over it, and the page number at the foot. The font is Noto Serif SC, embedded as a subset
 * of the characters used. The same data always gives the same bytes: the creation date is the instant of issue.
 */
const FONT_DIR = require.resolve('@expo-google-fonts/noto-serif-sc/package.json').replace(/package\.json$/, '');
let fonts: { regular: Buffer; bold: Buffer } | null = null;
const loadFonts = () =>
  (fonts ??= {
    regular: readFileSync(`${FONT_DIR}400Regular/NotoSerifSC_400Regular.ttf`),
    bold: readFileSync(`${FONT_DIR}700Bold/NotoSerifSC_700Bold.ttf`),
  });

const mm = (v: number) => (v * 72) / 25.4;
const RED = '#d40000';
const BODY_PT = 16; // 3号
const TITLE_PT = 22; // 2号
const MARK_PT = 30;
const MARGINS = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
const LINE = (mm(297) - MARGINS.top - MARGINS.bottom) / 28; // 28 lines to a page

function bodyOf(n: NoticeData): string[] {
  const missed = `你单位承担的“${n.matter}”，办理期限为${n.deadline}，至今未按期完成。`;
  switch (n.kind) {
    case 'supervision_notice':
      return [`${missed}根据专项整治督办工作规定，现予督办。`, DOCUMENT_KINDS.supervision_notice.demand, '特此通知。'];
    case 'listed_supervision':
      return [`${missed}经督办仍未办结，情节较重。`, DOCUMENT_KINDS.listed_supervision.demand, '特此通知。'];
    case 'discipline_referral':
      return [
        `经查，${n.agency}承担的“${n.matter}”，办理期限为${n.deadline}，逾期未完成，经督办仍未整改到位，涉嫌不作为、慢作为。`,
        DOCUMENT_KINDS.discipline_referral.demand,
        '特此函告。',
      ];
  }
}

export function renderNotice(n: NoticeData): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const title = DOCUMENT_KINDS[n.kind].zh;
  const issuedAt = new Date(n.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    info: {
      Title: n.number ? `${title} ${n.number}` : title,
      Author: n.issuer,
      Subject: n.matter,
      Creator: '专项整治',
      Producer: '专项整治',
      CreationDate: issuedAt,
      ModDate: issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('song', regular);
  doc.registerFont('song-bold', bold);
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const left = MARGINS.left;

  // 版头: the issuing authority's mark, the document number, the red separator line
  doc
    .font('song-bold')
    .fontSize(MARK_PT)
    .fillColor(RED)
    .text(`${n.issuer}文件`, left, MARGINS.top, { width, align: 'center', characterSpacing: 2 });
  doc.moveDown(0.8);
  doc.font('song').fontSize(BODY_PT).fillColor('black');
  if (n.number) doc.text(n.number, { width, align: 'center' });
  const ruleY = doc.y + mm(4);
  doc
    .moveTo(left, ruleY)
    .lineTo(left + width, ruleY)
    .lineWidth(1.5)
    .strokeColor(RED)
    .stroke();

  // 主体: title, addressee, body
  doc
    .font('song-bold')
    .fontSize(TITLE_PT)
    .fillColor('black')
    .text(`关于${n.matter}的${title}`, left, ruleY + LINE * 2, { width, align: 'center', lineGap: LINE - TITLE_PT });
  doc.moveDown(0.6);
  doc
    .font('song')
    .fontSize(BODY_PT)
    .text(`${n.addressee}：`, left, doc.y, { width, lineGap: LINE - BODY_PT });
  for (const p of bodyOf(n)) doc.text(p, { width, indent: BODY_PT * 2, lineGap: LINE - BODY_PT });

  // 成文日期 and the seal area over it (印章 pressed over the issuer's name and the date)
  doc.moveDown(2);
  const dateY = doc.y + LINE;
  doc.text(n.issuer, left, dateY, { width: width - BODY_PT * 4, align: 'right' });
  doc.text(n.date, left, dateY + LINE, { width: width - BODY_PT * 4, align: 'right' });
  const sealX = left + width - BODY_PT * 4 - mm(21);
  const sealY = dateY + LINE / 2 + mm(2);
  doc.save().circle(sealX, sealY, mm(21)).dash(3, { space: 3 }).lineWidth(0.8).strokeColor(RED).stroke().restore();
  doc
    .font('song')
    .fontSize(9)
    .fillColor(RED)
    .text('（印章区）', sealX - mm(21), sealY + mm(14), { width: mm(42), align: 'center' });

  // 页码: "— 1 —" in 4号 at the foot
  doc
    .font('song')
    .fontSize(14)
    .fillColor('black')
    .text('— 1 —', left, doc.page.height - MARGINS.bottom + mm(7), { width, align: 'center', lineBreak: false });
  doc.end();
  return done;
}
