/**
 * The one contract between the API, the worker and the workflows: task queue, workflow ids, and the messages each
 * workflow accepts. Both sides import these definitions, so a name can never drift between them.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Agency, CampaignPhase, CampaignSettings } from './campaign';
import type { ChecklistAnswer } from './deliverables';
import type { DeliverableCode } from './template';
import type { ClosureKind, ItemAction, ItemStatus, NewLedgerItem } from './ledger';
import type { ComplaintAction } from './complaints';

export const DEFAULT_TASK_QUEUE = 'rectification-campaigns';

export const workflowIds = {
  campaign: (campaignId: string) => `campaign/${campaignId}`,
  agency: (campaignId: string, agencyId: string) => `campaign/${campaignId}/agency/${agencyId}`,
  item: (itemId: string) => `item/${itemId}`,
  complaint: (complaintId: string) => `complaint/${complaintId}`,
  /**
   * one per outbox row, named by the row's notification_key (random: a row id repeats in a restored or second database
   * on the same namespace, db/migrations/00016); an operator's retry of a failed delivery runs under notificationRetry
   */
  notification: (notificationKey: string) => `notification/${notificationKey}`,
  notificationRetry: (notificationKey: string, deliveryId: string, run: number) =>
    `notification/${notificationKey}/retry/${deliveryId}/${run}`,
  /** one per campaign: its assessment from the draft to the final (workflows/assessment.ts) */
  assessment: (campaignId: string) => `campaign/${campaignId}/assessment`,
  /** one per document that asks for a receipt (签收): chases it until signed (workflows/documentReceipt.ts) */
  documentReceipt: (documentId: string) => `document/${documentId}/receipt`,
  /** `npm start`'s proof that a workflow task runs before it says "running" (workflows/readiness.ts) */
  readiness: (startedAt: string) => `readiness/${startedAt}`,
};

/** Application failure types the API maps to HTTP statuses. */
export const FailureType = {
  conflict: 'StateConflict', // 409: the state does not allow it (closed phase, delivered twice)
  rule: 'RuleViolation', // 422: well-formed but against the campaign's rules
  invalid: 'InvalidInput', // 400
  forbidden: 'Forbidden', // 403: this role may not take this action
} as const;

/** Who acted, recorded with every change. */
export interface Actor {
  keyId: string;
  /** Whom to name: the person ("display name (username)") or the key's label; absent in histories from before people. */
  name?: string;
  role: 'admin' | 'bureau' | 'agency' | 'discipline' | 'public' | 'system';
}

// ---- campaign workflow ----
export interface CampaignWorkflowInput {
  campaignId: string;
  settings: CampaignSettings;
  /** Carried over continue-as-new: the last agency id whose workflow was started. */
  fanOut?: { afterAgencyId: string | null; started: number; done: boolean };
  /**
   * Campaigns created since their workflows write their own rows: the kept definition (services/campaignDefinitions.ts)
   * the first task writes the rows from, and who created it. Absent in runs begun before, whose rows the API wrote.
   */
  rows?: Omit<CampaignRowsInput, 'campaignId'>;
}
export interface CampaignRowsInput {
  campaignId: string;
  /** the digest the API kept the validated definition under; a definition is too large for a workflow input */
  definitionDigest: string;
  /** the key that created the campaign */
  createdBy: string;
}
export interface CampaignStatus {
  campaignId: string;
  phase: CampaignPhase;
  agenciesStarted: number;
  fanOutDone: boolean;
}
export const campaignStatusQuery = defineQuery<CampaignStatus>('campaignStatus');

/**
 * Answers once the workflow has written the row it owns (a campaign's, an item's, a complaint's): the API creates each
 * through Update-with-Start on it, so its answer follows the row instead of polling for it.
 */
export const openedUpdate = defineUpdate<{ opened: true }>('opened');

/**
 * Agencies of the registry joining a running campaign; the API has checked that they are the bureau's and that the
 * campaign does not hold them yet.
 */
export interface JoinAgencies {
  agencies: Agency[];
}
export interface JoinAgenciesInput extends JoinAgencies {
  campaignId: string;
  joinedAt: string;
}
/** The agencies that joined, and the instant their ladders start from. */
export interface JoinReceipt {
  joined: string[];
  joinedAt: string;
}
export const joinAgenciesUpdate = defineUpdate<JoinReceipt, [JoinAgencies]>('joinAgencies');

// ---- agency workflow ----
export type SubjectKind = 'deliverable' | 'item' | 'complaint';
export interface Subject {
  kind: SubjectKind;
  id: string;
}

export interface TakenStep {
  type: 'reminder' | 'escalation';
  step: string;
  deadline: string;
  scheduledFor: string;
  occurredAt: string;
  noticeNumber?: string | null;
  /** A reminder taken after its deadline had passed (the system was down): recorded, not sent. */
  missed?: true;
}
export interface DeadlineMove {
  from: string;
  to: string;
  reason: string;
  by: Actor;
  at: string;
}
/** One deadline under watch and what its ladder has done so far. */
export interface TrackedDeadline {
  subject: Subject;
  dueAt: string;
  armedAt: string;
  metAt: string | null;
  listed: boolean;
  /** When the bureau lifted its listed supervision (摘牌); absent in states from before lifting existed. */
  liftedAt?: string;
  taken: TakenStep[];
  moves: DeadlineMove[];
  /**
   * Steps scheduled before this instant are never taken: an agency that joined a running campaign is not escalated
   * retroactively for deadlines that had passed before it joined (absent: every step of the schedule is owed).
   */
  stepsFrom?: string;
}

export interface DeliverableReturn {
  at: string;
  reason: string;
  by: Actor;
  /** When the submission it sent back was made. */
  submittedAt: string;
}
export interface DeliverableState extends TrackedDeadline {
  code: DeliverableCode;
  late: boolean;
  /** Each return (退回) by the bureau, oldest first; absent in states from before returns existed. */
  returns?: DeliverableReturn[];
  /** The bureau's acceptance (审核通过) of the submission on record; a resubmission is reviewed anew. */
  accepted?: { at: string; by: Actor; submittedAt: string };
}
/** The agency workflow's own state: facts only; lights and counts are derived by `viewAgency` at read time. */
export interface AgencyState {
  campaignId: string;
  agency: Agency;
  phase: CampaignPhase;
  deliverables: DeliverableState[];
  checklist: Record<string, ChecklistAnswer & { answeredAt: string }>;
  /** Ledger items per checklist code, so D4 can require an item behind every problem found. */
  itemsByChecklist: Record<string, number>;
}

export interface AgencyWorkflowInput {
  campaignId: string;
  agency: Agency;
  settings: CampaignSettings;
  /** When the agency joined a campaign already running (POST /v1/campaigns/:id/agencies): its ladders start then. */
  joinedAt?: string;
  /** Carried over continue-as-new. */
  carried?: Pick<AgencyState, 'deliverables' | 'checklist' | 'itemsByChecklist'> & { version: number };
}

export interface SubmitDeliverable {
  code: DeliverableCode;
  body: unknown;
  by: Actor;
}
export interface SubmissionReceipt {
  code: DeliverableCode;
  submittedAt: string;
  late: boolean;
}
export interface AnswerChecklist {
  itemCode: string;
  answer: ChecklistAnswer;
  by: Actor;
}
export interface MoveDeadline {
  code: DeliverableCode;
  dueAt: string;
  reason: string;
  by: Actor;
}

export interface ReturnDeliverable {
  code: DeliverableCode;
  reason: string;
  /** A new deadline to correct it by; without it the deadline stands and its ladder resumes. */
  dueAt?: string;
  by: Actor;
}
export interface ReturnReceipt {
  code: DeliverableCode;
  returnedAt: string;
  dueAt: string;
}

export interface AcceptDeliverable {
  code: DeliverableCode;
  by: Actor;
}
export interface AcceptReceipt {
  code: DeliverableCode;
  acceptedAt: string;
}

/** 摘牌: the bureau lifts the listed supervision of a deliverable, with a reason; a numbered 摘牌通知 is issued. */
export interface LiftListing {
  code: DeliverableCode;
  reason: string;
  by: Actor;
}
export interface LiftReceipt {
  code: DeliverableCode;
  liftedAt: string;
  /** the 摘牌通知's id in the register and its 文号 */
  documentId: string;
  number: string;
}
/** What the register needs to issue a 摘牌通知 (activities/documentIssues.ts). */
export interface LiftingRecord {
  campaignId: string;
  agencyId: string;
  subject: Subject;
  reason: string;
  liftedAt: string;
}

export const agencyStateQuery = defineQuery<AgencyState>('agencyState');
export const returnDeliverableUpdate = defineUpdate<ReturnReceipt, [ReturnDeliverable]>('returnDeliverable');
export const acceptDeliverableUpdate = defineUpdate<AcceptReceipt, [AcceptDeliverable]>('acceptDeliverable');
export const submitDeliverableUpdate = defineUpdate<SubmissionReceipt, [SubmitDeliverable]>('submitDeliverable');
export const answerChecklistUpdate = defineUpdate<{ itemCode: string; answeredAt: string }, [AnswerChecklist]>(
  'answerChecklist',
);
export const moveDeadlineUpdate = defineUpdate<DeliverableState, [MoveDeadline]>('moveDeadline');
export const liftListingUpdate = defineUpdate<LiftReceipt, [LiftListing]>('liftListing');
export const ledgerItemRecordedSignal = defineSignal<[{ itemId: string; checklistCode: string }]>('ledgerItemRecorded');

// ---- ledger item workflow ----
export interface ItemHistoryEntry {
  at: string;
  action: string;
  by: Actor;
  from?: ItemStatus;
  to?: ItemStatus;
  detail?: Record<string, unknown>;
}
export interface ExtensionRequest {
  reason: string;
  proposedDueAt: string;
  requestedAt: string;
  by: Actor;
  decision: { approved: boolean; note?: string; by: Actor; at: string } | null;
}
export interface LedgerItemState {
  itemId: string;
  campaignId: string;
  agencyId: string;
  item: NewLedgerItem & { foundOn: string };
  status: ItemStatus;
  deadline: TrackedDeadline;
  closure: { kind: ClosureKind; reason?: string; note?: string; by: Actor; at: string } | null;
  extensions: ExtensionRequest[];
  referral: { id: string; referredAt: string; by: Actor; acknowledgedAt: string | null } | null;
  history: ItemHistoryEntry[];
}
export interface LedgerItemWorkflowInput {
  itemId: string;
  campaignId: string;
  agencyId: string;
  settings: CampaignSettings;
  item: NewLedgerItem & { foundOn: string };
  dueAt: string;
  createdBy: Actor;
  createdAt: string;
  /** A spot-check finding's classified disposals (分类处置) and its check. */
  disposals?: string[];
  spotCheckId?: string;
}
export interface ItemActionRequest {
  action: ItemAction;
  by: Actor;
}
export const itemStateQuery = defineQuery<LedgerItemState>('itemState');
/** What an item action answers: a small receipt (the history would be stored again with every update); read the item for more. */
export interface ItemActionReceipt {
  itemId: string;
  action: ItemAction['action'];
  status: ItemStatus;
  at: string;
}
export const itemActionUpdate = defineUpdate<ItemActionReceipt, [ItemActionRequest]>('itemAction');
export const referralAcknowledgedSignal =
  defineSignal<[{ referralId: string; by: Actor; at: string }]>('referralAcknowledged');

// ---- complaint workflow ----
export interface ComplaintState {
  complaintId: string;
  campaignId: string;
  agencyId: string | null;
  description: string;
  status: 'received' | 'investigating' | 'concluded';
  investigator: string | null;
  findings: { note: string; evidence?: unknown[]; by: Actor; at: string }[];
  conclusion: {
    outcome: 'substantiated' | 'unsubstantiated' | 'not_accepted';
    summary: string;
    suggestion?: { target: string; text: string };
    evidence?: unknown[];
    referralId?: string;
    itemId?: string;
    by: Actor;
    at: string;
  } | null;
  deadline: TrackedDeadline;
  history: { at: string; action: string; by: Actor }[];
}
export interface ComplaintWorkflowInput {
  complaintId: string;
  campaignId: string;
  agencyId: string | null;
  description: string;
  settings: CampaignSettings;
  receivedAt: string;
  dueAt: string;
  /** What the complaint's row holds beyond the above; the workflow writes it (absent in runs begun before that). */
  row?: {
    trackingCode: string;
    channel: string;
    kind: string;
    agencyName: string | null;
    jurisdictionId: string | null;
    enteredBy: string | null;
  };
}
export interface ComplaintActionRequest {
  action: ComplaintAction;
  by: Actor;
}
export const complaintStateQuery = defineQuery<ComplaintState>('complaintState');
/** What a complaint action answers: a small receipt; read the complaint for more. */
export interface ComplaintActionReceipt {
  complaintId: string;
  action: ComplaintAction['action'];
  status: ComplaintState['status'];
  at: string;
}
export const complaintActionUpdate = defineUpdate<ComplaintActionReceipt, [ComplaintActionRequest]>('complaintAction');

/** The assessment's lifecycle (SPEC §17): draft (objection window open) → objections (window closed) → final. */
export type AssessmentState = 'draft' | 'objections' | 'final';
export interface AssessmentWorkflowInput {
  campaignId: string;
  draftedAt: string;
  /** the end of the objection window, counted in the campaign's working days when the draft was opened */
  windowEndsAt: string;
  by: Actor;
}
export interface AssessmentStatus {
  state: AssessmentState;
  windowEndsAt: string;
  objections: { objectionId: string; agencyId: string; decided: boolean }[];
  circularNumber: string | null;
}
export interface FileObjection {
  objectionId: string;
  agencyId: string;
  text: string;
  fileId?: string;
  by: Actor;
}
export interface DecideObjection {
  objectionId: string;
  decision: 'accept' | 'reject';
  /** what an accepted objection changes the score by */
  points?: number;
  reason: string;
  by: Actor;
}
export const assessmentStatusQuery = defineQuery<AssessmentStatus>('assessmentStatus');
export const fileObjectionUpdate = defineUpdate<{ objectionId: string; filedAt: string }, [FileObjection]>(
  'fileObjection',
);
export const decideObjectionUpdate = defineUpdate<
  { objectionId: string; decision: 'accept' | 'reject'; decidedAt: string },
  [DecideObjection]
>('decideObjection');
export const finalizeAssessmentUpdate = defineUpdate<{ finalizedAt: string; circularNumber: string }, [{ by: Actor }]>(
  'finalizeAssessment',
);

// ---- document receipt workflow ----
export interface DocumentReceiptInput {
  /** the document's random id (notices.public_id) */
  documentId: string;
}
