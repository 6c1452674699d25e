import FileType from 'file-type';
import JSZip from 'jszip';
import type { FileKind } from '../../domain/fileKinds';

/** What file-type reads to tell a kind (its `minimumBytes`); zips are then opened whole below. */
const SNIFF_BYTES = 4100;

/** The entry that makes a zip one of the office or layout formats the product accepts. */
const ZIP_MARKERS: readonly [FileKind, string][] = [
  ['ofd', 'OFD.xml'], // GB/T 33190: the OFD entry file at the root of the package
  ['docx', 'word/document.xml'],
  ['xlsx', 'xl/workbook.xml'],
];

/**
 * What a file is, from its bytes: file-type reads the magic numbers; OFD, DOCX and XLSX are all zip packages, told
 * apart by the entries inside them. Null for anything else (an executable renamed .pdf, a bare zip, text).
 */
export async function sniffKind(bytes: Buffer): Promise<FileKind | null> {
  // file-type needs the first 4100 bytes; given more, it walks a PNG's chunks to the end looking for APNG's, which
  // took 25 s of CPU on 20 MB of zeros behind a PNG signature (contentCheck.ts then refuses those at once)
  const found = await FileType.fromBuffer(bytes.subarray(0, SNIFF_BYTES));
  if (!found) return null;
  if (found.ext === 'pdf' || found.ext === 'jpg' || found.ext === 'png') return found.ext;
  if (found.ext !== 'zip' && found.ext !== 'docx' && found.ext !== 'xlsx') return null;
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return null; // a zip header on something that is not a readable zip
  }
  return ZIP_MARKERS.find(([, entry]) => zip.file(entry) !== null)?.[0] ?? null;
}
