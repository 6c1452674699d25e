import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { ROSTER_COLUMNS } from '../../domain/registry/roster';

/** A roster workbook as a bureau saves it from Excel, written by the spreadsheet library (not by the code under test). */
export async function rosterXlsx(
  rows: (string | number)[][],
  headers: string[] = ROSTER_COLUMNS.map((c) => c.header),
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('名录');
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** POST a file as multipart/form-data field `file`, as the dashboard's form does. */
export async function upload(baseUrl: string, path: string, token: string, data: Buffer, filename: string) {
  const form = new FormData();
  form.append('file', new Blob([data]), filename);
  const res = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, text };
}

/**
 * A zip bomb dressed as .xlsx: one entry of `unpackedMb` MB of zeros (a few hundred KB deflated) whose header claims
 * `claimedBytes` — a liar's header, so only counting what actually inflates can stop it. Zip layout per APPNOTE 6.3:
 * local header, data, central directory, end record (CRC left 0: nothing here checks it before the size).
 */
export function zipBomb(unpackedMb: number, claimedBytes: number): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const mb = Buffer.alloc(1024 * 1024);
  const data = deflateRawSync(Buffer.concat(Array.from({ length: unpackedMb }, () => mb)), { level: 9 });
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(claimedBytes, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(claimedBytes, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42); // local header at 0
  const centralAt = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralAt, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}
