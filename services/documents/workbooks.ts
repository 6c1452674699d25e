import ExcelJS from 'exceljs';
import { SIGNATURE_LINE, STATISTICS_ATTACHMENT_LABEL, STATISTICS_SHEETS } from '../../domain/reportLayout';
import { CONTACT_HEADERS, type StatisticsTable } from '../../domain/statistics';

/**
 * Attachments 1 and 2 as the workbooks the bureau sends up (the official layout): a title row, the reporting unit and
 * the date, the headers (grouped under merged cells for Attachment 2), the rows with the 市直 and county subtotals
 * and the total in bold, and the signature line. No internal ids. Attachment 2 also has 附件2 at its top left, a 序号
 * column, and prints on A4 landscape (two sheets, docs/REPORTS.md).
 */
export interface FormHeading {
  title: string;
  /** 填报单位, e.g. 中卫市司法局 */
  reportingUnit: string;
  /** 填报日期, e.g. 2027年6月13日 */
  date: string;
}

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const CENTER = { horizontal: 'center' as const, vertical: 'middle' as const, wrapText: true };

/** A workbook of one sheet printed on A4, fitted to the page's width; dated at 0, so the same figures give the same file. */
export function a4Sheet(name: string, orientation: 'portrait' | 'landscape') {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(0);
  const ws = wb.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  return { wb, ws };
}

/** The title on row `at`, the reporting unit and the date on the row under it. */
export function heading(ws: ExcelJS.Worksheet, h: FormHeading, width: number, at = 1): void {
  ws.mergeCells(at, 1, at, width);
  const title = ws.getCell(at, 1);
  title.value = h.title;
  title.font = { name: '宋体', size: 18, bold: true };
  title.alignment = CENTER;
  ws.getRow(at).height = 36;
  const half = Math.max(1, Math.floor(width / 2));
  ws.mergeCells(at + 1, 1, at + 1, half);
  ws.getCell(at + 1, 1).value = `填报单位：${h.reportingUnit}（盖章）`;
  if (width > half) {
    ws.mergeCells(at + 1, half + 1, at + 1, width);
    ws.getCell(at + 1, half + 1).value = `填报日期：${h.date}`;
    ws.getCell(at + 1, half + 1).alignment = { horizontal: 'right' };
  }
}

export function signature(ws: ExcelJS.Worksheet, width: number): void {
  const at = ws.rowCount + 2;
  ws.mergeCells(at, 1, at, width);
  ws.getCell(at, 1).value = SIGNATURE_LINE;
}

/** Borders a row; its first `names` columns (the names) align left, the figures centre. */
export function boxed(row: ExcelJS.Row, width: number, bold = false, names = 2): void {
  for (let c = 1; c <= width; c++) {
    const cell = row.getCell(c);
    cell.border = BORDER;
    cell.alignment = c <= names && c > names - 2 ? { vertical: 'middle', wrapText: true } : CENTER;
    if (bold) cell.font = { bold: true };
  }
}

/** Attachment 2's sheets print on A4 landscape, fitted to the page's width (about 80 % at these column widths). */
const STATISTICS_PAGE: Partial<ExcelJS.PageSetup> = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
};
/** 序号, 县区, 单位, then each figure: narrow, their headers wrap. */
const SERIAL_WIDTH = 5;
const NAME_WIDTHS = [10, 20];
const FIGURE_WIDTH = 7;

export async function statisticsWorkbook(h: FormHeading, table: StatisticsTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(0); // the same figures give the same workbook
  STATISTICS_SHEETS.forEach((sheet, n) => {
    const ws = wb.addWorksheet(sheet.name, { pageSetup: { ...STATISTICS_PAGE } });
    const cols = sheet.columns;
    const width = cols.length + 1;
    // 附件2 at the top left, as on the plan; the heading under it
    ws.getCell(1, 1).value = STATISTICS_ATTACHMENT_LABEL;
    ws.getCell(1, 1).font = { name: '黑体', size: 14 };
    ws.mergeCells(1, 1, 1, 3);
    heading(
      ws,
      { ...h, title: `${h.title}${STATISTICS_SHEETS.length > 1 ? `（${n + 1}/${STATISTICS_SHEETS.length}）` : ''}` },
      width,
      2,
    );
    // two header rows: a group over its columns (merged across), a column alone over both rows (merged down)
    const top = 4;
    ws.getRow(top).values = ['序号', ...cols.map((c) => c.group ?? c.header)];
    ws.getRow(top + 1).values = ['', ...cols.map((c) => (c.group ? c.header : ''))];
    ws.mergeCells(top, 1, top + 1, 1);
    for (let i = 0; i < cols.length;) {
      const g = cols[i].group;
      let j = i;
      while (g && j + 1 < cols.length && cols[j + 1].group === g) j++;
      if (g) {
        if (j > i) ws.mergeCells(top, i + 2, top, j + 2);
      } else {
        ws.mergeCells(top, i + 2, top + 1, i + 2);
      }
      i = j + 1;
    }
    boxed(ws.getRow(top), width, true);
    boxed(ws.getRow(top + 1), width, true);
    ws.getRow(top + 1).height = 80;
    let serial = 0;
    for (const r of table.rows) {
      const agency = r.kind === 'agency';
      const row = ws.addRow([agency ? ++serial : null, ...cols.map((c) => c.value(r))]);
      boxed(row, width, !agency, 3);
      cols.forEach((c, i) => {
        if (c.numFmt) row.getCell(i + 2).numFmt = c.numFmt;
      });
    }
    ws.columns.forEach(
      (col, i) => (col.width = i === 0 ? SERIAL_WIDTH : i <= NAME_WIDTHS.length ? NAME_WIDTHS[i - 1] : FIGURE_WIDTH),
    );
    ws.views = [{ state: 'frozen', xSplit: 3, ySplit: top + 1 }];
    ws.pageSetup.printTitlesRow = `${top}:${top + 1}`;
    signature(ws, width);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function contactsWorkbook(
  h: FormHeading,
  cells: readonly (readonly (string | null)[])[],
): Promise<Buffer> {
  const { wb, ws } = a4Sheet('联系人', 'portrait');
  const width = CONTACT_HEADERS.length;
  heading(ws, h, width);
  const [header, ...rows] = cells;
  boxed(ws.addRow([...header]), width, true);
  for (const r of rows) boxed(ws.addRow([...r]), width);
  ws.columns.forEach((col, i) => (col.width = [12, 28, 12, 16, 18, 28, 14][i] ?? 14));
  signature(ws, width);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One sampled agency on the spot-check record sheet: what was found when it is recorded, blanks to fill in if not. */
export interface SpotCheckSheetRow {
  county: string;
  agency: string;
  reason: string;
  record: { omissions: boolean; accurate: boolean; findings: number; note: string | null; checkedOn: string } | null;
}

const SPOT_CHECK_HEADERS = [
  ['序号', 5],
  ['县区', 10],
  ['被抽查单位', 24],
  ['抽取理由', 14],
  ['问题清单有无漏报瞒报', 12],
  ['自查情况是否属实', 12],
  ['发现问题（个）', 9],
  ['检查情况及处置意见', 40],
  ['检查日期', 14],
] as const;

/**
 * The spot-check record sheet (抽查记录表) the inspectors take on site and file afterwards: one row per sampled agency,
 * what was recorded where a check is on record, blank cells to fill in by hand where not; A4 landscape at full width.
 */
export async function spotCheckRecordWorkbook(h: FormHeading, rows: readonly SpotCheckSheetRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(0);
  const ws = wb.addWorksheet('抽查记录表', { pageSetup: { ...STATISTICS_PAGE } });
  const width = SPOT_CHECK_HEADERS.length;
  heading(ws, h, width);
  boxed(ws.addRow(SPOT_CHECK_HEADERS.map(([header]) => header)), width, true, 3);
  rows.forEach((r, i) => {
    const rec = r.record;
    const row = ws.addRow([
      i + 1,
      r.county,
      r.agency,
      r.reason,
      rec ? (rec.omissions ? '有' : '无') : '',
      rec ? (rec.accurate ? '属实' : '不属实') : '',
      rec ? rec.findings : '',
      rec?.note ?? '',
      rec?.checkedOn ?? '',
    ]);
    row.height = 48; // room to write by hand
    boxed(row, width, false, 3);
  });
  SPOT_CHECK_HEADERS.forEach(([, w], i) => (ws.getColumn(i + 1).width = w));
  ws.pageSetup.printTitlesRow = '3:3';
  const at = ws.rowCount + 2;
  ws.mergeCells(at, 1, at, width);
  ws.getCell(at, 1).value = '检查人（签字）：              被检查单位负责人（签字）：              日期：';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
