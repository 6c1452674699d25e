/** Response shapes of the API routes the dashboard reads (see GET /openapi.json). */
import type { Jurisdiction } from '../../domain/campaign';
import type { DeadlineMove, ExtensionRequest, ItemHistoryEntry, TakenStep } from '../../domain/contract';
import type { Evidence } from '../../domain/deliverables';
import type { FileMeta } from './files';

export type { Jurisdiction, ItemHistoryEntry, TakenStep, Evidence };

export interface CampaignListItem {
  id: string;
  name: string;
  phase: string;
  createdAt: string;
  timeZone: string;
  /** a drill (演练): takes no public complaint */
  drill: boolean;
}

export interface CalendarView {
  timeZone: string;
  phases: { key: string; startsAt: string; endsAt: string }[];
  deadlines: Record<string, string>;
  closesAt: string;
}

export interface CampaignSummary {
  id: string;
  name: string;
  phase: string;
  drill: boolean;
  jurisdiction: Jurisdiction;
  calendar: CalendarView;
  policy: {
    dayKind?: 'calendar' | 'working';
    warnWithin?: string;
    reminders?: string[];
    escalation?: { after: string; action: string }[];
  };
  agencies: {
    total: number;
    byPhase: Record<string, number>;
    byLight: Record<string, number>;
    overdue: number;
    listed: number;
  };
  deliverables: { received: number; late: number; due: number; accepted?: number; returned?: number };
  nextDeadlines: { dueAt: string; agencies: number }[];
}

export interface Subject {
  kind: string;
  id: string;
}

export interface AgencyListItem {
  id: string;
  name: string;
  jurisdictionId: string;
  phase: string;
  nextDeadline: { dueAt: string; subject: Subject | null } | null;
  light: string;
  overdue: boolean;
  listed: boolean;
}

export interface DeliverableView {
  code: string;
  subject: Subject;
  dueAt: string;
  armedAt: string;
  metAt: string | null;
  late: boolean;
  listed: boolean;
  light: string;
  taken: TakenStep[];
  moves: DeadlineMove[];
  /** The instants its ladder fires under the campaign's policy and calendar; taken ones carry takenAt. */
  plannedSteps?: PlannedStep[];
  /** The bureau's returns (退回), oldest first. */
  returns?: { at: string; reason: string }[];
  /** The bureau's acceptance (审核通过) of the submission made at `submittedAt`. */
  accepted?: { at: string; submittedAt: string };
}

export interface PlannedStep {
  type: string;
  step: string;
  at: string;
  takenAt?: string;
}

export interface CalendarDay {
  date: string;
  kind: 'workday' | 'weekend' | 'holiday' | 'makeup_workday';
  name?: string;
}

export interface AgencyDetail {
  id: string;
  name: string;
  jurisdictionId: string;
  phase: string;
  started: boolean;
  deliverables?: DeliverableView[];
  checklist?: Record<string, { answer: string; note?: string; evidence?: Evidence[]; answeredAt: string }>;
  itemsByChecklist?: Record<string, number>;
  nextDeadline?: { subject: Subject; dueAt: string } | null;
  light?: string;
  overdue?: boolean;
  listed?: boolean;
  remindersSent?: number;
  escalationsTaken?: number;
}

export interface ItemSummary {
  id: string;
  agencyId: string;
  checklistCode: string;
  source: string;
  description: string;
  severity: string;
  classification: string;
  responsiblePerson: string | null;
  measures?: string | null;
  foundOn?: string;
  dueAt: string;
  status: string;
  closure: { kind: string; reason?: string; note?: string; at?: string } | null;
  listed: boolean;
  overdue: boolean;
  createdAt: string;
}

export interface ItemDetail extends ItemSummary {
  /** The agency's name in the campaign (absent from an API older than this dashboard). */
  agencyName?: string;
  history?: ItemHistoryEntry[];
  deadline?: { dueAt: string; metAt: string | null; listed: boolean; taken: TakenStep[]; moves: DeadlineMove[] };
  extensions?: ExtensionRequest[];
  referral: { id: string; referredAt: string; acknowledgedAt: string | null } | null;
  /** the files the evidence of its history names */
  files?: FileMeta[];
}

export interface DeadlineEvent {
  id: string;
  type: 'reminder' | 'escalation';
  step: string;
  agencyId: string | null;
  agencyName?: string | null;
  subject: Subject;
  deadline: string;
  scheduledFor: string;
  occurredAt: string;
  noticeNumber: string | null;
}

export interface Referral {
  id: string;
  campaignId: string | null;
  agencyId: string | null;
  agencyName?: string | null;
  subject: Subject;
  target: string;
  summary: string;
  referredAt: string;
  acknowledgedAt: string | null;
  /** the 移送函 that carried it */
  letter?: { id: string; number: string } | null;
}

/** A document of the register (GET /v1/documents). */
export interface IssuedDocument {
  id: string;
  campaignId: string;
  kind: string;
  number: string;
  title: string;
  addressee: { kind: string; id: string; name: string };
  issuedAt: string;
  receipt: { state: 'pending' | 'signed' | 'overdue' | 'not_required'; signedAt?: string; signedBy?: string };
  drill: boolean;
}

/** A complaint as the bureau's queue lists it; fields beyond these are shown as they come. */
export interface Complaint {
  id: string;
  trackingCode?: string;
  channel?: string;
  kind?: string;
  description?: string;
  campaignId?: string | null;
  agencyId?: string | null;
  agencyName?: string | null;
  status?: string;
  outcome?: string | null;
  receivedAt?: string;
  dueAt?: string;
  concludedAt?: string | null;
  overdue?: boolean;
  contact?: Record<string, string | undefined> | null;
  [key: string]: unknown;
}
