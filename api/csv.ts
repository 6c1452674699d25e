/** CSV answers: the cells are written by domain/csv.ts, which the dashboard's own exports share. */
export { BOM, csvField, toCsv, type Cell } from '../domain/csv';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
