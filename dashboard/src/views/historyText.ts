import type { Actor } from '../../../domain/contract';
import { fill, type Dictionary, type Lang } from '../i18n';
import { fmtDate, fmtDateTime } from '../format';

/**
 * Whom an entry names: the person by their display name (the username in brackets is for administrators, not for
 * the record), a key by its label; a key id or a label in Latin letters is left out, the role says enough.
 */
export function actorName(by: Actor, t: Dictionary): string {
  const role = t.roles[by.role] ?? t.roles.system ?? '';
  const name = (by.name ?? '').replace(/\s*[（(][^（）()]*[）)]\s*$/, '').trim();
  return name && !/[A-Za-z]/.test(name) ? `${role} ${name}` : role;
}

/** An instant or a plain date of a history detail, in the campaign's zone. */
const when = (v: unknown, lang: Lang, tz: string) =>
  typeof v !== 'string'
    ? ''
    : /^\d{4}-\d{2}-\d{2}$/.test(v)
      ? fmtDate(v, lang, tz)
      : fmtDateTime(v, lang, tz, { seconds: false });

const said = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * One entry of an item's history as a sentence ("申请延期至 2027/05/20 18:00，理由：需协调多部门"), from the templates of
 * t.itemHistory, never its keys and values ("proposedDueAt: …", "approved: true").
 */
export function historySentence(
  entry: { action: string; detail?: Record<string, unknown> },
  t: Dictionary,
  lang: Lang,
  tz: string,
): string {
  const d = entry.detail ?? {};
  const h = t.itemHistory;
  const evidence = Array.isArray(d.evidence) ? d.evidence.length : 0;
  const parts: string[] = [];
  switch (entry.action) {
    case 'decide_extension':
      parts.push(d.approved ? h.extensionApproved : h.extensionRejected);
      break;
    case 'close':
      parts.push(fill(h.close, { outcome: t.closures[said(d.outcome)] ?? '' }));
      break;
    case 'request_extension':
      parts.push(fill(h.request_extension, { date: when(d.proposedDueAt, lang, tz) }));
      break;
    case 'list_supervision':
      parts.push(d.noticeNumber ? fill(h.listedWithNumber, { number: said(d.noticeNumber) }) : h.list_supervision);
      break;
    case 'lift_listing':
      parts.push(fill(h.liftedWithNumber, { number: said(d.noticeNumber) }));
      break;
    default:
      parts.push(h[entry.action] ?? t.itemActions[entry.action] ?? h.other);
  }
  if (evidence) parts.push(fill(h.evidence, { n: evidence }));
  for (const [key, template] of [
    ['reason', h.reason],
    ['note', h.note],
    ['summary', h.summary],
  ] as const) {
    if (said(d[key])) parts.push(fill(template, { text: said(d[key]) }));
  }
  return parts.join(lang === 'zh' ? '，' : '; ');
}
