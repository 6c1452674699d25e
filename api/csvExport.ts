import { z } from 'zod';
import { CSV_CONTENT_TYPE, toCsv, type Cell } from './csv';
import { refused } from './errors';
import type { RouteDef, RouteResult } from './route';

/** The most rows one export holds: past it the export is refused and a narrower filter asked for, never cut short. */
export const CSV_MAX_ROWS = 100_000;
const PAGE = 500;

export type CsvColumns<T> = readonly (readonly [header: string, cell: (item: T) => Cell])[];

/**
 * A list route's CSV twin (`…/events.csv` beside `…/events`): the same access, path parameters and filters, the list
 * read through every page by the list's own handler (so scope and filters cannot differ), one row per item under
 * Chinese headers. No limit or cursor: an export is the whole filtered list.
 */
export function csvExport<T>(
  list: RouteDef,
  o: { path: string; summary: string; filename: (params: Record<string, string>) => string; columns: CsvColumns<T> },
): RouteDef {
  if (!(list.query instanceof z.ZodObject)) throw new TypeError(`${list.path} takes no query to export by`);
  return {
    method: 'get',
    path: o.path,
    tag: list.tag,
    summary: o.summary,
    access: list.access,
    params: list.params,
    query: list.query.omit({ limit: true, cursor: true }),
    response: {
      status: 200,
      description: 'the whole filtered list as CSV (UTF-8 with BOM, Chinese headers)',
      schema: z.string(),
      contentType: 'text/csv',
    },
    errors: [422],
    async handler(ctx): Promise<RouteResult> {
      const items: T[] = [];
      let cursor: string | undefined;
      do {
        const page = (await list.handler({ ...ctx, query: { ...(ctx.query as object), limit: PAGE, cursor } }))
          .body as { items: T[]; nextCursor: string | null };
        items.push(...page.items);
        if (items.length > CSV_MAX_ROWS)
          throw refused('csv_too_many_rows', `导出超过 ${CSV_MAX_ROWS} 行，请缩小筛选范围后再导出`);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const rows = [
        o.columns.map(([header]) => header),
        ...items.map((item) => o.columns.map(([, cell]) => cell(item))),
      ];
      return {
        text: {
          contentType: CSV_CONTENT_TYPE,
          content: toCsv(rows),
          filename: o.filename(ctx.params as Record<string, string>),
        },
      };
    },
  };
}
