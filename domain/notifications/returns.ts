import type { Subject } from '../contract';

/**
 * The bureau's return (退回) of a deliverable, told to the agency through the same outbox, workflow and channels as a
 * deadline's steps (docs/NOTIFICATIONS.md). It is not a step of a ladder: its type is its own, so a ladder never names
 * it and the counts of reminders and escalations never include it. This module is imported by workflows' activities
 * only through types; it stays free of Node built-ins.
 */
export const RETURN_NOTICE = {
  type: 'return',
  step: 'returned',
  /** whoever must act on the deliverable: the agency (its inbox, and its contact's email when mail is configured) */
  audience: ['agency_contact'],
  zh: { label: '退回' },
  en: { label: 'returned' },
} as const;

/** What the outbox keeps of a return; the deadline is the one the agency must now resubmit by. */
export interface ReturnNoticeRecord {
  campaignId: string;
  agencyId: string;
  subject: Subject;
  deadline: string;
  type: typeof RETURN_NOTICE.type;
  step: typeof RETURN_NOTICE.step;
  scheduledFor: string;
  reason: string;
}

/** The outbox row's source key: one notification per return, however often its recording is retried. */
export const returnSourceKey = (r: { campaignId: string; agencyId: string; code: string; returnedAt: string }) =>
  `return:${r.campaignId}:${r.agencyId}:${r.code}:${new Date(r.returnedAt).toISOString()}`;
