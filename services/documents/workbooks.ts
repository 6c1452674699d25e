import ExcelJS from 'exceljs';
import { PRINTED_STATISTICS_COLUMNS, SIGNATURE_LINE } from '../../domain/reportLayout';
import { CONTACT_HEADERS, type StatisticsTable } from '../../domain/statistics';

/**
 * Attachments 1 and 2 as the workbooks the bureau sends up (the official layout): a title row, the reporting unit and
 * the date, the headers (grouped under merged cells for Attachment 2), the rows with the 市直 and county subtotals
 * and the total in bold, and the signature line. No internal ids.
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

export function heading(ws: ExcelJS.Worksheet, h: FormHeading, width: number): void {
  ws.mergeCells(1, 1, 1, width);
  const title = ws.getCell(1, 1);
  title.value = h.title;
  title.font = { name: '宋体', size: 18, bold: true };
  title.alignment = CENTER;
  ws.getRow(1).height = 36;
  const half = Math.max(1, Math.floor(width / 2));
  ws.mergeCells(2, 1, 2, half);
  ws.getCell(2, 1).value = `填报单位：${h.reportingUnit}（盖章）`;
  if (width > half) {
    ws.mergeCells(2, half + 1, 2, width);
    ws.getCell(2, half + 1).value = `填报日期：${h.date}`;
    ws.getCell(2, half + 1).alignment = { horizontal: 'right' };
  }
}

export function signature(ws: ExcelJS.Worksheet, width: number): void {
  const at = ws.rowCount + 2;
  ws.mergeCells(at, 1, at, width);
  ws.getCell(at, 1).value = SIGNATURE_LINE;
}

export function boxed(row: ExcelJS.Row, width: number, bold = false): void {
  for (let c = 1; c <= width; c++) {
    const cell = row.getCell(c);
    cell.border = BORDER;
    cell.alignment = c <= 2 ? { vertical: 'middle', wrapText: true } : CENTER;
    if (bold) cell.font = { bold: true };
  }
}

export async function statisticsWorkbook(h: FormHeading, table: StatisticsTable): Promise<Buffer> {
  const { wb, ws } = a4Sheet('统计表', 'landscape');
  const cols = PRINTED_STATISTICS_COLUMNS;
  const width = cols.length;
  heading(ws, h, width);
  // two header rows: a group over its columns (merged across), a column alone over both rows (merged down)
  const top = 3;
  ws.getRow(top).values = cols.map((c) => c.group ?? c.header);
  ws.getRow(top + 1).values = cols.map((c) => (c.group ? c.header : ''));
  for (let i = 0; i < width;) {
    const g = cols[i].group;
    let j = i;
    while (g && j + 1 < width && cols[j + 1].group === g) j++;
    if (g) {
      if (j > i) ws.mergeCells(top, i + 1, top, j + 1);
    } else {
      ws.mergeCells(top, i + 1, top + 1, i + 1);
    }
    i = j + 1;
  }
  boxed(ws.getRow(top), width, true);
  boxed(ws.getRow(top + 1), width, true);
  ws.getRow(top + 1).height = 48;
  for (const r of table.rows) {
    const row = ws.addRow(cols.map((c) => c.column.value(r)));
    boxed(row, width, r.kind !== 'agency');
  }
  ws.columns.forEach((col, i) => (col.width = i < 2 ? 22 : 10));
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: top + 1 }];
  signature(ws, width);
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
