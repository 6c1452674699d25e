import { crc32, deflateSync } from 'node:zlib';
import { contentProblem } from '../../services/files/contentCheck';
import { jpegPhoto, pdfScan, pngScreenshot } from '../support/files';

/** A PNG with well-formed chunks (lengths, CRCs) around image data of the test's choosing: RGB, 8 bits. */
function png(o: { width: number; height: number; interlaced?: boolean; rows: Buffer }): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(o.width, 0);
  ihdr.writeUInt32BE(o.height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  ihdr[12] = o.interlaced ? 1 : 0;
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(o.rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('an upload is what its first bytes say, all the way through', () => {
  test('real files of each kind pass', async () => {
    expect(await contentProblem('png', pngScreenshot())).toBeNull();
    expect(await contentProblem('jpg', jpegPhoto())).toBeNull();
    expect(await contentProblem('pdf', await pdfScan())).toBeNull();
  });

  test('a PNG decodes to exactly the rows its header promises, interlaced or not', async () => {
    // 2×2 RGB: two rows of a filter byte and 6 bytes
    const rows = Buffer.from([0, 1, 2, 3, 4, 5, 6, 2, 1, 2, 3, 4, 5, 6]);
    expect(await contentProblem('png', png({ width: 2, height: 2, rows }))).toBeNull();
    expect(await contentProblem('png', png({ width: 2, height: 3, rows }))).toContain('少于');
    expect(await contentProblem('png', png({ width: 2, height: 1, rows }))).toContain('多于');
    // Adam7 on 2×2 (by hand): pass 1 is pixel (0,0), pass 6 pixel (1,0), pass 7 row 1 — 4 + 4 + 7 bytes
    const adam7 = Buffer.from([0, 9, 9, 9, 0, 8, 8, 8, 1, 7, 7, 7, 6, 6, 6]);
    expect(await contentProblem('png', png({ width: 2, height: 2, interlaced: true, rows: adam7 }))).toBeNull();
    expect(await contentProblem('png', png({ width: 2, height: 2, interlaced: true, rows }))).toContain('少于');
  });

  test('magic numbers in front of anything else are refused', async () => {
    const zeros = Buffer.alloc(1 << 20);
    expect(await contentProblem('png', Buffer.concat([pngScreenshot().subarray(0, 8), zeros]))).toMatch(/PNG/);
    expect(await contentProblem('jpg', Buffer.concat([Buffer.from([0xff, 0xd8]), zeros]))).toMatch(/JPEG/);
    expect(await contentProblem('pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), zeros]))).toMatch(/PDF/);
  });

  test('a PDF whose startxref is off is still taken when a reader could rebuild it from its trailer', async () => {
    const pdf = (await pdfScan()).toString('latin1');
    const shifted = pdf.replace(/startxref\s+(\d+)/, (_m, n: string) => `startxref\n${Number(n) + 7}`);
    expect(await contentProblem('pdf', Buffer.from(shifted, 'latin1'))).toBeNull();
    const noTrailer = shifted.replace('trailer', 'xxxxxxx');
    expect(await contentProblem('pdf', Buffer.from(noTrailer, 'latin1'))).toContain('trailer');
  });
});
