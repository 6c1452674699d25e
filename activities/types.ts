import type { Actor, Subject, TakenStep } from '../domain/contract';

/** A reminder or escalation to record; (campaign, agency, subject, deadline, step) is its idempotency key. */
export interface DeadlineStepRecord {
  campaignId: string;
  agencyId: string;
  subject: Subject;
  deadline: string;
  type: 'reminder' | 'escalation';
  step: string;
  scheduledFor: string;
}

export type RecordedStep = Pick<TakenStep, 'occurredAt' | 'noticeNumber' | 'missed'>;

export interface AgencyProjection {
  campaignId: string;
  agencyId: string;
  version: number;
  phase: string;
  nextDeadlineAt: string | null;
  nextDeadlineSubject: Subject | null;
  overdue: boolean;
  listed: boolean;
  state: unknown;
}

export interface SubmissionRecord {
  campaignId: string;
  agencyId: string;
  code: string;
  body: unknown;
  submittedAt: string;
  late: boolean;
  by: Actor;
}

export interface AcceptanceRecord {
  campaignId: string;
  agencyId: string;
  code: string;
  acceptedAt: string;
  by: Actor;
}

export interface ReturnRecord {
  campaignId: string;
  agencyId: string;
  code: string;
  reason: string;
  returnedAt: string;
  /** what the agency must resubmit by (the deadline as it stands after the return); absent in runs from before it was sent */
  dueAt?: string;
  by: Actor;
}
