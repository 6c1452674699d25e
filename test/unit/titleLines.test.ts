import { breakTitle } from '../../services/documents/titleLines';

/** 2号 (22 pt) characters on a line of the 156 mm 版心: 156 mm = 442.2 pt, 20 whole characters */
const PER_LINE = Math.floor((156 * 72) / 25.4 / 22);

describe('titles broken at word boundaries (GB/T 9704-2012 §7.3.1)', () => {
  it('keeps a title that fits on one line', () => {
    expect(breakTitle('关于督促报送工作措施等事项的督办通知', PER_LINE)).toEqual([
      '关于督促报送工作措施等事项的督办通知',
    ]);
  });

  it.each([
    [
      '关于对中卫市沙坡头区市场监督管理局未按期报送工作措施予以挂牌督办的通知书',
      ['关于对中卫市沙坡头区市场监督管理局', '未按期报送工作措施予以挂牌督办的通知书'],
    ],
    [
      '关于解除对中卫市沙坡头区市场监督管理局挂牌督办的通知',
      ['关于解除对中卫市沙坡头区', '市场监督管理局挂牌督办的通知'],
    ],
    ['关于移送中宁县自然资源局未按期整改问题线索的函', ['关于移送中宁县自然资源局', '未按期整改问题线索的函']],
    ['关于退回中卫市教育局自查整改情况公开材料的通知', ['关于退回中卫市教育局', '自查整改情况公开材料的通知']],
    [
      '关于督促报送工作措施、报送联系人、公布监督举报渠道等事项的督办通知',
      ['关于督促报送工作措施、报送联系人、', '公布监督举报渠道等事项的督办通知'],
    ],
    [
      '中卫市司法局关于对市场监督管理局等单位未按期报送工作措施的督办通知',
      ['中卫市司法局关于对市场监督管理局', '等单位未按期报送工作措施的督办通知'],
    ],
  ])('%s', (title, lines) => {
    expect(breakTitle(title, PER_LINE)).toEqual(lines);
  });

  it('never splits the kind of document, a word or a name, whatever the width', () => {
    const title = '关于对中卫市沙坡头区市场监督管理局未按期报送工作措施予以挂牌督办的通知书';
    for (let width = 12; width <= 20; width++) {
      const lines = breakTitle(title, width);
      expect(lines.join('')).toBe(title);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
      const split = (word: string) =>
        lines
          .slice(1)
          .some((next, i) =>
            [...word]
              .slice(1)
              .some((_, k) => lines[i].endsWith(word.slice(0, k + 1)) && next.startsWith(word.slice(k + 1))),
          );
      for (const word of [
        '督办',
        '通知书',
        '监督',
        '管理局',
        '市场',
        '挂牌',
        '报送',
        '工作',
        '措施',
        '未按期',
        '沙坡头区',
      ])
        expect([word, split(word)]).toEqual([word, false]);
    }
  });

  it('balances the lines: neither of two lines is much longer than the other', () => {
    const lines = breakTitle('关于中宁县卫生健康局未按期公布监督举报渠道情况的通报', PER_LINE);
    expect(lines).toEqual(['关于中宁县卫生健康局未按期', '公布监督举报渠道情况的通报']);
  });
});
