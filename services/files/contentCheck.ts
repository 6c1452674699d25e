import { createInflate, crc32 } from 'node:zlib';
import type { FileKind } from '../../domain/fileKinds';

/**
 * Whether a file is what its first bytes say, all the way through: magic numbers (sniff.ts) are a few bytes anyone can
 * put in front of 20 MB of zeros. An image must decode — a PNG's chunks check out (CRC), its IHDR gives dimensions,
 * and its IDAT stream inflates to exactly the rows those dimensions need, each with a valid filter; a JPEG's markers
 * run from SOI through a frame (dimensions) and its scans to EOI — and a PDF must parse as a PDF file's structure
 * (header, cross-reference table or stream found where startxref says, trailer, %%EOF). Zip-based kinds have already
 * been opened by JSZip. The reason in Chinese, or null.
 */
export async function contentProblem(kind: FileKind, bytes: Buffer): Promise<string | null> {
  if (kind === 'png') return pngProblem(bytes);
  if (kind === 'jpg') return jpegProblem(bytes);
  if (kind === 'pdf') return pdfProblem(bytes);
  return null;
}

/** The most pixels an uploaded image may have (a 100-megapixel scan); more is refused before anything is inflated. */
export const MAX_IMAGE_PIXELS = 100_000_000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Samples per pixel of each PNG colour type, and the bit depths it may have (PNG spec §11.2.2). */
const COLOUR_TYPES: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};
/** Adam7's seven passes: first column and row, and the steps between them. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

interface Header {
  width: number;
  height: number;
  bitsPerPixel: number;
  interlaced: boolean;
}

async function pngProblem(b: Buffer): Promise<string | null> {
  if (!b.subarray(0, 8).equals(PNG_SIGNATURE)) return 'PNG 文件头不正确';
  let at = 8;
  let header: Header | null = null;
  const idat: Buffer[] = [];
  for (;;) {
    if (at + 12 > b.length) return 'PNG 文件不完整（没有结束块 IEND）';
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return `PNG 数据块类型无效（偏移 ${at}）`;
    if (length > 0x7fffffff || at + 12 + length > b.length) return `PNG 数据块 ${type} 超出文件末尾`;
    if (crc32(b.subarray(at + 4, at + 8 + length)) !== b.readUInt32BE(at + 8 + length))
      return `PNG 数据块 ${type} 校验（CRC）不符`;
    const data = b.subarray(at + 8, at + 8 + length);
    if (!header && type !== 'IHDR') return 'PNG 缺少文件头块 IHDR';
    if (type === 'IHDR') {
      if (header || length !== 13) return 'PNG 文件头块 IHDR 有误';
      const [width, height, depth, colour, compression, filter, interlace] = [
        data.readUInt32BE(0),
        data.readUInt32BE(4),
        data[8],
        data[9],
        data[10],
        data[11],
        data[12],
      ];
      const ct = COLOUR_TYPES[colour];
      if (!width || !height || !ct?.depths.includes(depth) || compression || filter || interlace > 1)
        return 'PNG 图像尺寸或格式无效';
      if (width * height > MAX_IMAGE_PIXELS) return `图片像素过多（${width}×${height}）`;
      header = { width, height, bitsPerPixel: ct.channels * depth, interlaced: interlace === 1 };
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!header || !idat.length) return 'PNG 没有图像数据';
  return pixelRowsProblem(Buffer.concat(idat), rowLengths(header));
}

/** The length in bytes of every scanline the image's data holds, in order (each after its filter byte). */
function rowLengths(h: Header): { rows: number; bytes: number }[] {
  const bytesFor = (pixels: number) => Math.ceil((pixels * h.bitsPerPixel) / 8);
  if (!h.interlaced) return [{ rows: h.height, bytes: bytesFor(h.width) }];
  return ADAM7.map(([x0, y0, dx, dy]) => {
    const cols = h.width > x0 ? Math.ceil((h.width - x0) / dx) : 0;
    const rows = h.height > y0 ? Math.ceil((h.height - y0) / dy) : 0;
    return { rows: cols ? rows : 0, bytes: bytesFor(cols) };
  }).filter((p) => p.rows > 0);
}

/**
 * Inflates the image data as a stream (nothing held but the current chunk) and checks it is exactly the rows the
 * header promises, each starting with one of the five filter types.
 */
function pixelRowsProblem(compressed: Buffer, passes: { rows: number; bytes: number }[]): Promise<string | null> {
  const expected = passes.reduce((sum, p) => sum + p.rows * (1 + p.bytes), 0);
  return new Promise((resolve) => {
    let seen = 0;
    let pass = 0;
    let rowsLeft = passes[0].rows;
    let nextFilter = 0; // offset in the inflated data of the next row's filter byte
    let settled = false;
    const finish = (problem: string | null) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(problem);
    };
    const inflate = createInflate();
    inflate.on('data', (chunk: Buffer) => {
      while (pass < passes.length && nextFilter < seen + chunk.length) {
        if (chunk[nextFilter - seen] > 4) return finish('PNG 图像数据有误（无效的行过滤类型）');
        nextFilter += 1 + passes[pass].bytes;
        if (--rowsLeft === 0 && ++pass < passes.length) rowsLeft = passes[pass].rows;
      }
      seen += chunk.length;
      if (seen > expected) finish('PNG 图像数据多于其尺寸所需');
    });
    inflate.on('error', () => finish('PNG 图像数据无法解压（已损坏或不完整）'));
    inflate.on('end', () => finish(seen === expected ? null : 'PNG 图像数据少于其尺寸所需（不完整）'));
    inflate.end(compressed);
  });
}

/** Start-of-frame markers (ITU T.81 Table B.1): C0–CF but DHT (C4), JPG (C8) and DAC (CC). */
const isFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const isRestart = (m: number) => m >= 0xd0 && m <= 0xd7;

function jpegProblem(b: Buffer): string | null {
  if (b[0] !== 0xff || b[1] !== 0xd8) return 'JPEG 文件头不正确';
  let at = 2;
  let frame = false;
  let scans = 0;
  let tables = 0;
  while (at < b.length) {
    if (b[at] !== 0xff) return `JPEG 标记有误（偏移 ${at}）`;
    while (b[at + 1] === 0xff) at += 1; // fill bytes before a marker
    const marker = b[at + 1];
    at += 2;
    if (marker === 0xd9) {
      if (!frame || !scans) return 'JPEG 没有图像帧或扫描数据';
      return tables ? null : 'JPEG 缺少量化表';
    }
    if (marker === 0x01 || isRestart(marker)) continue; // markers without a segment
    if (marker === undefined || at + 2 > b.length) break;
    const length = b.readUInt16BE(at);
    if (length < 2 || at + length > b.length) return 'JPEG 标记段超出文件末尾';
    if (marker === 0xdb) tables += 1;
    if (isFrame(marker)) {
      const components = b[at + 7];
      if (frame || length !== 8 + 3 * components || !components) return 'JPEG 图像帧有误';
      const [height, width] = [b.readUInt16BE(at + 3), b.readUInt16BE(at + 5)];
      if (!height || !width) return 'JPEG 图像尺寸无效';
      if (width * height > MAX_IMAGE_PIXELS) return `图片像素过多（${width}×${height}）`;
      frame = true;
    }
    at += length;
    if (marker === 0xda) {
      if (!frame) return 'JPEG 扫描数据出现在图像帧之前';
      scans += 1;
      // the entropy-coded data runs to the next marker: 0xFF followed by neither a stuffed 0x00 nor a restart
      const start = at;
      for (;;) {
        at = b.indexOf(0xff, at);
        if (at < 0 || at + 1 >= b.length) return 'JPEG 文件不完整（没有结束标记 EOI）';
        const next = b[at + 1];
        if (next === 0x00 || isRestart(next)) at += 2;
        else break;
      }
      if (at === start) return 'JPEG 扫描数据为空';
    }
  }
  return 'JPEG 文件不完整（没有结束标记 EOI）';
}

function pdfProblem(b: Buffer): string | null {
  if (!/%PDF-\d\.\d/.test(b.toString('latin1', 0, Math.min(b.length, 1024)))) return 'PDF 文件头不正确';
  const tailStart = Math.max(0, b.length - 2048);
  const tail = b.toString('latin1', tailStart);
  if (!/%%EOF[\s\0]*$/.test(tail)) return 'PDF 文件不完整（末尾没有 %%EOF）';
  const found = [...tail.matchAll(/startxref\s+(\d+)\s+%%EOF/g)].pop();
  if (found && crossReferenceAt(b, Number(found[1]))) return null;
  // A reader rebuilds a cross-reference that startxref misplaces (some scanners write such files): the file must at
  // least hold a trailer or a cross-reference stream to rebuild it from.
  const text = b.toString('latin1');
  if (/\btrailer\s*<</.test(text) || /\/Type\s*\/XRef\b/.test(text)) return null;
  return 'PDF 没有交叉引用表和文件尾（trailer），无法解析';
}

/** Whether `offset` is where a cross-reference table (with its trailer after it) or stream (PDF 1.5+) begins. */
function crossReferenceAt(b: Buffer, offset: number): boolean {
  if (offset >= b.length) return false;
  const there = b.toString('latin1', offset, Math.min(b.length, offset + 1024));
  if (/^\s*xref\s+\d+\s+\d+\s+\d{10} \d{5} [nf]/.test(there)) return b.indexOf('trailer', offset, 'latin1') >= 0;
  return /^\s*\d+\s+\d+\s+obj\s*<<[\s\S]*\/Type\s*\/XRef/.test(there);
}
