import ExcelJS from 'exceljs';
import { ROSTER_COLUMNS } from '../domain/registry/roster';
import { startApiProcess, type Stack } from './stack';

/**
 * The roster import (SPEC §10) end to end through the API process: a county's roster of N agencies as an .xlsx
 * written by the spreadsheet library, uploaded as a dry run, applied, and re-imported (every row updated in place).
 * Target: 5,000 rows in under 10 s.
 */
export async function rosterImport(
  stack: Stack,
  n: number,
): Promise<{ step: string; rows: number; seconds: string; rowsPerSecond: string }[]> {
  const api = await startApiProcess(stack, `bench-roster-${Date.now()}`);
  try {
    const put = await fetch(`${api.url}/v1/jurisdictions/bench-county`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '基准县', parentId: null }),
    });
    if (put.status >= 300) throw new Error(`jurisdiction: ${put.status} ${await put.text()}`);
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('名录');
    sheet.addRow(ROSTER_COLUMNS.map((c) => c.header));
    for (let i = 0; i < n; i++)
      sheet.addRow([
        `bench-${i}`,
        `基准县执法机关${i}`,
        'bench-county',
        '',
        `联系人${i}`,
        '科长',
        '0955-7000000',
        `c${i}@example.gov.cn`,
      ]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const rows: { step: string; rows: number; seconds: string; rowsPerSecond: string }[] = [];
    for (const [step, query] of [
      ['dry run', '?dryRun=true'],
      ['apply (all new)', ''],
      ['re-import (all updated)', ''],
    ] as const) {
      const form = new FormData();
      form.append('file', new Blob([file]), '名录.xlsx');
      const t0 = performance.now();
      const res = await fetch(`${api.url}/v1/agencies/import${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.adminToken}` },
        body: form,
      });
      const body = (await res.json()) as { rows?: number; errors?: unknown[] };
      const s = (performance.now() - t0) / 1000;
      if (res.status !== 200 || body.errors?.length)
        throw new Error(`${step}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      rows.push({
        step,
        rows: body.rows ?? 0,
        seconds: s.toFixed(2),
        rowsPerSecond: Math.round(n / s).toLocaleString('en'),
      });
    }
    console.log(`file: ${(file.length / 1024).toFixed(0)} KB .xlsx`);
    return rows;
  } finally {
    await api.stop();
  }
}
