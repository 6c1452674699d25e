import { allHandlersFinished, condition, getExternalWorkflowHandle, patched, setHandler } from '@temporalio/workflow';
import {
  itemActionUpdate,
  itemStateQuery,
  ledgerItemRecordedSignal,
  referralAcknowledgedSignal,
  workflowIds,
  type Actor,
  type ItemActionRequest,
  type LedgerItemState,
  type LedgerItemWorkflowInput,
} from '../domain/contract';
import { ACTION_FROM, ACTION_ROLES, itemLadderPolicy } from '../domain/ledgerRules';
import type { ItemStatus } from '../domain/ledger';
import type { Policy } from '../domain/campaign';
import { isMarkedOverdue } from '../domain/policy/ladder';
import { ladderSubjectOf, referralSummary, stepKindOf } from '../domain/stepKinds';
import { acts, bookkeeping, forUpdates, type Bookkeeping } from './activities';
import { workflowLock } from './lock';
import { answerWhenOpened } from './opened';
import { newDeadline, watchDeadlines, type Changes } from './deadlineLadder';
import { refusal } from '../domain/refusals';

const SYSTEM: Actor = { keyId: 'system', role: 'system' };

/** The item's workflow writes its own row in its first task; never reuse or rename the id. */
export const PATCH_ITEM_OWNS_ROW = 'item-owns-row';

/**
 * One problem in an agency's ledger (问题清单), from finding to ticket-closing (销号): its status machine, its due
 * date's reminder and escalation ladder, extensions decided by the bureau, listed supervision and referral.
 */
export async function ledgerItemWorkflow(input: LedgerItemWorkflowInput): Promise<LedgerItemState> {
  const { itemId, campaignId, agencyId, settings, item } = input;
  const policy = itemLadderPolicy(settings.policy, item.classification) as Policy;
  const tz = settings.calendar.timeZone;
  const where = { campaignId, agencyId };
  const books = bookkeeping();
  const updateBooks = forUpdates(books);
  const updateActs = forUpdates(acts);
  const lock = workflowLock();
  const state: LedgerItemState = {
    itemId,
    campaignId,
    agencyId,
    item,
    status: 'open',
    deadline: newDeadline({ kind: 'item', id: itemId }, input.dueAt, input.createdAt),
    closure: null,
    extensions: [],
    referral: null,
    history: [{ at: input.createdAt, action: 'create', by: input.createdBy, to: 'open' }],
  };
  let version = 1; // the row as first written holds version 0
  const changes: Changes = { version: () => version, bump: () => void (version += 1) };
  const now = () => new Date(Date.now()).toISOString();
  const record = (action: string, by: Actor, to?: ItemStatus, detail?: Record<string, unknown>) => {
    state.history.push({
      at: now(),
      action,
      by,
      from: state.status,
      ...(to ? { to } : {}),
      ...(detail ? { detail } : {}),
    });
    if (to) state.status = to;
    version += 1;
  };
  const pendingExtension = () => state.extensions.find((e) => !e.decision);

  const refer = async (summary: string, by: Actor, via: Bookkeeping = acts) => {
    const referral = await via.createReferral({
      id: `ref-${itemId}`,
      campaignId,
      agencyId,
      subject: { kind: 'item', id: itemId },
      target: 'discipline_commission',
      summary,
      by,
    });
    state.referral = { id: referral.id, referredAt: referral.referredAt, by, acknowledgedAt: null };
    if (item.classification === 'disciplinary_lead') state.deadline.metAt ??= referral.referredAt;
    record('refer', by, undefined, { referralId: referral.id, summary });
  };

  setHandler(itemStateQuery, () => state);
  const opened = answerWhenOpened();
  setHandler(referralAcknowledgedSignal, ({ by, at }) => {
    if (state.referral) state.referral.acknowledgedAt = at;
    state.history.push({ at, action: 'referral_acknowledged', by });
    version += 1;
  });

  const act = async ({ action: a, by }: ItemActionRequest) => {
    switch (a.action) {
      case 'start':
        record('start', by, 'rectifying', a.note ? { note: a.note } : undefined);
        break;
      case 'submit':
        state.deadline.metAt = now();
        record('submit', by, 'pending_verification', { note: a.note, evidence: a.evidence });
        break;
      case 'verify':
        state.closure = { kind: 'rectified', note: a.note, by, at: now() };
        record('verify', by, 'closed', { note: a.note, ...(a.evidence ? { evidence: a.evidence } : {}) });
        break;
      case 'reject':
        // The clock runs again from where it stood: steps already taken stay taken.
        state.deadline.metAt = null;
        record('reject', by, 'rectifying', { reason: a.reason });
        break;
      case 'close':
        state.closure = { kind: a.outcome, reason: a.reason, by, at: now() };
        state.deadline.metAt ??= now();
        record('close', by, 'closed', { outcome: a.outcome, reason: a.reason });
        break;
      case 'request_extension':
        state.extensions.push({
          reason: a.reason,
          proposedDueAt: new Date(a.proposedDueAt).toISOString(),
          requestedAt: now(),
          by,
          decision: null,
        });
        record('request_extension', by, undefined, { reason: a.reason, proposedDueAt: a.proposedDueAt });
        break;
      case 'decide_extension': {
        const request = pendingExtension()!;
        request.decision = { approved: a.approve, ...(a.note ? { note: a.note } : {}), by, at: now() };
        if (a.approve) {
          const d = state.deadline;
          d.moves.push({ from: d.dueAt, to: request.proposedDueAt, reason: request.reason, by, at: now() });
          d.dueAt = request.proposedDueAt;
          d.armedAt = now(); // approval re-arms every reminder for the new date
        }
        record('decide_extension', by, undefined, { approved: a.approve, ...(a.note ? { note: a.note } : {}) });
        break;
      }
      case 'list_supervision': {
        const listed = await updateBooks.recordDeadlineStep({
          ...where,
          subject: state.deadline.subject,
          deadline: state.deadline.dueAt,
          type: 'escalation',
          step: 'listed_supervision',
          scheduledFor: now(),
        });
        state.deadline.listed = true;
        record('list_supervision', by, undefined, { reason: a.reason, noticeNumber: listed.noticeNumber });
        break;
      }
      case 'lift_listing': {
        // 摘牌 (no patch: histories without a lifting replay as before; the case runs only when one arrives)
        const liftedAt = now();
        const lifted = await updateActs.issueLifting({
          ...where,
          subject: state.deadline.subject,
          reason: a.reason,
          liftedAt,
        });
        state.deadline.listed = false;
        state.deadline.liftedAt = liftedAt;
        record('lift_listing', by, undefined, { reason: a.reason, noticeNumber: lifted.number });
        break;
      }
      case 'refer':
        await refer(a.summary, by, updateActs);
        break;
    }
  };

  /** The rules an action must pass: checked by the validator, and again once the handler holds the lock. */
  const check = ({ action: a, by }: ItemActionRequest) => {
    if (!ACTION_ROLES[a.action].includes(by.role as never))
      throw refusal('item_action_forbidden', `${by.role} 角色不能对问题执行 ${a.action}`);
    if (!ACTION_FROM[a.action].includes(state.status)) {
      throw refusal('item_status_forbids', `问题当前状态为 ${state.status}，不能执行 ${a.action}`, {
        status: state.status,
      });
    }
    const due = Date.parse(state.deadline.dueAt);
    switch (a.action) {
      case 'request_extension':
        if (item.classification === 'disciplinary_lead')
          throw refusal('lead_not_extendable', '问题线索应移送纪委监委，不能延期');
        if (Date.now() >= due)
          throw refusal('extension_too_late', '延期须在整改期限届满前申请', { dueAt: state.deadline.dueAt });
        if (pendingExtension()) throw refusal('extension_pending', '已有延期申请等待审批');
        if (Date.parse(a.proposedDueAt) <= due) throw refusal('extension_not_later', '申请的期限须晚于现有整改期限');
        break;
      case 'decide_extension':
        if (!pendingExtension()) throw refusal('no_pending_extension', '没有待审批的延期申请');
        break;
      case 'list_supervision':
        if (state.deadline.listed) throw refusal('item_already_listed', '该问题已挂牌督办');
        break;
      case 'lift_listing':
        if (!state.deadline.listed) throw refusal('not_listed', '该事项未挂牌督办，无需摘牌');
        break;
      case 'refer':
        if (state.referral) throw refusal('item_already_referred', '该问题已移送', { referralId: state.referral.id });
        if (by.role === 'agency' && item.classification !== 'disciplinary_lead')
          throw refusal('agency_refers_leads_only', '执法机关只移送问题线索');
        break;
    }
  };

  setHandler(
    itemActionUpdate,
    (request: ItemActionRequest) =>
      lock.run(
        async () => {
          await act(request);
          return {
            itemId,
            action: request.action.action,
            status: state.status,
            at: state.history[state.history.length - 1].at,
          };
        },
        () => check(request),
      ),
    { validator: check },
  );

  // Items opened since the change write their own row (docs/VERSIONING.md); before it, the API had written it.
  if (patched(PATCH_ITEM_OWNS_ROW)) await books.recordItemRow(input);
  opened.markOpened();

  // The agency's self-assessment (D4) needs to know that this checklist item has a ledger item behind it.
  await getExternalWorkflowHandle(workflowIds.agency(campaignId, agencyId))
    .signal(ledgerItemRecordedSignal, { itemId, checklistCode: item.checklistCode })
    .catch(() => undefined); // the agency's workflow has ended with its campaign; the item lives on

  await watchDeadlines({
    deadlines: [state.deadline],
    policy,
    timeZone: tz,
    where,
    books,
    changes,
    done: () => state.status === 'closed',
    project: (v) => books.projectItem(projectionOf(state, v)),
    // The system's own referral takes the lock too, so it never crosses a bureau's referral in flight. The step's
    // record made the referral already (activities/deadlineSteps.ts); this returns it into the state.
    effect: (step) =>
      lock.run(async () => {
        const subject = ladderSubjectOf('item', item.classification);
        const effect = stepKindOf(step)?.effect[subject] ?? 'notify';
        if (effect !== 'notify' && !state.referral) await refer(referralSummary(subject, item.description), SYSTEM);
      }),
  });
  await condition(allHandlersFinished);
  return state;
}

function projectionOf(state: LedgerItemState, version: number) {
  const d = state.deadline;
  return {
    itemId: state.itemId,
    version,
    status: state.status,
    dueAt: d.dueAt,
    closure: state.closure,
    listed: d.listed,
    overdue: isMarkedOverdue(d),
    state,
  };
}
