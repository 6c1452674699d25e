import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import JSZip from 'jszip';

/** Real files of every accepted kind, made with the tools that make them (or by Chromium: the two images). */
const FIXTURES = join(__dirname, '..', 'fixtures');

export const jpegPhoto = () => readFileSync(join(FIXTURES, 'rectification-photo.jpeg'));
export const pngScreenshot = () => readFileSync(join(FIXTURES, 'rectification-screen.png'));

/** A one-page PDF from pdfkit. */
export function pdfScan(text = 'Signed and sealed summary'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date('2027-10-18T00:00:00Z') } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(text);
    doc.end();
  });
}

const zip = async (entries: Record<string, string>) => {
  const z = new JSZip();
  for (const [name, content] of Object.entries(entries)) z.file(name, content);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
};

/** An OFD package (GB/T 33190): OFD.xml at the root pointing at one document with one page. */
export const ofdDocument = () =>
  zip({
    'OFD.xml':
      '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>0d1c2b3a</ofd:DocID><ofd:Title>工作总结</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
    'Doc_0/Document.xml':
      '<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>2</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
    'Doc_0/Pages/Page_0/Content.xml':
      '<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2"/></ofd:Content></ofd:Page>',
  });

/** A minimal Word document (OOXML): content types, the package relationship and one paragraph. */
export const docxDocument = () =>
  zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml':
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>行政执法责任制实施办法</w:t></w:r></w:p></w:body></w:document>',
  });

/** A plain zip with nothing of the accepted formats in it. */
export const plainZip = () => zip({ 'readme.txt': 'not a document' });

/** Uploads one file as multipart/form-data, as a browser's form would. */
export async function upload(baseUrl: string, o: { bytes: Buffer; name: string; token?: string; purpose?: string }) {
  const form = new FormData();
  form.append('file', new Blob([o.bytes]), o.name);
  // without a key, as the public does (API.md): a complaint's photo
  const purpose = o.purpose ?? (o.token ? undefined : 'complaint');
  const path = `/v1/files${purpose ? `?purpose=${purpose}` : ''}`;
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: o.token ? { authorization: `Bearer ${o.token}` } : {},
    body: form,
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}

/** Uploads a PDF scan and returns its id: what D7's sealedScan names. */
export async function uploadScan(baseUrl: string, token: string): Promise<string> {
  const res = await upload(baseUrl, { bytes: await pdfScan(), name: '工作总结（签字盖章）.pdf', token });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
