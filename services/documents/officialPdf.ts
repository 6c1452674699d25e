import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { OfficialDocument } from '../../domain/officialDocument';

/**
 * PLACEHOLDER until the GB/T 9704 renderer replaces this file at merge (same export, same signature): one A4 page
 * printing what the document says in its order — 演练 on a drill's, issuer, number, title, addressee, body, date, then
 * the 版记 line — in Noto Serif SC. Tests of the register check content and order only.
 */
const FONT_DIR = require.resolve('@expo-google-fonts/noto-serif-sc/package.json').replace(/package\.json$/, '');
let font: Buffer | null = null;

export function renderOfficialDocument(d: OfficialDocument): Promise<Buffer> {
  font ??= readFileSync(`${FONT_DIR}400Regular/NotoSerifSC_400Regular.ttf`);
  const issuedAt = new Date(d.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 72,
    info: { Title: d.title, Author: d.issuer, CreationDate: issuedAt, ModDate: issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('serif', font).font('serif').fontSize(12);
  if (d.drill) doc.text('演练', { align: 'right' });
  doc.fontSize(20).fillColor(d.format === 'file' ? '#d40000' : 'black');
  doc.text(d.format === 'file' ? `${d.issuer}文件` : d.issuer, { align: 'center' });
  doc.fontSize(12).fillColor('black').text(d.number, { align: 'center' }).moveDown();
  doc.fontSize(16).text(d.title, { align: 'center' }).moveDown();
  doc.fontSize(12).text(`${d.addressee}：`);
  for (const p of d.body) doc.text(p, { indent: 24 });
  doc.moveDown().text(d.issuer, { align: 'right' }).text(d.date, { align: 'right' }).moveDown();
  if (d.copiesTo.length) doc.text(`抄送：${d.copiesTo.join('，')}。`);
  doc.text(`${d.printedBy}  ${d.printedOn}印发`);
  doc.end();
  return done;
}
