import { DateTime, Duration } from 'luxon';
import { DELIVERABLES, type DeliverableCode } from '../template';
import type { SubjectKind } from '../contract';
import { stepKindOf, type LadderSubject } from '../stepKinds';
import { RETURN_NOTICE } from './returns';
import { RECEIPT_CHASE } from './chases';

/**
 * The words of a notification (docs/NOTIFICATIONS.md): pure functions of the facts, in Chinese (the default) or
 * English. They name the campaign, the agency, the subject, the deadline in the campaign's local time, the step and a
 * link to the item in the dashboard.
 */
export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * A deadline's reminder or escalation, a deliverable returned to its agency (domain/notifications/returns.ts), or a
 * document not signed for chased (domain/notifications/chases.ts).
 */
export type NotificationType = 'reminder' | 'escalation' | 'return' | 'chase';

export interface NotificationFacts {
  campaign: { id: string; name: string };
  agency: { id: string; name: string } | null;
  /** label: a ledger item's description, a complaint's tracking code */
  subject: { kind: SubjectKind; id: string; label?: string | null };
  deadline: string;
  timeZone: string;
  /** how the policy counts the days of its offsets */
  dayKind: 'calendar' | 'working';
  type: NotificationType;
  step: string;
  noticeNumber: string | null;
  /** why the bureau returned the deliverable (a return only) */
  reason?: string;
  /** what the subject owes, when it is not what its kind says (a disciplinary lead owes a transfer) */
  ladderSubject?: LadderSubject;
  /** absolute when the dashboard's public URL is configured, else a path */
  link: string;
}

export interface RenderedMessage {
  locale: Locale;
  title: string;
  text: string;
  link: string;
}

const ZH_UNITS = { days: '天', hours: '小时', minutes: '分钟', seconds: '秒' } as const;
const EN_UNITS = { days: 'day', hours: 'hour', minutes: 'minute', seconds: 'second' } as const;

/** "3天", "4秒", "1天2小时", "3个工作日"; "3 days", "4 seconds", "3 working days". */
export function describeDuration(iso: string, dayKind: 'calendar' | 'working', locale: Locale): string {
  const d = Duration.fromISO(iso);
  if (!d.isValid) return iso;
  const o = d.shiftTo('weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds').toObject();
  const parts: [keyof typeof ZH_UNITS, number][] = [
    ['days', (o.weeks ?? 0) * 7 + (o.days ?? 0)],
    ['hours', o.hours ?? 0],
    ['minutes', o.minutes ?? 0],
    ['seconds', Math.round(((o.seconds ?? 0) * 1000 + (o.milliseconds ?? 0)) / 1000)],
  ];
  const shown = parts.filter(([, n]) => n > 0);
  if (shown.length === 0) return locale === 'zh' ? '0秒' : '0 seconds';
  if (locale === 'zh') {
    return shown
      .map(([unit, n]) => (unit === 'days' && dayKind === 'working' ? `${n}个工作日` : `${n}${ZH_UNITS[unit]}`))
      .join('');
  }
  return shown
    .map(
      ([unit, n]) =>
        `${n} ${unit === 'days' && dayKind === 'working' ? 'working ' : ''}${EN_UNITS[unit]}${n === 1 ? '' : 's'}`,
    )
    .join(' ');
}

/** The step in words: "距截止还有3天", "已逾期", "督办通知 卫法督〔2020〕12号", "挂牌督办 …", "逾期未报送，已移交纪委监委". */
export function describeStep(
  f: Pick<NotificationFacts, 'type' | 'step' | 'noticeNumber' | 'dayKind'> & { ladderSubject?: LadderSubject },
  locale: Locale,
): string {
  if (f.type === 'reminder') {
    const left = describeDuration(f.step, f.dayKind, locale);
    return locale === 'zh' ? `距截止还有${left}` : `due in ${left}`;
  }
  if (f.type === RETURN_NOTICE.type) return RETURN_NOTICE[locale].label;
  if (f.type === RECEIPT_CHASE.type) return RECEIPT_CHASE[locale].label;
  return (
    stepKindOf({ type: f.type, step: f.step })?.[locale].describe(f.ladderSubject ?? 'item', f.noticeNumber) ?? f.step
  );
}

/**
 * "D1 工作措施", "问题整改事项（未公示流程图）", "举报 JB2020…"; in English "ledger item item-1 (…)". A Chinese message
 * names an item by what it is about, never by its internal id (the link in the message opens it).
 */
export function describeSubject(subject: NotificationFacts['subject'], locale: Locale): string {
  const zh = locale === 'zh';
  const label = subject.label ? (zh ? `（${subject.label}）` : ` (${subject.label})`) : '';
  switch (subject.kind) {
    case 'deliverable': {
      const d = DELIVERABLES[subject.id as DeliverableCode];
      return d ? `${subject.id} ${zh ? d.zh : d.en}` : subject.id;
    }
    case 'item':
      return zh ? `问题整改事项${label}` : `ledger item ${subject.id}${label}`;
    case 'complaint':
      return zh ? `举报 ${subject.label ?? subject.id}` : `complaint ${subject.label ?? subject.id}`;
    default:
      return subject.id;
  }
}

/**
 * The deadline in the campaign's time zone: "2020年6月30日 23:59（北京时间）", "30 Jun 2020 23:59 (UTC+8)"; seconds
 * when set. A Chinese message names China's offset as 北京时间, as official notices do; any other offset as UTC±h.
 */
export function formatDeadline(iso: string, timeZone: string, locale: Locale): string {
  const t = DateTime.fromISO(iso, { zone: timeZone });
  if (!t.isValid) return iso;
  const time = t.second ? 'HH:mm:ss' : 'HH:mm';
  const offset = `UTC${t.toFormat('Z')}`;
  const zhOffset = t.offset === 480 ? '北京时间' : offset;
  return locale === 'zh'
    ? `${t.toFormat(`yyyy年M月d日 ${time}`)}（${zhOffset}）`
    : `${t.setLocale('en').toFormat(`d LLL yyyy ${time}`)} (${offset})`;
}

/** Where the item lives in the dashboard: the agency's page for a deliverable, the item's page, the complaint queue. */
export function dashboardLink(
  baseUrl: string | undefined,
  f: { campaignId: string; agencyId: string | null; subject: { kind: SubjectKind; id: string } },
): string {
  const c = encodeURIComponent(f.campaignId);
  let path: string;
  if (f.subject.kind === 'item') path = `/campaigns/${c}/items/${encodeURIComponent(f.subject.id)}`;
  else if (f.subject.kind === 'complaint') path = '/complaints';
  else if (f.agencyId) path = `/campaigns/${c}/agencies/${encodeURIComponent(f.agencyId)}`;
  else path = `/campaigns/${c}`;
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}${path}` : path;
}

export function renderMessage(f: NotificationFacts, locale: Locale = 'zh'): RenderedMessage {
  const zh = locale === 'zh';
  const subject = describeSubject(f.subject, locale);
  const step = describeStep({ ...f, ladderSubject: f.ladderSubject ?? f.subject.kind }, locale);
  const deadline = formatDeadline(f.deadline, f.timeZone, locale);
  const who = f.agency?.name;
  if (f.type === RETURN_NOTICE.type) return renderReturn(f, { subject, step, deadline, who }, locale);
  if (f.type === RECEIPT_CHASE.type) return renderChase(f, { deadline, who }, locale);
  if (zh) {
    const title = `【${f.campaign.name}】${who ? `${who}：` : ''}${subject} ${step}`;
    const lines = [
      `${who ?? '各有关单位'}：`,
      `专项整治：${f.campaign.name}`,
      `事项：${subject}`,
      `截止时间：${deadline}`,
      `${f.type === 'reminder' ? '提醒' : '督办'}：${step}`,
      ...(f.noticeNumber ? [`文号：${f.noticeNumber}`] : []),
      f.type === 'reminder' ? '请按期办理。' : '请立即办理并报告整改情况。',
      `查看：${f.link}`,
    ];
    return { locale, title, text: lines.join('\n'), link: f.link };
  }
  const title = `[${f.campaign.name}] ${who ? `${who}: ` : ''}${subject} ${step}`;
  const lines = [
    `To ${who ?? 'whom it may concern'},`,
    `Campaign: ${f.campaign.name}`,
    `Subject: ${subject}`,
    `Deadline: ${deadline}`,
    `${f.type === 'reminder' ? 'Reminder' : 'Escalation'}: ${step}`,
    ...(f.noticeNumber ? [`Notice number: ${f.noticeNumber}`] : []),
    f.type === 'reminder' ? 'Please complete it on time.' : 'Please act at once and report on the rectification.',
    `View: ${f.link}`,
  ];
  return { locale, title, text: lines.join('\n'), link: f.link };
}

/** A returned deliverable: what was returned, why, and by when it is to be submitted again. */
function renderReturn(
  f: NotificationFacts,
  w: { subject: string; step: string; deadline: string; who: string | undefined },
  locale: Locale,
): RenderedMessage {
  if (locale === 'zh') {
    const lines = [
      `${w.who ?? '各有关单位'}：`,
      `专项整治：${f.campaign.name}`,
      `事项：${w.subject} 已被${w.step}`,
      `退回原因：${f.reason ?? ''}`,
      `重新报送截止时间：${w.deadline}`,
      '请按退回意见修改后重新报送。',
      `查看：${f.link}`,
    ];
    return {
      locale,
      title: `【${f.campaign.name}】${w.who ? `${w.who}：` : ''}${w.subject} 已被${w.step}`,
      text: lines.join('\n'),
      link: f.link,
    };
  }
  const lines = [
    `To ${w.who ?? 'whom it may concern'},`,
    `Campaign: ${f.campaign.name}`,
    `Subject: ${w.subject} was ${w.step}`,
    `Reason: ${f.reason ?? ''}`,
    `Resubmit by: ${w.deadline}`,
    'Please correct it as the reason says and submit it again.',
    `View: ${f.link}`,
  ];
  return {
    locale,
    title: `[${f.campaign.name}] ${w.who ? `${w.who}: ` : ''}${w.subject} was ${w.step}`,
    text: lines.join('\n'),
    link: f.link,
  };
}

/** A document not signed for: its number, when it was due to be signed for, and where to sign. */
function renderChase(f: NotificationFacts, w: { deadline: string; who: string | undefined }, locale: Locale) {
  const zh = locale === 'zh';
  const title = zh
    ? `【${f.campaign.name}】${RECEIPT_CHASE.zh.label}：${f.noticeNumber ?? ''}`
    : `[${f.campaign.name}] ${RECEIPT_CHASE.en.label}: ${f.noticeNumber ?? ''}`;
  const lines = zh
    ? [
        `${w.who ?? '各有关单位'}：`,
        `文号为${f.noticeNumber ?? ''}的文件应于${w.deadline}前签收，至今未签收。`,
        '请立即登录系统签收并按文件要求办理。',
        `查看：${f.link}`,
      ]
    : [
        `To ${w.who ?? 'whom it may concern'},`,
        `Document ${f.noticeNumber ?? ''} was to be signed for by ${w.deadline} and has not been.`,
        'Please sign for it at once and act as it says.',
        `View: ${f.link}`,
      ];
  return { locale, title, text: lines.join('\n'), link: f.link };
}
