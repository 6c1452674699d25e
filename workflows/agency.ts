import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  acceptDeliverableUpdate,
  agencyStateQuery,
  answerChecklistUpdate,
  ledgerItemRecordedSignal,
  liftListingUpdate,
  moveDeadlineUpdate,
  returnDeliverableUpdate,
  submitDeliverableUpdate,
  type AcceptDeliverable,
  type AgencyState,
  type AgencyWorkflowInput,
  type AnswerChecklist,
  type LiftListing,
  type MoveDeadline,
  type ReturnDeliverable,
  type SubmitDeliverable,
} from '../domain/contract';
import { phaseAt, phaseBoundaries, phaseWindow } from '../domain/phases';
import type { ChecklistAnswer } from '../domain/deliverables';
import { DELIVERABLES, DELIVERABLE_CODES, CHECKLIST_CODES, type DeliverableCode } from '../domain/template';
import { isMarkedOverdue } from '../domain/policy/ladder';
import { PATCH_PHASE_SEARCH_ATTRIBUTE, phaseSearchAttribute } from '../domain/searchAttributes';
import { bookkeeping, forUpdates } from './activities';
import { workflowLock } from './lock';
import { newDeadline, takeDueSteps } from './deadlineLadder';
import { refusal } from '../domain/refusals';

/** Deliverables are accepted (审核通过) by the bureau from this change on (docs/VERSIONING.md); never reused. */
export const PATCH_DELIVERABLE_ACCEPTANCE = 'deliverable-acceptance';

/**
 * One agency's passage through the four phases (安排部署 → 自查整改 → 巩固提高 → 抽查检查): eight deliverables, each
 * with its own reminder and escalation ladder, and the 17-item self-inspection checklist.
 */
export async function agencyWorkflow(input: AgencyWorkflowInput): Promise<AgencyState> {
  const { campaignId, agency, settings } = input;
  const { calendar, policy } = settings;
  const tz = calendar.timeZone;
  // Reminders are owed from the moment the agency joined the campaign, not before. One that joined a running campaign
  // owes no step that fell due before it joined either (its deadlines already past are not escalated retroactively).
  const joinedAt =
    input.joinedAt ??
    new Date(Math.max(Date.parse(calendar.phases[0].startsAt), workflowInfo().startTime.getTime())).toISOString();
  const state: AgencyState = {
    campaignId,
    agency,
    phase: 'not_started',
    deliverables:
      input.carried?.deliverables ??
      DELIVERABLE_CODES.map((code) => ({
        ...newDeadline({ kind: 'deliverable', id: code }, calendar.deadlines[code], joinedAt),
        ...(input.joinedAt ? { stepsFrom: input.joinedAt } : {}),
        code,
        late: false,
      })),
    checklist: input.carried?.checklist ?? {},
    itemsByChecklist: input.carried?.itemsByChecklist ?? {},
  };
  const where = { campaignId, agencyId: agency.id };
  const books = bookkeeping();
  const updateBooks = forUpdates(books);
  const lock = workflowLock();
  // Grows across continue-as-new too: the projection only ever accepts a newer version.
  let version = input.carried?.version ?? 0;
  const changed = () => void (version += 1);
  const deliverable = (code: DeliverableCode) => state.deliverables.find((d) => d.code === code)!;
  const submitting = new Set<DeliverableCode>();

  const assertOpen = () => {
    if (phaseAt(calendar, Date.now()) === 'closed') throw refusal('campaign_closed', 'the campaign has closed');
  };

  setHandler(agencyStateQuery, () => state);

  /** The rules of a submission: checked by the validator, and again once the handler holds the lock. */
  const checkSubmission = ({ code }: SubmitDeliverable) => {
    assertOpen();
    if (!Object.hasOwn(DELIVERABLES, code)) throw refusal('unknown_deliverable', `unknown deliverable ${String(code)}`);
    const window = phaseWindow(calendar, DELIVERABLES[code].phase);
    if (Date.now() < Date.parse(window.startsAt)) {
      throw refusal('phase_not_open', `${code} belongs to the ${window.key} phase, which opens at ${window.startsAt}`);
    }
    const d = deliverable(code);
    if (d.metAt || submitting.has(code))
      throw refusal('deliverable_already_submitted', `${code} 已于 ${d.metAt ?? '刚才'} 报送，不能重复报送`, {
        submittedAt: d.metAt,
      });
    // The body's shape was checked against DELIVERABLE_BODIES by the API, the one client of this update: zod stays
    // out of the workflow bundle (domain/phases.ts says why).
    if (code === 'D4') assertSelfInspectionComplete(state);
  };

  setHandler(
    submitDeliverableUpdate,
    (request: SubmitDeliverable) =>
      lock.run(
        async () => {
          const { code, body, by } = request;
          const d = deliverable(code);
          // Runs begun before the lock replay their submissions unlocked: this set kept a second one out.
          if (d.metAt || submitting.has(code))
            throw refusal('deliverable_already_submitted', `${code} 已于 ${d.metAt ?? '刚才'} 报送，不能重复报送`, {
              submittedAt: d.metAt,
            });
          submitting.add(code);
          try {
            const now = Date.now();
            const submittedAt = new Date(now).toISOString();
            const late = now > Date.parse(d.dueAt);
            await updateBooks.recordSubmission({ ...where, code, body, submittedAt, late, by });
            d.metAt = submittedAt;
            d.late = late;
            changed();
            return { code, submittedAt, late };
          } finally {
            submitting.delete(code);
          }
        },
        () => checkSubmission(request),
      ),
    { validator: checkSubmission },
  );

  /** The rules of a return: checked by the validator, and again once the handler holds the lock. */
  const checkReturn = ({ code, dueAt }: ReturnDeliverable) => {
    assertOpen();
    if (!Object.hasOwn(DELIVERABLES, code)) throw refusal('unknown_deliverable', `unknown deliverable ${String(code)}`);
    const d = deliverable(code);
    if (!d.metAt || submitting.has(code))
      throw refusal('deliverable_not_submitted', `${code} 尚未报送，无法退回（${code} has not been submitted）`);
    if (d.accepted && d.accepted.submittedAt === d.metAt)
      throw refusal('deliverable_already_accepted', `${code} 已于 ${d.accepted.at} 审核通过，不能退回`, {
        acceptedAt: d.accepted.at,
      });
    if (dueAt && Date.parse(dueAt) <= Date.now())
      throw refusal('deadline_in_past', '新的期限必须晚于现在（the new deadline must lie in the future）');
    if (dueAt && Date.parse(dueAt) > Date.parse(calendar.closesAt))
      throw refusal(
        'deadline_after_close',
        '新的期限必须早于专项整治结束（the new deadline must fall before the campaign closes）',
      );
  };

  // The bureau's return (退回): the deliverable is unmet again and its ladder resumes from the return — reminders owed
  // from then on, escalations not yet taken for its deadline taken when due, each step still once (a step's record is
  // keyed by the deadline). With a new deadline, the ladder runs for that one. No patch: runs whose histories hold no
  // return replay as before, and the handler only acts when a return arrives.
  setHandler(
    returnDeliverableUpdate,
    (request: ReturnDeliverable) =>
      lock.run(
        async () => {
          const { code, reason, dueAt, by } = request;
          const d = deliverable(code);
          const returnedAt = new Date(Date.now()).toISOString();
          // the deadline the agency is told to resubmit by (an activity's input is not compared on replay: no patch)
          await updateBooks.recordReturn({
            ...where,
            code,
            reason,
            returnedAt,
            dueAt: dueAt ? new Date(dueAt).toISOString() : d.dueAt,
            by,
          });
          d.returns = [...(d.returns ?? []), { at: returnedAt, reason, by, submittedAt: d.metAt! }];
          d.metAt = null;
          d.late = false;
          d.armedAt = returnedAt;
          if (dueAt) {
            d.moves.push({ from: d.dueAt, to: new Date(dueAt).toISOString(), reason, by, at: returnedAt });
            d.dueAt = new Date(dueAt).toISOString();
          }
          changed();
          return { code, returnedAt, dueAt: d.dueAt };
        },
        () => checkReturn(request),
      ),
    { validator: checkReturn },
  );

  /** The rules of an acceptance: checked by the validator, and again once the handler holds the lock. */
  const checkAcceptance = ({ code }: AcceptDeliverable) => {
    assertOpen();
    if (!Object.hasOwn(DELIVERABLES, code)) throw refusal('unknown_deliverable', `unknown deliverable ${String(code)}`);
    const d = deliverable(code);
    if (!d.metAt || submitting.has(code))
      throw refusal('deliverable_not_submitted', `${code} 尚未报送，无法审核（${code} has not been submitted）`);
    if (d.accepted?.submittedAt === d.metAt)
      throw refusal('deliverable_already_accepted', `${code} 已于 ${d.accepted.at} 审核通过`, {
        acceptedAt: d.accepted.at,
      });
  };

  // The bureau's acceptance (审核通过) of the submission on record. Runs begun before acceptance existed hold no such
  // update and replay as before; the patch marks the runs that accepted one, so a later change can tell them apart.
  setHandler(
    acceptDeliverableUpdate,
    (request: AcceptDeliverable) =>
      lock.run(
        async () => {
          const { code, by } = request;
          const d = deliverable(code);
          const acceptedAt = new Date(Date.now()).toISOString();
          patched(PATCH_DELIVERABLE_ACCEPTANCE);
          await updateBooks.recordAcceptance({ ...where, code, acceptedAt, by });
          d.accepted = { at: acceptedAt, by, submittedAt: d.metAt! };
          changed();
          return { code, acceptedAt };
        },
        () => checkAcceptance(request),
      ),
    { validator: checkAcceptance },
  );

  const checkLift = ({ code }: LiftListing) => {
    if (!Object.hasOwn(DELIVERABLES, code)) throw refusal('unknown_deliverable', `unknown deliverable ${String(code)}`);
    if (!deliverable(code).listed) throw refusal('not_listed', '该事项未挂牌督办，无需摘牌');
  };

  // 摘牌: the bureau lifts a deliverable's listed supervision with a reason, issuing a numbered 摘牌通知; its light no
  // longer counts the escalations taken before. No patch, as for returns: the handler acts only when a lifting arrives.
  setHandler(
    liftListingUpdate,
    (request: LiftListing) =>
      lock.run(
        async () => {
          const d = deliverable(request.code);
          const liftedAt = new Date(Date.now()).toISOString();
          const lifted = await updateBooks.issueLifting({
            ...where,
            subject: d.subject,
            reason: request.reason,
            liftedAt,
          });
          d.listed = false;
          d.liftedAt = liftedAt;
          changed();
          return { code: request.code, liftedAt, documentId: lifted.id, number: lifted.number };
        },
        () => checkLift(request),
      ),
    { validator: checkLift },
  );

  /** The rules of an answer: checked by the validator, and again once the handler holds the lock. */
  const checkAnswer = ({ itemCode, answer }: AnswerChecklist) => {
    assertOpen();
    if (!CHECKLIST_CODES.includes(itemCode as never))
      throw refusal('unknown_checklist_item', `unknown checklist item ${itemCode}`);
    const window = phaseWindow(calendar, 'self_inspection');
    if (Date.now() < Date.parse(window.startsAt))
      throw refusal('phase_not_open', `self-inspection opens at ${window.startsAt}`);
    if (deliverable('D4').metAt) throw refusal('checklist_locked', '自查情况（D4）已报送，自查清单的回答不能再改');
    const current = state.checklist[itemCode];
    if (current && sameAnswer(current, answer))
      throw refusal('answer_unchanged', `${itemCode} 已作相同回答（${current.answeredAt}）`, {
        answeredAt: current.answeredAt,
      });
  };

  setHandler(
    answerChecklistUpdate,
    (request: AnswerChecklist) =>
      lock.run(
        async () => {
          const { itemCode, answer, by } = request;
          const answeredAt = new Date(Date.now()).toISOString();
          await updateBooks.recordChecklistAnswer({ ...where, itemCode, answer, by, answeredAt });
          state.checklist[itemCode] = { ...answer, answeredAt };
          changed();
          return { itemCode, answeredAt };
        },
        () => checkAnswer(request),
      ),
    { validator: checkAnswer },
  );

  setHandler(
    moveDeadlineUpdate,
    ({ code, dueAt, reason, by }) => {
      const d = deliverable(code);
      const now = new Date(Date.now()).toISOString();
      d.moves.push({ from: d.dueAt, to: new Date(dueAt).toISOString(), reason, by, at: now });
      d.dueAt = new Date(dueAt).toISOString();
      d.armedAt = now;
      changed();
      return d;
    },
    {
      validator: ({ code, dueAt }: MoveDeadline) => {
        assertOpen();
        if (!Object.hasOwn(DELIVERABLES, code))
          throw refusal('unknown_deliverable', `unknown deliverable ${String(code)}`);
        const d = deliverable(code);
        if (d.metAt)
          throw refusal('deliverable_already_submitted', `${code} has been submitted; its deadline can no longer move`);
        if (Date.parse(dueAt) <= Date.now())
          throw refusal('deadline_in_past', 'the new deadline must lie in the future');
        if (Date.parse(dueAt) > Date.parse(calendar.closesAt))
          throw refusal('deadline_after_close', 'the new deadline must fall before the campaign closes');
        if (new Date(dueAt).toISOString() === d.dueAt)
          throw refusal('deadline_unchanged', `${code} 的期限已是 ${d.dueAt}`);
      },
    },
  );

  setHandler(ledgerItemRecordedSignal, ({ checklistCode }) => {
    state.itemsByChecklist[checklistCode] = (state.itemsByChecklist[checklistCode] ?? 0) + 1;
    changed();
  });

  let projected = -1;
  changed(); // a new run always projects once
  for (;;) {
    // Captured first: a change made by a handler while this iteration awaits makes the wait below return at once.
    const seen = version;
    const phase = phaseAt(calendar, Date.now());
    if (phase !== state.phase) {
      state.phase = phase;
      changed();
      // Added while agencies were running: histories from before it replay without the upsert command.
      if (patched(PATCH_PHASE_SEARCH_ATTRIBUTE)) upsertSearchAttributes(phaseSearchAttribute(phase));
    }
    let nextStepAtMs: number | null = null;
    if (phase !== 'closed') {
      const due = await takeDueSteps(state.deliverables, policy, tz, where, books);
      if (due.taken) changed();
      nextStepAtMs = due.nextAtMs;
    }
    if (projected !== version) {
      projected = version;
      await books.projectAgency(projectionOf(state, version));
    }
    if (phase === 'closed') break;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof agencyWorkflow>({
        ...input,
        carried: {
          deliverables: state.deliverables,
          checklist: state.checklist,
          itemsByChecklist: state.itemsByChecklist,
          version,
        },
      });
    }
    const nextBoundary = phaseBoundaries(calendar).find((b) => b > Date.now()) ?? Infinity;
    const wakeAt = Math.min(nextStepAtMs ?? Infinity, nextBoundary);
    // Nothing left to wait for: the campaign closed while this iteration took its steps. The top of the loop closes it.
    if (!Number.isFinite(wakeAt)) continue;
    await condition(() => version !== seen, Math.max(1, wakeAt - Date.now()));
  }
  await condition(allHandlersFinished);
  return state;
}

/** An answer that repeats the one on record changes nothing: a second copy of the same request is refused. */
function sameAnswer(a: ChecklistAnswer, b: ChecklistAnswer): boolean {
  return (
    a.answer === b.answer &&
    (a.note ?? null) === (b.note ?? null) &&
    JSON.stringify(a.evidence ?? null) === JSON.stringify(b.evidence ?? null)
  );
}

/** D4 closes the self-assessment: every item answered, and every problem found backed by a ledger item. */
function assertSelfInspectionComplete(state: AgencyState): void {
  const unanswered = CHECKLIST_CODES.filter((c) => !state.checklist[c]);
  if (unanswered.length)
    throw refusal('checklist_incomplete', `the checklist is not complete: ${unanswered.join(', ')} unanswered`, {
      unanswered,
    });
  const unbacked = CHECKLIST_CODES.filter(
    (c) => state.checklist[c]?.answer === 'problem_found' && !state.itemsByChecklist[c],
  );
  if (unbacked.length) {
    throw refusal('problem_without_item', `every problem found needs a ledger item: ${unbacked.join(', ')} have none`, {
      unbacked,
    });
  }
}

function projectionOf(state: AgencyState, version: number) {
  const open = state.deliverables.filter((d) => !d.metAt).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return {
    campaignId: state.campaignId,
    agencyId: state.agency.id,
    version,
    phase: state.phase,
    nextDeadlineAt: open[0]?.dueAt ?? null,
    nextDeadlineSubject: open[0]?.subject ?? null,
    overdue: open.some(isMarkedOverdue),
    listed: open.some((d) => d.listed),
    state,
  };
}
