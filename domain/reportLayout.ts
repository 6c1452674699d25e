import { STATISTICS_COLUMNS, type Column, type StatisticsRow } from './statistics';

/**
 * How Attachment 2 is laid out on paper (the official form): the columns under their grouped headers (合并单元格),
 * without the internal agency id. A column not claimed by a group stands alone over both header rows.
 */
export const STATISTICS_HEADER_GROUPS: readonly { title: string; keys: (key: string) => boolean }[] = [
  { title: '问题类别（个）', keys: (k) => k.startsWith('area.') },
  { title: '问题来源（个）', keys: (k) => k.startsWith('source.') },
  {
    title: '整改情况',
    keys: (k) => ['rectified', 'closedOtherwise', 'inProgress', 'overdue', 'rectificationRate'].includes(k),
  },
  { title: '问题处置（件）', keys: (k) => k.startsWith('disposal.') },
  {
    title: '建章立制',
    keys: (k) => ['rulesEstablished', 'rulesRevised', 'standardsFiled', 'standardsFiledOn'].includes(k),
  },
  { title: '群众举报（件）', keys: (k) => k.startsWith('complaints') },
  { title: '提醒与督办', keys: (k) => k === 'listed' || k === 'remindersSent' || k.startsWith('escalation.') },
];

/** Internal ids never go on paper. */
const INTERNAL: ReadonlySet<string> = new Set(['agencyId']);

export interface PrintedColumn {
  column: Column;
  /** The group header above it, or null when it stands alone. */
  group: string | null;
  /** Its own header under the group (the group's prefix "来源·" etc. left out). */
  header: string;
  /** The cell as printed: a rate is a number (a fraction) that the cell's format shows as a percentage. */
  value: (r: StatisticsRow) => string | number | null;
  /** The cell's number format, when it has one. */
  numFmt?: string;
}

/** The rate prints as a number formatted as a percentage, so that it sums, sorts and charts in Excel. */
const PRINTED_AS: Record<string, Partial<PrintedColumn>> = {
  rectificationRate: {
    header: '整改率',
    value: (r) => (r.rectificationRate === null ? null : r.rectificationRate / 100),
    numFmt: '0.0%',
  },
};

export const PRINTED_STATISTICS_COLUMNS: readonly PrintedColumn[] = STATISTICS_COLUMNS.filter(
  (c) => !INTERNAL.has(c.key),
).map((column) => {
  const group = STATISTICS_HEADER_GROUPS.find((g) => g.keys(column.key))?.title ?? null;
  return {
    column,
    group,
    header: group ? column.header.replace(/^(来源|处置|升级)·/, '') : column.header,
    value: column.value,
    ...PRINTED_AS[column.key],
  };
});

/** The columns that name a row, repeated at the left of every sheet (序号 comes before them). */
const ROW_NAMES: ReadonlySet<string> = new Set(['county', 'agency']);

/**
 * Attachment 2 on A4 landscape: its 40 figures on one width would print at about a third of their size, so they go
 * on two sheets of 20, each repeating 序号, 县区 and 单位 — the ledger's problems and their rectification, then
 * what was done about them (disposals, rules, complaints, reminders and escalations).
 */
export const STATISTICS_SHEETS: readonly { name: string; columns: readonly PrintedColumn[] }[] = (() => {
  const names = PRINTED_STATISTICS_COLUMNS.filter((c) => ROW_NAMES.has(c.column.key));
  const figures = PRINTED_STATISTICS_COLUMNS.filter((c) => !ROW_NAMES.has(c.column.key));
  const split = figures.findIndex((c) => c.column.key === 'disciplinaryReferrals');
  return [
    { name: '统计表（一）问题与整改', columns: [...names, ...figures.slice(0, split)] },
    { name: '统计表（二）处置与督办', columns: [...names, ...figures.slice(split)] },
  ];
})();

/** What stands at the top left of the form, as on the plan's attachment. */
export const STATISTICS_ATTACHMENT_LABEL = '附件2';

/** The lines under each form, for the people who fill, check and answer for it. */
export const SIGNATURE_LINE = '填报人：              审核人：              单位负责人：              联系电话：';
