import { readRosterFile, RosterFileError } from '../../services/rosterFile';
import { rosterXlsx } from '../support/roster';

const HEADERS = ['机构编号', '机构名称', '所属辖区编号'];
const rows = (n: number) => Array.from({ length: n }, (_, i) => [`a-${i}`, `机构${i}`, 'zhongwei']);

describe('the roster is read a row at a time, up to 20,000 rows', () => {
  test('an .xlsx of exactly 20,000 rows is read whole; one more is refused as too large', async () => {
    const read = await readRosterFile(await rosterXlsx(rows(20_000), HEADERS), '名录.xlsx');
    expect(read.headerProblems).toEqual([]);
    expect(read.rows).toHaveLength(20_000);
    expect(read.rows[0]).toEqual({ rowNumber: 2, cells: { id: 'a-0', name: '机构0', jurisdictionId: 'zhongwei' } });
    expect(read.rows[19_999].rowNumber).toBe(20_001);
    const over = readRosterFile(await rosterXlsx(rows(20_001), HEADERS), '名录.xlsx');
    await expect(over).rejects.toBeInstanceOf(RosterFileError);
    await expect(over).rejects.toMatchObject({ kind: 'too_large' });
  }, 60_000);

  test('a header that is not the template is reported, whatever follows', async () => {
    const read = await readRosterFile(await rosterXlsx(rows(2), ['编号', '名称', '辖区']), '名录.xlsx');
    expect(read.rows).toEqual([]);
    expect(read.headerProblems.map((p) => p.column)).toEqual(expect.arrayContaining(['编号', '机构编号']));
  });

  test('a CSV of more lines than any roster is refused before it is parsed', async () => {
    const csv = Buffer.from([HEADERS.join(','), ...rows(50_000).map((r) => r.join(','))].join('\n'));
    await expect(readRosterFile(csv, '名录.csv')).rejects.toMatchObject({ kind: 'too_large' });
    const small = await readRosterFile(Buffer.from(`${HEADERS.join(',')}\na-1,机构1,zhongwei\n`), '名录.csv');
    expect(small.rows).toEqual([{ rowNumber: 2, cells: { id: 'a-1', name: '机构1', jurisdictionId: 'zhongwei' } }]);
  });
});
