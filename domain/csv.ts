/**
 * CSV for spreadsheet users (RFC 4180): UTF-8 with a byte-order mark so Excel reads Chinese text correctly, CRLF line
 * ends, fields quoted when they hold a comma, quote, CR or LF, quotes doubled. A text cell that a spreadsheet would
 * run as a formula (starting with =, +, -, @, tab or CR) is prefixed with an apostrophe (OWASP CSV injection);
 * numbers are written as they are. Shared by the API's CSV answers and the dashboard's list exports (no Node built-ins).
 */
export const BOM = '\uFEFF';

export type Cell = string | number | null | undefined;

export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return BOM + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
