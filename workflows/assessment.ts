import { allHandlersFinished, condition, setHandler, sleep } from '@temporalio/workflow';
import {
  assessmentStatusQuery,
  decideObjectionUpdate,
  fileObjectionUpdate,
  finalizeAssessmentUpdate,
  type Actor,
  type AssessmentStatus,
  type AssessmentWorkflowInput,
  type DecideObjection,
  type FileObjection,
} from '../domain/contract';
import { refusal } from '../domain/refusals';
import { acts, bookkeeping, forUpdates } from './activities';
import { workflowLock } from './lock';

/**
 * A campaign's assessment from its draft to its final (SPEC §17): the draft opens a window of working days in which
 * each agency may object to its own row; when it has passed the bureau decides every objection with reasons, then
 * finalizes: the scores are frozen with the events behind them and the 通报 of results is issued. The workflow owns
 * the assessment's rows (assessments, assessment_objections, assessment_results); the live score before the draft is
 * computed at read time and needs no workflow.
 */
export async function assessmentWorkflow(input: AssessmentWorkflowInput): Promise<AssessmentStatus> {
  const { campaignId, windowEndsAt } = input;
  const books = forUpdates(bookkeeping(acts, true));
  const heavy = forUpdates(acts);
  const lock = workflowLock();
  const status: AssessmentStatus = { state: 'draft', windowEndsAt, objections: [], circularNumber: null };
  const now = () => new Date(Date.now()).toISOString();
  const recordState = () =>
    books.recordAssessmentState({
      campaignId,
      state: status.state,
      draftedAt: input.draftedAt,
      draftedBy: input.by.keyId,
      windowEndsAt,
    });
  const bureauOnly = (by: Actor) => {
    if (by.role !== 'bureau') throw refusal('forbidden', '只有监督局可以作出此决定');
  };

  setHandler(assessmentStatusQuery, () => status);

  const checkObjection = (o: FileObjection) => {
    if (o.by.role !== 'agency') throw refusal('forbidden', '只有被考核机关本身可以提出异议');
    if (status.state !== 'draft' || Date.now() >= Date.parse(windowEndsAt))
      throw refusal('objection_window_closed', '异议期已过，不能再提出异议', { windowEndsAt });
    if (status.objections.some((x) => x.objectionId === o.objectionId))
      throw refusal('conflict', '该异议已经提出', { objectionId: o.objectionId });
  };
  setHandler(
    fileObjectionUpdate,
    (o) =>
      lock.run(
        async () => {
          const filedAt = now();
          await books.recordObjection({ ...o, campaignId, filedAt });
          status.objections.push({ objectionId: o.objectionId, agencyId: o.agencyId, decided: false });
          return { objectionId: o.objectionId, filedAt };
        },
        () => checkObjection(o),
      ),
    { validator: checkObjection },
  );

  const checkDecision = (d: DecideObjection) => {
    bureauOnly(d.by);
    const objection = status.objections.find((x) => x.objectionId === d.objectionId);
    if (!objection) throw refusal('not_found', '未找到该异议');
    if (objection.decided) throw refusal('objection_decided', '该异议已作出决定');
    if (status.state === 'final') throw refusal('assessment_final', '考核结果已定稿');
  };
  setHandler(
    decideObjectionUpdate,
    (d) =>
      lock.run(
        async () => {
          const decidedAt = now();
          await books.recordObjectionDecision({ ...d, campaignId, decidedAt });
          status.objections.find((x) => x.objectionId === d.objectionId)!.decided = true;
          return { objectionId: d.objectionId, decision: d.decision, decidedAt };
        },
        () => checkDecision(d),
      ),
    { validator: checkDecision },
  );

  const checkFinal = ({ by }: { by: Actor }) => {
    bureauOnly(by);
    if (status.state === 'final') throw refusal('assessment_final', '考核结果已定稿');
    if (status.state === 'draft')
      throw refusal('objection_window_open', '异议期尚未结束，暂不能定稿', { windowEndsAt });
    const open = status.objections.filter((x) => !x.decided).map((x) => x.objectionId);
    if (open.length) throw refusal('objections_undecided', '尚有异议未作出决定，暂不能定稿', { objections: open });
  };
  setHandler(
    finalizeAssessmentUpdate,
    ({ by }) =>
      lock.run(
        async () => {
          const finalizedAt = now();
          await heavy.freezeAssessment({ campaignId, finalizedAt, by: by.keyId });
          const { number } = await heavy.announceResults({ campaignId, at: finalizedAt });
          status.state = 'final';
          status.circularNumber = number;
          return { finalizedAt, circularNumber: number };
        },
        () => checkFinal({ by }),
      ),
    { validator: checkFinal },
  );

  await recordState();
  await sleep(Math.max(0, Date.parse(windowEndsAt) - Date.now()));
  // the window has passed: an objection now waits in a turn behind any still being recorded
  await lock.run(async () => {
    if (status.state !== 'draft') return;
    status.state = 'objections';
    await recordState();
  });
  await condition(() => status.state === 'final');
  await condition(allHandlersFinished);
  return status;
}
