import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import {
  ROSTER_COLUMNS,
  ROSTER_EXAMPLE,
  headerProblems,
  type RosterCells,
  type RosterKey,
  type RosterProblem,
} from '../domain/registry/roster';

/** What a roster file may hold once unpacked: a 20,000-row roster is a few MB; anything far beyond is not one. */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 2000;
export const MAX_ROSTER_ROWS = 20_000;

/** Why a file is not read at all (as opposed to a row's problem): too big once unpacked, or not a roster file. */
export class RosterFileError extends Error {
  constructor(
    readonly kind: 'too_large' | 'unreadable',
    message: string,
  ) {
    super(message);
  }
}

const unreadable = (message: string) => new RosterFileError('unreadable', message);

/**
 * A .xlsx is a zip: before the spreadsheet library inflates it, its entries' stated sizes must add up to no more than
 * `limit`, and every entry is inflated here once (to nowhere) so that a header under-stating its entry (a zip bomb's
 * trick) is caught: yauzl ends the stream with an error the moment an entry inflates past its stated size.
 */
async function assertUnpacksWithin(file: Buffer, limit: number): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(file, { lazyEntries: true, validateEntrySizes: true }, (err, z) =>
      err || !z ? reject(unreadable('文件不是有效的 Excel（.xlsx）文件')) : resolve(z),
    ),
  );
  let total = 0;
  let entries = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (e: Error) => (zip.close(), reject(e));
    zip.on('error', () => fail(unreadable('文件不是有效的 Excel（.xlsx）文件')));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      entries += 1;
      if (entries > MAX_ZIP_ENTRIES) return fail(unreadable('文件不是有效的 Excel（.xlsx）文件：压缩包内文件过多'));
      total += entry.uncompressedSize;
      if (total > limit)
        return fail(new RosterFileError('too_large', `文件解压后超过 ${limit / 1024 / 1024} MB，不是名录文件`));
      if (/\/$/.test(entry.fileName)) return zip.readEntry();
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail(unreadable('文件不是有效的 Excel（.xlsx）文件'));
        stream.resume();
        stream.on('error', () => fail(unreadable('文件不是有效的 Excel（.xlsx）文件：压缩内容已损坏')));
        stream.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
}

const isZip = (b: Buffer) => b.length >= 4 && b.readUInt32LE(0) === 0x04034b50;

/** CSV as Excel saves it: UTF-8 (with or without BOM) or, from Chinese Windows, GB18030. */
function csvText(file: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(file);
  } catch {
    return new TextDecoder('gb18030').decode(file);
  }
}

const cellText = (c: ExcelJS.Cell) => (c.value === null || c.value === undefined ? '' : c.text.trim());

const tooManyRows = (rows: number | string) =>
  new RosterFileError('too_large', `一次最多导入 ${MAX_ROSTER_ROWS} 行，本文件有 ${rows} 行`);

type RosterRead = { rows: { rowNumber: number; cells: RosterCells }[]; headerProblems: RosterProblem[] };

/**
 * The rows one at a time, as Excel numbers them: the header row gives the columns, every other row is kept as the few
 * roster cells it holds, and reading stops at the first row past MAX_ROSTER_ROWS — so a file of 400,000 rows is refused
 * having held one row at a time, never the workbook.
 */
async function collectRows(rows: AsyncIterable<ExcelJS.Row>): Promise<RosterRead> {
  let keys: (RosterKey | null)[] | null = null;
  const kept: RosterRead['rows'] = [];
  for await (const row of rows) {
    if (row.number - 1 > MAX_ROSTER_ROWS) throw tooManyRows(`超过 ${MAX_ROSTER_ROWS}`);
    if (!keys) {
      // the header is row 1; a sheet starting lower has no header
      const headers =
        row.number === 1 ? Array.from({ length: row.cellCount }, (_, i) => cellText(row.getCell(i + 1))) : [];
      const header = headerProblems(headers);
      if (header.problems.length) return { rows: [], headerProblems: header.problems };
      keys = header.keys;
      if (row.number === 1) continue;
    }
    const cells: RosterCells = {};
    keys.forEach((key, i) => {
      if (key) cells[key] = cellText(row.getCell(i + 1));
    });
    if (Object.values(cells).some(Boolean)) kept.push({ rowNumber: row.number, cells });
  }
  if (!keys) return { rows: [], headerProblems: headerProblems([]).problems };
  return { rows: kept, headerProblems: [] };
}

/** The first worksheet of a .xlsx, streamed (exceljs's WorkbookReader): its rows, one at a time. */
async function* xlsxRows(file: Buffer): AsyncGenerator<ExcelJS.Row> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
    sharedStrings: 'cache',
    styles: 'cache', // a date cell reads as the date it shows
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) yield row;
    return; // the first sheet is the roster
  }
  throw unreadable('文件中没有工作表');
}

/** A CSV's rows: a file of at most the upload's few MB, counted before it is parsed. */
async function* csvRows(file: Buffer, filename: string): AsyncGenerator<ExcelJS.Row> {
  const text = csvText(file);
  // a text file is a CSV; binary junk (NULs, control characters) is neither
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 64 * 1024))) {
    throw unreadable(`文件“${filename}”既不是 Excel（.xlsx）也不是 CSV 文件`);
  }
  // every row ends a line, and a cell may hold a line break or two: more lines than that is not a roster
  const lines = text.split('\n').length;
  if (lines > 2 * (MAX_ROSTER_ROWS + 1)) throw tooManyRows(lines - 1);
  const wb = new ExcelJS.Workbook();
  try {
    // cells stay text: a phone number such as 0955-7000000 is not a date
    await wb.csv.read(Readable.from([text.replace(/^\uFEFF/, '')]), { map: (v: unknown) => v } as never);
  } catch {
    throw unreadable('CSV 文件格式有误，无法读取');
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw unreadable('文件中没有工作表');
  for (let n = 1; n <= sheet.rowCount; n++) if (sheet.getRow(n).hasValues) yield sheet.getRow(n);
}

/** The roster's rows (as Excel numbers them) and the header's problems, from a .xlsx or .csv file. */
export async function readRosterFile(file: Buffer, filename: string): Promise<RosterRead> {
  if (!isZip(file)) return collectRows(csvRows(file, filename));
  await assertUnpacksWithin(file, MAX_UNPACKED_BYTES);
  try {
    return await collectRows(xlsxRows(file));
  } catch (err) {
    if (err instanceof RosterFileError) throw err;
    throw unreadable('文件不是有效的 Excel（.xlsx）文件');
  }
}

/** The template a bureau fills in: the Chinese headers, one example row, text cells (ids and codes keep leading zeros). */
export async function rosterTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('机构名录');
  sheet.columns = ROSTER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width, style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(ROSTER_EXAMPLE);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
