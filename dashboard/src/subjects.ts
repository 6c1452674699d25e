import { deliverableLabel, type Lang } from './i18n';
import type { Subject } from './types';

/**
 * What a deadline is about, as a person reads it: a deliverable by its name in the plan ("D3 公布监督举报电话、邮箱"),
 * never by its bare code; an item or a complaint by its kind, never its internal id.
 */
export function subjectText(
  t: { subjectKinds: Record<string, string> },
  lang: Lang,
  subject: Subject | null | undefined,
): string {
  if (!subject) return '';
  if (subject.kind === 'deliverable') return `${subject.id} ${deliverableLabel(lang, subject.id)}`;
  // an item or a complaint by its kind: its id is internal, and the row links to it where it can be opened
  return t.subjectKinds[subject.kind] ?? '';
}
