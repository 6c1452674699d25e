import type { Subject } from '../contract';

/**
 * 催办: a document not signed for (签收) within the policy's `receipt` window is chased once a window, told to its
 * addressee through the same outbox, workflow and channels as a deadline's steps (docs/NOTIFICATIONS.md). Like a
 * return it is no step of a ladder: its type is its own, so the counts of reminders and escalations never include it.
 */
export const RECEIPT_CHASE = {
  type: 'chase',
  step: 'unsigned',
  /** a notice's addressee is the agency; a 移送函's, the commission */
  audience: { agency: ['agency_contact'], commission: ['discipline_commission'] },
  zh: { label: '催办：请及时签收' },
  en: { label: 'reminder to sign for the document' },
} as const;

/** What the outbox keeps of a chase; `deadline` is when the document was due to be signed for. */
export interface ReceiptChaseRecord {
  campaignId: string;
  agencyId: string;
  /** the document's first matter */
  subject: Subject;
  deadline: string;
  type: typeof RECEIPT_CHASE.type;
  step: typeof RECEIPT_CHASE.step;
  scheduledFor: string;
  /** the document's 文号 */
  noticeNumber: string;
}

/** The outbox row's source key: one notification per chase, however often its recording is retried. */
export const chaseSourceKey = (documentId: string, chase: number) => `chase:${documentId}:${chase}`;
