import { DEDUCTION_RULES, VETO_KINDS } from '../../domain/assessment/rubric';
import type { Deduction } from '../../domain/assessment/score';
import { a4Sheet, boxed, heading, signature, type FormHeading } from './workbooks';

/** The columns of the 考核评分表, in print order. */
export const SCORE_SHEET_HEADERS = ['序号', '单位', '所属', '得分', '等次', '名次', '扣分明细', '加减分'] as const;

export interface ScoreSheetRow {
  agencyName: string;
  levelName: string;
  score: number;
  grade: string;
  rank: number;
  deductions: Deduction[];
  adjustments: { kind: string; points: number; reason: string }[];
}

const ruleZh = (rule: string) =>
  (DEDUCTION_RULES as Record<string, { zh: string }>)[rule]?.zh ??
  (VETO_KINDS as Record<string, { zh: string }>)[rule]?.zh ??
  rule;
const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

/** "督办通知 −3；材料逾期报送 −2": each deduction actually taken, in time order; a veto by name. */
export const deductionText = (ds: readonly Deduction[]) =>
  ds
    .filter((d) => d.points > 0 || d.category === 'veto')
    .map((d) => (d.category === 'veto' ? `${ruleZh(d.rule)}（一票否决）` : `${ruleZh(d.rule)} −${d.points}`))
    .join('；');

/**
 * The 考核评分表 in the official layout of the bureau's forms (services/documents/workbooks.ts): title, 填报单位 and
 * date, the columns boxed, one block per level (市直 departments, then each county) in rank order, the signature
 * line; A4 portrait, fitted to the page's width.
 */
export async function scoreSheetWorkbook(h: FormHeading, rows: readonly ScoreSheetRow[]): Promise<Buffer> {
  const { wb, ws } = a4Sheet('考核评分表', 'portrait');
  const width = SCORE_SHEET_HEADERS.length;
  heading(ws, h, width);
  boxed(ws.addRow([...SCORE_SHEET_HEADERS]), width, true);
  rows.forEach((r, i) => {
    const adjustments = r.adjustments.map((a) => `${a.reason} ${signed(a.points)}`).join('；');
    const row = ws.addRow([
      i + 1,
      r.agencyName,
      r.levelName,
      r.score,
      r.grade,
      r.rank,
      deductionText(r.deductions),
      adjustments,
    ]);
    boxed(row, width);
    row.getCell(7).alignment = { vertical: 'middle', wrapText: true };
    row.getCell(8).alignment = { vertical: 'middle', wrapText: true };
  });
  ws.columns.forEach((col, i) => (col.width = [6, 26, 12, 8, 8, 6, 36, 24][i]));
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  signature(ws, width);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
