import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { projectRoot } from '../../stack/temporalCli';
import { freePort } from '../../stack/processes';
import { eventually } from '../support/campaigns';
import { upload } from '../support/roster';

/** The memory figures of a process as the kernel counts them: resident now, and the most it has ever been. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/**
 * A roster bomb (issue #28): a workbook of a few MB whose one sheet holds 400,000 rows, each alike (so it compresses),
 * written by exceljs's streaming writer. Its unpacked size stays under the zip-bomb limit: only counting rows while
 * reading stops it.
 */
async function rosterBomb(rows: number): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: true,
    useStyles: false,
    zip: { zlib: { level: 9 } },
  } as never);
  const sheet = wb.addWorksheet('机构名录');
  sheet.addRow(['机构编号', '机构名称', '所属辖区编号']).commit();
  for (let i = 0; i < rows; i++) sheet.addRow(['zw-a', '某某执法局', 'zhongwei']).commit();
  sheet.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

/** The API as production runs it (dist/api/main.js), a process of its own, so its memory is its own to measure. */
describe('the roster import reads a row at a time', () => {
  let api: ChildProcess;
  let url: string;
  let output = '';
  const adminToken = randomBytes(24).toString('base64url');

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'api', 'main.js')], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: process.env.DATABASE_URL!,
        TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
        TEMPORAL_TASK_QUEUE: `test-roster-${randomBytes(4).toString('hex')}`,
        BOOTSTRAP_ADMIN_TOKEN: adminToken,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout!.on('data', (d) => (output += d));
    api.stderr!.on('data', (d) => (output += d));
    await eventually(
      'the API to answer',
      async () => {
        if (api.exitCode !== null) throw new Error(`the API exited: ${output}`);
        const res = await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${adminToken}` } }).catch(
          () => null,
        );
        return res?.status === 200;
      },
      60_000,
    );
  }, 90_000);
  afterAll(async () => {
    if (api && api.exitCode === null) {
      const exited = new Promise((r) => api.once('exit', r));
      api.kill('SIGTERM');
      await exited;
    }
  });

  test('a 4 MB workbook of 400,000 rows is refused with 413 while the API grows by less than 300 MB', async () => {
    const bomb = await rosterBomb(400_000);
    expect(bomb.length).toBeGreaterThan(4 * 1000 * 1000);
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024); // under the upload limit: the file is read
    const before = memoryOf(api.pid!);
    const res = await upload(url, '/v1/agencies/import?dryRun=true', adminToken, bomb, '名录.xlsx');
    const after = memoryOf(api.pid!);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toContain(`一次最多导入 20000 行`);
    // the peak resident size while it read, against what it held before: the issue measured 848 MB of growth
    expect(after.peakMb - before.rssMb).toBeLessThan(300);
    expect(api.exitCode).toBeNull();
    expect(output).not.toMatch(/unhandled|out of memory/i);
  }, 180_000);
});
