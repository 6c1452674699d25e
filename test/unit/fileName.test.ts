import { cleanFileName } from '../../services/files/fileName';

/** Names as uploaders send them, and what the product keeps and sends back (issue #28, point 4). */
describe('a file name follows what the file is, and shows nothing it should not', () => {
  test('the extension is the detected kind: a PDF named poly.html is poly.pdf', () => {
    expect(cleanFileName('poly.html', 'pdf')).toBe('poly.pdf');
    expect(cleanFileName('poly', 'pdf')).toBe('poly.pdf');
    expect(cleanFileName('C:\\扫描\\盖章总结.PDF', 'pdf')).toBe('盖章总结.PDF');
    expect(cleanFileName('现场.jpeg', 'jpg')).toBe('现场.jpeg');
    expect(cleanFileName('现场.png', 'jpg')).toBe('现场.jpg');
    // a dot inside the name that is no extension stays
    expect(cleanFileName('整改方案. 第二版', 'docx')).toBe('整改方案. 第二版.docx');
    expect(cleanFileName('', 'png')).toBe('file.png');
    expect(cleanFileName('../.htaccess', 'pdf')).toBe('htaccess.pdf');
  });

  test('control and bidi characters are removed', () => {
    // U+202E RIGHT-TO-LEFT OVERRIDE would show "invoice\u202Efdp.exe" as "invoiceexe.pdf"
    expect(cleanFileName('invoice\u202Efdp.exe', 'pdf')).toBe('invoicefdp.pdf');
    expect(cleanFileName('a\u2066b\u2069c\u200Fd\u200Be\u0000f\u0085g\u007Fh\nи.png', 'png')).toBe('abcdefghи.png');
  });

  test('at most 120 characters, the extension kept whole', () => {
    const long = cleanFileName(`${'检'.repeat(5000)}.pdf`, 'pdf');
    expect([...long]).toHaveLength(120);
    expect(long).toBe(`${'检'.repeat(116)}.pdf`);
    // characters outside the BMP count as one each, never cut in half
    const emoji = cleanFileName(`${'😀'.repeat(200)}.xlsx`, 'xlsx');
    expect([...emoji]).toHaveLength(120);
    expect(emoji.endsWith('😀.xlsx')).toBe(true);
  });
});
