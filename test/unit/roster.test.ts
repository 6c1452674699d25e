import { readRoster, type RosterFacts } from '../../domain/registry/roster';

/** A city bureau's registry: 中卫市 with 沙坡头区, and a 城区 in two counties (one of them another city's). */
const facts: RosterFacts = {
  knownJurisdictions: new Set(['zhongwei', 'shapotou', 'zw-chengqu', 'yc-chengqu', 'yinchuan']),
  keptJurisdictions: new Set(['zhongwei', 'shapotou', 'zw-chengqu']),
  jurisdictionNames: new Map([
    ['zhongwei', '中卫市'],
    ['shapotou', '沙坡头区'],
    ['zw-chengqu', '城区'],
    ['yc-chengqu', '城区'],
    ['yinchuan', '银川市'],
  ]),
  agencies: new Map([['yc-police', { jurisdictionId: 'yinchuan' }]]),
  creditCodes: new Map(),
};
const row = (rowNumber: number, jurisdictionId: string, id = `a-${rowNumber}`) => ({
  rowNumber,
  cells: { id, name: `机构${rowNumber}`, jurisdictionId },
});

describe('the roster names jurisdictions by id or by name', () => {
  test('a listed jurisdiction written by its name is taken, as its id is', () => {
    const { agencies, problems } = readRoster([row(2, '沙坡头区'), row(3, 'shapotou'), row(4, '城区')], facts);
    expect(problems).toEqual([]);
    expect(agencies.map((a) => a.jurisdictionId)).toEqual(['shapotou', 'shapotou', 'zw-chengqu']);
  });

  test('messages name a jurisdiction by its name and its id', () => {
    const { problems } = readRoster([row(2, '银川市'), row(3, '兴庆区'), row(4, 'shapotou', 'yc-police')], facts);
    expect(problems).toEqual([
      { row: 2, column: '所属辖区编号', message: '辖区“银川市（yinchuan）”不在本单位辖区内' },
      { row: 3, column: '所属辖区编号', message: expect.stringContaining('辖区“兴庆区”不在名录中') },
      { row: 4, column: '机构编号', message: '机构“yc-police”属于其他辖区（银川市（yinchuan）），本单位不能修改' },
    ]);
  });
});
