import { allHandlersFinished, condition, patched, setHandler } from '@temporalio/workflow';
import {
  complaintActionUpdate,
  complaintStateQuery,
  type Actor,
  type ComplaintActionRequest,
  type ComplaintState,
  type ComplaintWorkflowInput,
} from '../domain/contract';
import { isMarkedOverdue } from '../domain/policy/ladder';
import { acts, bookkeeping, forUpdates } from './activities';
import { workflowLock } from './lock';
import { answerWhenOpened } from './opened';
import { newDeadline, watchDeadlines, type Changes } from './deadlineLadder';
import { refusal } from '../domain/refusals';

/** The complaint's workflow writes its own row in its first task; never reuse or rename the id. */
export const PATCH_COMPLAINT_OWNS_ROW = 'complaint-owns-row';

/** Attaching the agency a complaint is attached to already is refused inside the lock too; never reuse the id. */
export const PATCH_ATTACH_ONCE = 'attach-agency-once';

/**
 * One public complaint (举报): the bureau must investigate and verify (调查、核实) within the policy period, under
 * the same reminder and escalation ladder as every deadline, and conclude with a handling suggestion (处理建议).
 */
export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<ComplaintState> {
  const { complaintId, campaignId, settings } = input;
  const where = { campaignId, agencyId: input.agencyId ?? '' };
  const books = bookkeeping();
  const updateActs = forUpdates(acts);
  const lock = workflowLock();
  const state: ComplaintState = {
    complaintId,
    campaignId,
    agencyId: input.agencyId,
    description: input.description,
    status: 'received',
    investigator: null,
    findings: [],
    conclusion: null,
    deadline: newDeadline({ kind: 'complaint', id: complaintId }, input.dueAt, input.receivedAt),
    history: [],
  };
  let version = 1; // the row as first written holds version 0
  const changes: Changes = { version: () => version, bump: () => void (version += 1) };
  const now = () => new Date(Date.now()).toISOString();
  const record = (action: string, by: Actor) => {
    state.history.push({ at: now(), action, by });
    version += 1;
  };

  setHandler(complaintStateQuery, () => state);
  const opened = answerWhenOpened();
  const act = async ({ action: a, by }: ComplaintActionRequest) => {
    switch (a.action) {
      case 'assign':
        state.investigator = a.investigator;
        state.status = 'investigating';
        break;
      case 'add_finding':
        state.findings.push({ note: a.note, ...(a.evidence ? { evidence: a.evidence } : {}), by, at: now() });
        state.status = 'investigating';
        break;
      case 'attach_agency':
        state.agencyId = a.agencyId;
        break;
      case 'conclude': {
        const { agencyId } = state;
        const at = now();
        let referralId: string | undefined;
        let itemId: string | undefined;
        if (a.outcome === 'substantiated' && a.suggestion && a.item) {
          ({ id: referralId } = await updateActs.createReferral({
            id: `ref-${complaintId}`,
            campaignId,
            agencyId,
            subject: { kind: 'complaint', id: complaintId },
            target: a.suggestion.target as 'government' | 'appointing_authority' | 'supervisory_commission',
            summary: a.suggestion.text,
            by,
          }));
          itemId = await updateActs.openComplaintLedgerItem({
            complaintId,
            campaignId,
            agencyId: agencyId!,
            description: input.description,
            item: a.item,
            by,
          });
        }
        state.conclusion = {
          outcome: a.outcome,
          summary: a.summary,
          ...(a.suggestion ? { suggestion: a.suggestion } : {}),
          // no patch: the field is new, so no recorded conclusion carries it and a replay builds the same state
          ...(a.evidence ? { evidence: a.evidence } : {}),
          ...(referralId ? { referralId } : {}),
          ...(itemId ? { itemId } : {}),
          by,
          at,
        };
        state.status = 'concluded';
        state.deadline.metAt = at;
        break;
      }
    }
    record(a.action, by);
  };

  /**
   * The rules an action must pass: checked by the validator, and again once the handler holds the lock (`inTurn`).
   * A repeated attachment was accepted before the change, so in a turn it is refused only past its patch: a run that
   * took one replays as it ran (the validator's check is never replayed).
   */
  const check = ({ action: a, by }: ComplaintActionRequest, inTurn = false) => {
    if (by.role !== 'bureau') throw refusal('complaint_bureau_only', '只有负责调查的监督局可以处理举报');
    if (state.status === 'concluded')
      throw refusal('complaint_concluded', '该举报已办结', { outcome: state.conclusion?.outcome });
    if (a.action === 'assign' && state.investigator === a.investigator)
      throw refusal('investigator_unchanged', `该举报已指派给 ${a.investigator}`);
    if (a.action === 'attach_agency' && state.agencyId === a.agencyId && (!inTurn || patched(PATCH_ATTACH_ONCE))) {
      throw refusal('agency_already_attached', `该举报已关联机关 ${a.agencyId}`);
    }
    if (a.action === 'conclude' && a.outcome === 'substantiated' && !state.agencyId) {
      throw refusal(
        'complaint_needs_agency',
        '查实的举报须指明被举报机关：本举报未关联名录中的机关，请先关联机关再办结',
      );
    }
  };

  setHandler(
    complaintActionUpdate,
    (request: ComplaintActionRequest) =>
      lock.run(
        async () => {
          await act(request);
          return {
            complaintId,
            action: request.action.action,
            status: state.status,
            at: state.history[state.history.length - 1].at,
          };
        },
        () => check(request, true),
      ),
    { validator: (request: ComplaintActionRequest) => check(request) },
  );

  // Complaints received since the change write their own row (docs/VERSIONING.md); before it, the API had written it.
  if (patched(PATCH_COMPLAINT_OWNS_ROW) && input.row) await books.recordComplaintRow(input);
  opened.markOpened();

  await watchDeadlines({
    deadlines: [state.deadline],
    policy: settings.policy,
    timeZone: settings.calendar.timeZone,
    where,
    books,
    changes,
    done: () => state.status === 'concluded',
    project: (v) => books.projectComplaint(projectionOf(state, v)),
  });
  await condition(allHandlersFinished);
  return state;
}

function projectionOf(state: ComplaintState, version: number) {
  const d = state.deadline;
  return {
    complaintId: state.complaintId,
    version,
    status: state.status,
    outcome: state.conclusion?.outcome ?? null,
    concludedAt: state.conclusion?.at ?? null,
    suggestionTarget: state.conclusion?.suggestion?.target ?? null,
    itemId: state.conclusion?.itemId ?? null,
    overdue: isMarkedOverdue(d),
    state,
  };
}
