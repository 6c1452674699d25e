import { documentCode, documentNumber } from '../../domain/documents';
import { chineseCount, documentTitle, ladderBody, matterName, writtenDeadline } from '../../domain/documentText';

const m = (id: string, name: string) => ({ subject: { kind: 'deliverable', id }, step: 'supervision_notice', name });

describe('the words of an issued document', () => {
  test('代字 per kind group: the registry’s own, else derived from the notice prefix', () => {
    expect(documentCode('notice', '卫法督')).toBe('卫法督');
    expect(documentCode('letter', '卫法督')).toBe('卫法函');
    expect(documentCode('circular', '卫法督')).toBe('卫法通');
    expect(documentCode('letter', '沙法')).toBe('沙法函');
    expect(documentCode('letter', '卫法督', { letter: '卫法移' })).toBe('卫法移');
    expect(documentNumber('卫法函', 2027, 12)).toBe('卫法函〔2027〕12号');
  });

  test('counts in Chinese numerals', () => {
    expect([1, 2, 9, 10, 11, 12, 20, 35, 99].map(chineseCount)).toEqual([
      '一',
      '二',
      '九',
      '十',
      '十一',
      '十二',
      '二十',
      '三十五',
      '九十九',
    ]);
  });

  test('matters named as tasks, never by code; titles in words', () => {
    expect(['D1', 'D2', 'D3'].map((id) => matterName({ kind: 'deliverable', id }))).toEqual([
      '报送工作措施',
      '报送联系人',
      '公布监督举报渠道',
    ]);
    expect(matterName({ kind: 'item', id: 'i-1' }, '执法案卷不规范')).toBe('整改“执法案卷不规范”问题');
    const three = [m('D1', '报送工作措施'), m('D2', '报送联系人'), m('D3', '公布监督举报渠道')];
    expect(documentTitle('supervision_notice', three.slice(0, 1))).toBe('关于督促报送工作措施的督办通知');
    expect(documentTitle('supervision_notice', three.slice(0, 2))).toBe('关于督促报送工作措施等两项事项的督办通知');
    expect(documentTitle('supervision_notice', three)).toBe('关于督促报送工作措施等三项事项的督办通知');
    expect(documentTitle('referral_letter', three.slice(0, 1), '市交通运输局')).toBe(
      '关于移送市交通运输局报送工作措施问题线索的函',
    );
  });

  test('matters of one deadline are named in one sentence; of several, one a line; then the demand and the closing', () => {
    const sameDay = ladderBody(
      'supervision_notice',
      [
        { ...m('D1', '报送工作措施'), deadline: 'x' },
        { ...m('D2', '报送联系人'), deadline: 'x' },
        { ...m('D3', '公布监督举报电话、邮箱'), deadline: 'x' },
      ],
      { agency: null, deadline: (iso) => `期限${iso}` },
    );
    expect(sameDay[0]).toBe(
      '你单位承担的报送工作措施、报送联系人和公布监督举报电话、邮箱三项事项，办理期限为期限x，' +
        '至今未按期完成。根据专项整治督办工作规定，现予督办。',
    );
    expect(sameDay).toHaveLength(3);
    const body = ladderBody(
      'supervision_notice',
      [
        { ...m('D1', '报送工作措施'), deadline: 'x' },
        { ...m('D2', '报送联系人'), deadline: 'y' },
      ],
      { agency: null, deadline: (iso) => `期限${iso}` },
    );
    expect(body[0]).toBe('你单位承担的下列事项已超过办理期限，至今未按期完成，根据专项整治督办工作规定，现予督办：');
    expect(body.slice(1, 3)).toEqual(['一、报送工作措施，办理期限为期限x；', '二、报送联系人，办理期限为期限y。']);
    expect(body[body.length - 1]).toBe('特此通知。');
    const letter = ladderBody('referral_letter', [m('D1', '报送工作措施')], { agency: null, deadline: String });
    expect(letter[0]).toBe('经查，报送工作措施，逾期未完成，经督办仍未整改到位，涉嫌不作为、慢作为。');
    expect(letter[letter.length - 1]).toBe('特此函告。');
  });

  test('a document writes a deadline at the day’s end as the day, any other with its minute, in the campaign’s zone', () => {
    // 2027-06-10 23:59:59 in Beijing is 15:59:59 UTC
    expect(writtenDeadline('2027-06-10T15:59:59.000Z', 'Asia/Shanghai')).toBe('2027年6月10日');
    // 04:06:35 UTC is 16:06 at UTC+12 (Etc/GMT-12)
    expect(writtenDeadline('2026-12-08T04:06:35.000Z', 'Etc/GMT-12')).toBe('2026年12月8日16时06分');
  });
});
