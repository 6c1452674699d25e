import { DateTime } from 'luxon';
import { DOCUMENT_KINDS, type DocumentKind } from './documents';
import { DELIVERABLES, type DeliverableCode } from './template';

/**
 * The words of a document: its matters named as tasks (报送工作措施, never D1), its title, its body. Pure: the
 * register stores what they give, and the same matters always read the same.
 */

/** One matter a document covers: a subject of the ladder, or of 摘牌 and 通报. */
export interface DocumentMatter {
  subject: { kind: string; id: string };
  /** The step that brought it into the document (supervision_notice …), or the action (lift_listing, circular). */
  step: string;
  /** The matter in words: 报送工作措施, 整改“执法案卷不规范”问题 */
  name: string;
  /** The deadline it missed, when it missed one (ISO instant). */
  deadline?: string;
}

/** A subject of the ladder in words: a deliverable's task, an item's problem, a complaint by its tracking code. */
export function matterName(subject: { kind: string; id: string }, label?: string | null): string {
  if (subject.kind === 'deliverable') {
    const d = DELIVERABLES[subject.id as DeliverableCode] as (typeof DELIVERABLES)[DeliverableCode] | undefined;
    return d ? d.task : subject.id;
  }
  if (subject.kind === 'item') return `整改“${label ?? subject.id}”问题`;
  if (subject.kind === 'complaint') return `办理群众举报（${label ?? subject.id}）`;
  return label ?? subject.id;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** A count in Chinese numerals (1–99), as titles and lists number things: 三, 十二, 二十. */
export function chineseCount(n: number): string {
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : DIGITS[tens]}十${n % 10 ? DIGITS[n % 10] : ''}`;
}

/** 两 before a measure word, as Chinese says two things: 两项. */
const countOf = (n: number) => (n === 2 ? '两' : chineseCount(n));

/**
 * The title in words: 关于督促报送工作措施等三项事项的督办通知. A 移送函 names the agency whose matters it refers; a
 * 通报 names the agency concerned.
 */
export function documentTitle(kind: DocumentKind, matters: readonly Pick<DocumentMatter, 'name'>[], agency?: string) {
  const k = DOCUMENT_KINDS[kind];
  const first = matters[0]?.name ?? '';
  const more = matters.length > 1 ? `等${countOf(matters.length)}项事项` : '';
  if (kind === 'referral_letter') return `关于移送${agency ?? ''}${first}${more}问题线索的函`;
  if (kind === 'circular') return `关于${agency ?? ''}${first}${more}问题的${k.zh}`;
  return `关于${k.verb}${first}${more}的${k.zh}`;
}

/**
 * A deadline as a document writes it, in the campaign's time zone and without naming the zone (the document is the
 * issuer's): the day alone when the deadline is the day's end (the plan's 23:59:59), else the day and the minute —
 * 2027年6月10日, 2026年12月8日16时06分.
 */
export function writtenDeadline(iso: string, timeZone: string): string {
  const t = DateTime.fromISO(iso, { zone: timeZone });
  if (!t.isValid) return iso;
  const day = t.toFormat('yyyy年M月d日');
  return t.hour === 23 && t.minute === 59 ? day : `${day}${t.toFormat('H时mm分')}`;
}

/** What a body needs besides the matters: the agency concerned, and how to write a deadline. */
export interface BodyFacts {
  /** the agency concerned; null for a complaint that names none */
  agency: string | null;
  deadline: (iso: string) => string;
}

/** Names in a series as Chinese writes them: 甲、乙和丙. */
const series = (names: readonly string[]) =>
  names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join('、')}和${names[names.length - 1]}`;

/**
 * The body of a document the ladder issued, from its matters: what was missed and by when, then what the kind demands
 * and its closing. Matters that missed one deadline (the usual case: a day's notice covers the matters due that day)
 * are named in one sentence, so a notice of several still fits the one page GB/T 9704's 版头 leaves; matters of
 * different deadlines are listed one a line. Documents issued with a body of their own (摘牌, 通报) print that instead.
 */
export function ladderBody(kind: DocumentKind, matters: readonly DocumentMatter[], facts: BodyFacts): string[] {
  const k = DOCUMENT_KINDS[kind];
  const deadlines = [...new Set(matters.map((m) => m.deadline ?? ''))];
  const whose = kind === 'referral_letter' ? (facts.agency ? `${facts.agency}承担的` : '') : '你单位承担的';
  const state =
    kind === 'referral_letter'
      ? '逾期未完成，经督办仍未整改到位，涉嫌不作为、慢作为'
      : kind === 'listed_supervision'
        ? '经督办仍未办结，情节较重'
        : '已超过办理期限，至今未按期完成';
  const then = kind === 'supervision_notice' ? '根据专项整治督办工作规定，现予督办。' : '';
  if (deadlines.length === 1) {
    const count = matters.length > 1 ? `${countOf(matters.length)}项事项` : '';
    const due = deadlines[0] ? `，办理期限为${facts.deadline(deadlines[0])}` : '';
    const lead = kind === 'referral_letter' ? '经查，' : '';
    // with the deadline named, a notice says only that it was not met
    const missed = due && kind === 'supervision_notice' ? '至今未按期完成' : state;
    return [
      `${lead}${whose}${series(matters.map((m) => m.name))}${count}${due}，${missed}。${then}`,
      k.demand,
      k.closing,
    ];
  }
  const lines = matters.map(
    (m, i) =>
      `${chineseCount(i + 1)}、${m.name}${m.deadline ? `，办理期限为${facts.deadline(m.deadline)}` : ''}${i === matters.length - 1 ? '。' : '；'}`,
  );
  const lead = `${kind === 'referral_letter' ? '经查，' : ''}${whose}下列事项${state}${then ? `，${then.slice(0, -1)}` : ''}：`;
  return [lead, ...lines, k.demand, k.closing];
}
