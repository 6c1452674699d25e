import {
  describeDuration,
  describeStep,
  describeSubject,
  dashboardLink,
  formatDeadline,
  renderMessage,
  type NotificationFacts,
} from '../../domain/notifications/templates';
import { dedupeKey, planRecipients, type RecipientFacts } from '../../domain/notifications/recipients';
import { signatureHeader, verifySignature } from '../../services/webhookSignature';
import { messageIdFor, mailDomain } from '../../activities/channels/email';

const facts: NotificationFacts = {
  campaign: { id: 'zw-2020', name: '中卫市不作为慢作为乱作为专项整治' },
  agency: { id: 'agency-001', name: '中卫市卫生健康委员会' },
  subject: { kind: 'deliverable', id: 'D2' },
  deadline: '2020-06-30T15:59:59Z',
  timeZone: 'Asia/Shanghai',
  dayKind: 'calendar',
  type: 'reminder',
  step: 'P3D',
  noticeNumber: null,
  link: 'https://zhengzhi.example.gov.cn/campaigns/zw-2020/agencies/agency-001',
};

describe('notification templates', () => {
  test.each([
    ['P3D', 'calendar', '3天', '3 days'],
    ['P1D', 'calendar', '1天', '1 day'],
    ['P1W', 'calendar', '7天', '7 days'],
    ['P3D', 'working', '3个工作日', '3 working days'],
    ['PT4S', 'calendar', '4秒', '4 seconds'],
    ['PT2H30M', 'calendar', '2小时30分钟', '2 hours 30 minutes'],
    ['P1DT2H', 'calendar', '1天2小时', '1 day 2 hours'],
  ] as const)('%s (%s days) reads %s / %s', (iso, dayKind, zh, en) => {
    expect(describeDuration(iso, dayKind, 'zh')).toBe(zh);
    expect(describeDuration(iso, dayKind, 'en')).toBe(en);
  });

  test('each step in words', () => {
    const step = (
      type: 'reminder' | 'escalation',
      s: string,
      noticeNumber: string | null = null,
      locale: 'zh' | 'en' = 'zh',
    ) => describeStep({ type, step: s, noticeNumber, dayKind: 'calendar' }, locale);
    expect(step('reminder', 'P3D')).toBe('距截止还有3天');
    expect(step('reminder', 'PT4S')).toBe('距截止还有4秒');
    expect(step('reminder', 'P3D', null, 'en')).toBe('due in 3 days');
    expect(step('escalation', 'overdue')).toBe('已逾期');
    expect(step('escalation', 'supervision_notice', '卫法督〔2020〕12号')).toBe('已逾期，督办通知 卫法督〔2020〕12号');
    expect(step('escalation', 'supervision_notice', '卫法督〔2020〕12号', 'en')).toBe(
      'overdue: supervision notice No. 卫法督〔2020〕12号',
    );
    expect(step('escalation', 'listed_supervision', '卫法督〔2020〕13号')).toBe('挂牌督办 卫法督〔2020〕13号');
    expect(step('escalation', 'discipline_referral')).toContain('移交纪委监委');
  });

  test('subjects by name', () => {
    expect(describeSubject({ kind: 'deliverable', id: 'D1' }, 'zh')).toBe('D1 工作措施');
    expect(describeSubject({ kind: 'deliverable', id: 'D1' }, 'en')).toBe('D1 Work measures');
    expect(describeSubject({ kind: 'item', id: 'item-7', label: '未公示流程图' }, 'zh')).toBe(
      '问题整改事项（未公示流程图）',
    );
    expect(describeSubject({ kind: 'complaint', id: 'c-1', label: 'JB7K2Q' }, 'zh')).toBe('举报 JB7K2Q');
  });

  test('the deadline in the campaign time zone', () => {
    expect(formatDeadline('2020-06-30T15:59:59Z', 'Asia/Shanghai', 'zh')).toBe('2020年6月30日 23:59:59（北京时间）');
    expect(formatDeadline('2020-06-30T16:00:00Z', 'Asia/Shanghai', 'zh')).toBe('2020年7月1日 00:00（北京时间）');
    expect(formatDeadline('2020-06-30T15:59:00Z', 'Asia/Shanghai', 'en')).toBe('30 Jun 2020 23:59 (UTC+8)');
  });

  test('links into the dashboard', () => {
    const base = 'https://x.gov.cn/';
    expect(dashboardLink(base, { campaignId: 'c1', agencyId: 'a1', subject: { kind: 'deliverable', id: 'D1' } })).toBe(
      'https://x.gov.cn/campaigns/c1/agencies/a1',
    );
    expect(dashboardLink(base, { campaignId: 'c1', agencyId: 'a1', subject: { kind: 'item', id: 'i9' } })).toBe(
      'https://x.gov.cn/campaigns/c1/items/i9',
    );
    expect(
      dashboardLink(undefined, { campaignId: 'c1', agencyId: null, subject: { kind: 'complaint', id: 'x' } }),
    ).toBe('/complaints');
  });

  test('a message names the campaign, the agency, the subject, the local deadline, the step and the link', () => {
    const zh = renderMessage(facts);
    expect(zh.locale).toBe('zh');
    expect(zh.title).toBe(
      '【中卫市不作为慢作为乱作为专项整治】中卫市卫生健康委员会：D2 专项整治工作联系人（附件1） 距截止还有3天',
    );
    for (const part of ['中卫市卫生健康委员会', '2020年6月30日 23:59:59（北京时间）', '距截止还有3天', facts.link])
      expect(zh.text).toContain(part);
    const en = renderMessage(
      { ...facts, type: 'escalation', step: 'supervision_notice', noticeNumber: '卫法督〔2020〕12号' },
      'en',
    );
    expect(en.title).toContain('D2 Contact person (Attachment 1) overdue: supervision notice No. 卫法督〔2020〕12号');
    expect(en.text).toContain('Notice number: 卫法督〔2020〕12号');
  });

  test('a returned deliverable: what, why and by when to submit it again, never a reminder or an escalation', () => {
    const returned = {
      ...facts,
      subject: { kind: 'deliverable' as const, id: 'D5' },
      type: 'return' as const,
      step: 'returned',
      reason: '公开范围不够，须在门户网站公开',
    };
    const zh = renderMessage(returned);
    expect(zh.title).toBe('【中卫市不作为慢作为乱作为专项整治】中卫市卫生健康委员会：D5 自查整改情况公开 已被退回');
    expect(zh.text.split('\n')).toEqual([
      '中卫市卫生健康委员会：',
      '专项整治：中卫市不作为慢作为乱作为专项整治',
      '事项：D5 自查整改情况公开 已被退回',
      '退回原因：公开范围不够，须在门户网站公开',
      '重新报送截止时间：2020年6月30日 23:59:59（北京时间）',
      '请按退回意见修改后重新报送。',
      `查看：${facts.link}`,
    ]);
    expect(zh.text).not.toMatch(/提醒|督办/);
    const en = renderMessage(returned, 'en');
    expect(en.title).toBe(
      '[中卫市不作为慢作为乱作为专项整治] 中卫市卫生健康委员会: D5 Self-inspection made public was returned',
    );
    expect(en.text).toContain('Reason: 公开范围不够，须在门户网站公开');
    expect(en.text).toContain('Resubmit by: 30 Jun 2020 23:59:59 (UTC+8)');
  });
});

describe('recipients', () => {
  const base: RecipientFacts = {
    audience: ['agency_contact'],
    type: 'reminder',
    step: 'P3D',
    agency: { id: 'a1', email: 'a1@example.gov.cn' },
    jurisdictionPath: ['city', 'county'],
    bureauContacts: [
      {
        jurisdictionId: 'city',
        email: 'city@example.gov.cn',
        governmentEmail: 'gov@example.gov.cn',
        disciplineEmail: 'jw@example.gov.cn',
        locale: 'zh',
      },
    ],
    webhooks: [
      { id: 'w-all', jurisdictionId: null, events: [], locale: 'zh' },
      { id: 'w-county', jurisdictionId: 'county', events: ['escalation'], locale: 'en' },
      { id: 'w-other', jurisdictionId: 'elsewhere', events: [], locale: 'zh' },
    ],
    emailEnabled: true,
  };
  const keys = (f: RecipientFacts) =>
    planRecipients(f).map((r) => `${r.key}:${r.channel}${r.address ? `→${r.address}` : ''}`);

  test('a reminder reaches the agency by inbox and email, and the subscribers in scope that want it', () => {
    expect(keys(base)).toEqual(['agency:a1:inbox', 'agency:a1:email→a1@example.gov.cn', 'webhook:w-all:webhook']);
  });

  test('an escalation climbs to the nearest bureau with an address, the government on listed supervision', () => {
    const listed = {
      ...base,
      type: 'escalation' as const,
      step: 'listed_supervision',
      audience: ['agency_head', 'supervising_bureau', 'government'],
    };
    expect(keys(listed)).toEqual([
      'agency:a1:inbox',
      'agency:a1:email→a1@example.gov.cn',
      'bureau:county:inbox',
      'bureau:city:email→city@example.gov.cn',
      'government:city:email→gov@example.gov.cn',
      'webhook:w-all:webhook',
      'webhook:w-county:webhook',
    ]);
  });

  test('without SMTP no email is planned; the same recipient twice is one delivery', () => {
    const f = { ...base, emailEnabled: false, audience: ['agency_contact', 'agency_head'], webhooks: [] };
    expect(keys(f)).toEqual(['agency:a1:inbox']);
  });

  test("a bureau's message goes to the nearest bureau with an operator; a notice reaches the bureau that issued it", () => {
    const overdue = {
      ...base,
      type: 'escalation' as const,
      step: 'overdue',
      audience: ['supervising_bureau'],
      emailEnabled: false,
      webhooks: [],
      jurisdictionPath: ['province', 'city', 'county'],
    };
    // the county has no operator: the city, the nearest above with one, hears of it (not the province)
    expect(keys({ ...overdue, staffedJurisdictions: ['province', 'city'] })).toEqual(['bureau:city:inbox']);
    // the county's own operator hears of it; nobody anywhere: the county's inbox still holds it
    expect(keys({ ...overdue, staffedJurisdictions: ['county', 'city'] })).toEqual(['bureau:county:inbox']);
    expect(keys({ ...overdue, staffedJurisdictions: [] })).toEqual(['bureau:county:inbox']);
    // a notice issued in the city's name reaches the city besides the county
    expect(keys({ ...overdue, staffedJurisdictions: ['county'], noticeIssuerId: 'city' })).toEqual([
      'bureau:county:inbox',
      'bureau:city:inbox',
    ]);
  });

  test('dedupe keys', () => {
    expect(dedupeKey('42', 'webhook:w-all', 'webhook')).toBe('42:webhook:w-all:webhook');
  });
});

describe('webhook signatures and message ids', () => {
  const secret = 'whsec_test';
  const body = JSON.stringify({ hello: '世界' });
  const now = 1_600_000_000_000;

  test('a signature verifies over the same body within five minutes, and not otherwise', () => {
    const header = signatureHeader(secret, body, now);
    expect(header).toMatch(/^t=1600000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, header, body, now + 299_000)).toBe(true);
    expect(verifySignature(secret, header, body, now + 301_000)).toBe(false);
    expect(verifySignature(secret, header, `${body} `, now)).toBe(false);
    expect(verifySignature('other', header, body, now)).toBe(false);
    expect(verifySignature(secret, undefined, body, now)).toBe(false);
  });

  test('a Message-ID carries the dedupe key', () => {
    const id = messageIdFor('42:agency:a1:email', 'example.gov.cn');
    expect(id).toMatch(/^<[A-Za-z0-9_-]+@example\.gov\.cn>$/);
    expect(Buffer.from(id.slice(1, id.indexOf('@')), 'base64url').toString()).toBe('42:agency:a1:email');
    expect(mailDomain({ SMTP_FROM: '专项整治 <noreply@zw.gov.cn>', PUBLIC_BASE_URL: undefined })).toBe('zw.gov.cn');
  });
});
