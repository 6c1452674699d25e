import { STATISTICS_COLUMNS, type Column } from './statistics';

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
}

export const PRINTED_STATISTICS_COLUMNS: readonly PrintedColumn[] = STATISTICS_COLUMNS.filter(
  (c) => !INTERNAL.has(c.key),
).map((column) => {
  const group = STATISTICS_HEADER_GROUPS.find((g) => g.keys(column.key))?.title ?? null;
  return { column, group, header: group ? column.header.replace(/^(来源|处置|升级)·/, '') : column.header };
});

/** The lines under each form, for the people who fill, check and answer for it. */
export const SIGNATURE_LINE = '填报人：              审核人：              单位负责人：              联系电话：';
