import { z } from 'zod';
import { DateTime } from 'luxon';
import {
  decideObjectionUpdate,
  fileObjectionUpdate,
  finalizeAssessmentUpdate,
  workflowIds,
} from '../../domain/contract';
import { Id } from '../../domain/campaign';
import { FileIdSchema } from '../../domain/deliverables';
import { HONOUR_KEYS, RubricSchema, rubricOf } from '../../domain/assessment/rubric';
import { objectionWindowEnd } from '../../domain/assessment/window';
import { dayCalendar } from '../../domain/policy/schedule';
import { startAssessment } from '../../services/workflowStarts';
import { written } from '../../services/rowWritten';
import { assessedAgencyInScope, leadsCampaign } from '../../services/scope';
import { computeRows, type AssessmentRow } from '../../services/assessment/scores';
import { scoreSheetWorkbook } from '../../services/documents/assessmentWorkbook';
import { route, type ApiDeps } from '../route';
import { CampaignParams } from '../schemas';
import { visibleAgency, visibleCampaign, type CampaignRow } from '../scope';
import { refused, notFound } from '../errors';
import { actorOf, type Principal } from '../principal';
import { sendUpdate } from '../updates';
import { attachFiles } from '../fileAccess';
import { creationId, IDEMPOTENCY_HEADER } from '../idempotency';

const Text = (max: number) => z.string().trim().min(1).max(max);
const HalfPoints = z
  .number()
  .min(-100)
  .max(100)
  .refine((n) => Number.isInteger(n * 2), '分值须为 0.5 的整数倍');

const AdjustmentBody = z
  .strictObject({
    agencyId: Id,
    /** bonus: an honour (表彰), with its evidence; correction: points either way; veto: a disciplinary finding (一票否决) */
    kind: z.enum(['bonus', 'correction', 'veto']).default('correction'),
    honour: z.enum(HONOUR_KEYS as [string, ...string[]]).optional(),
    points: HalfPoints.optional(),
    reason: Text(2000),
    fileId: FileIdSchema.optional(),
  })
  .meta({ id: 'AssessmentAdjustment' });

const ObjectionBody = z.strictObject({ text: Text(5000), fileId: FileIdSchema.optional() });
const DecisionBody = z
  .strictObject({ decision: z.enum(['accept', 'reject']), points: HalfPoints.optional(), reason: Text(2000) })
  .refine((d) => (d.decision === 'accept') === (d.points !== undefined), {
    message: '采纳异议须给出调整的分值；不予采纳时不填分值',
    path: ['points'],
  });
const ObjectionParams = z.strictObject({ id: Id, objectionId: Id });
const DisclosureBody = z.strictObject({ published: z.boolean() });

const Deduction = z.object({
  rule: z.string(),
  category: z.string(),
  points: z.number(),
  nominal: z.number(),
  at: z.string(),
  eventId: z.string().optional(),
  subject: z.object({ kind: z.string(), id: z.string() }).optional(),
});
const AssessmentView = z
  .object({
    state: z.enum(['live', 'draft', 'objections', 'final']),
    rubric: RubricSchema,
    windowEndsAt: z.string().nullable(),
    finalizedAt: z.string().nullable(),
    circularNumber: z.string().nullable(),
    agencies: z.array(
      z.object({
        agencyId: z.string(),
        agencyName: z.string(),
        jurisdictionName: z.string(),
        levelId: z.string(),
        levelName: z.string(),
        score: z.number(),
        grade: z.string(),
        rank: z.number(),
        rate: z.number().nullable(),
        deductions: z.array(Deduction),
        adjustments: z.array(z.object({ id: z.string(), kind: z.string(), points: z.number(), reason: z.string() })),
      }),
    ),
    objections: z.array(
      z.object({
        id: z.string(),
        agencyId: z.string(),
        text: z.string(),
        filedAt: z.string(),
        decision: z.enum(['accept', 'reject']).nullable(),
        points: z.number().nullable(),
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Assessment' });
const PublicDisclosure = z
  .object({
    campaign: z.object({ name: z.string(), year: z.number() }),
    final: z.boolean(),
    agencies: z.array(
      z.object({
        name: z.string(),
        jurisdictionName: z.string(),
        problemsFound: z.number(),
        rectified: z.number(),
        rate: z.number().nullable(),
        overdue: z.number(),
        grade: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'PublicDisclosure' });

interface StateRow {
  state: 'draft' | 'objections' | 'final';
  window_ends_at: Date;
  finalized_at: Date | null;
  circular_number: string | null;
}

const stateOf = async ({ sql }: Pick<ApiDeps, 'sql'>, campaignId: string) =>
  (
    await sql<StateRow[]>`
      select state, window_ends_at, finalized_at, circular_number from assessments where campaign_id = ${campaignId}`
  ).at(0) ?? null;

/** The rows as they stand: frozen once final, else computed now from the recorded events. */
async function rowsOf(
  deps: Pick<ApiDeps, 'sql'>,
  campaignId: string,
  state: StateRow | null,
): Promise<AssessmentRow[]> {
  if (state?.state !== 'final') return computeRows(deps.sql, campaignId, new Date().toISOString());
  const frozen = await deps.sql<
    {
      agency_id: string;
      score: string;
      grade: AssessmentRow['grade'];
      rank: number;
      level_id: string;
      detail: object;
    }[]
  >`select agency_id, score::text, grade, rank, level_id, detail from assessment_results
    where campaign_id = ${campaignId} order by level_id, rank, agency_id`;
  return frozen.map((r) => ({
    ...(r.detail as Omit<AssessmentRow, 'agencyId' | 'score' | 'grade' | 'rank' | 'levelId'>),
    agencyId: r.agency_id,
    score: Number(r.score),
    grade: r.grade,
    rank: r.rank,
    levelId: r.level_id,
  }));
}

/** The rows the caller may read: a bureau those of its subtree, an agency its own only. */
async function visibleRows(deps: Pick<ApiDeps, 'sql'>, c: CampaignRow, p: Principal, state: StateRow | null) {
  const [rows, seen] = await Promise.all([
    rowsOf(deps, c.id, state),
    deps.sql<
      { id: string }[]
    >`select id from agencies where campaign_id = ${c.id} and ${assessedAgencyInScope(deps.sql, p)}`,
  ]);
  const ids = new Set(seen.map((r) => r.id));
  return rows.filter((r) => ids.has(r.agencyId));
}

function assertLeads(c: CampaignRow, p: Principal): void {
  if (!leadsCampaign(p, c.jurisdiction.id))
    throw refused('forbidden', '只有组织本次专项整治的监督局可以组织考核和公示');
}

/**
 * The assessment's workflow exists from the draft on: before it, an update has nothing to reach. (After the final the
 * workflow has ended; each update then answers its own `finished` refusal.)
 */
async function assertDrafted(deps: Pick<ApiDeps, 'sql'>, campaignId: string): Promise<void> {
  if (!(await stateOf(deps, campaignId))) throw refused('assessment_not_drafted', '考核尚未发布初步结果');
}

export const assessmentRoutes = [
  route({
    method: 'get',
    path: '/v1/campaigns/:id/assessment',
    tag: 'assessment',
    summary:
      "Every agency's score under the campaign's rubric, each deduction naming its event; live until the final, frozen after; an agency sees its own row",
    access: ['bureau', 'agency'],
    params: CampaignParams,
    response: { status: 200, description: 'the assessment', schema: AssessmentView },
    async handler({ params, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      const state = await stateOf(deps, c.id);
      const agencies = await visibleRows(deps, c, principal, state);
      const ids = agencies.map((a) => a.agencyId);
      const objections = ids.length
        ? await deps.sql<
            {
              id: string;
              agencyId: string;
              text: string;
              filedAt: Date;
              decision: 'accept' | 'reject' | null;
              points: string | null;
              reason: string | null;
            }[]
          >`select id, agency_id as "agencyId", text, filed_at as "filedAt", decision, points::text, reason
            from assessment_objections where campaign_id = ${c.id} and agency_id in ${deps.sql(ids)} order by filed_at, id`
        : [];
      return {
        body: {
          state: state?.state ?? 'live',
          rubric: rubricOf(c.settings),
          windowEndsAt: state?.window_ends_at.toISOString() ?? null,
          finalizedAt: state?.finalized_at?.toISOString() ?? null,
          circularNumber: state?.circular_number ?? null,
          agencies,
          objections: objections.map((o) => ({
            ...o,
            filedAt: o.filedAt.toISOString(),
            points: o.points === null ? null : Number(o.points),
          })),
        },
      };
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/:id/assessment/adjustments',
    tag: 'assessment',
    summary:
      'A bonus for an honour (with its evidence, capped by the rubric), a correction, or a veto (一票否决), with a reason; refused once the assessment is final',
    access: ['bureau'],
    params: CampaignParams,
    body: AdjustmentBody,
    response: { status: 201, description: 'the adjustment is recorded', schema: z.object({ id: z.string() }) },
    errors: [409, 422],
    async handler({ params, body, principal, deps, req }) {
      const c = await visibleCampaign(deps, params.id, principal);
      await visibleAgency(deps.sql, c.id, body.agencyId, principal);
      const rubric = rubricOf(c.settings);
      let points = body.points ?? 0;
      if (body.kind === 'bonus') {
        if (!body.honour) throw refused('adjustment_points_invalid', '加分须注明表彰级别（国家级、省级、市级）');
        if (!body.fileId) throw refused('bonus_needs_evidence', '加分须附表彰文件等证明材料');
        const due = rubric.bonuses[body.honour as keyof typeof rubric.bonuses];
        if (body.points !== undefined && body.points !== due)
          throw refused('adjustment_points_invalid', `该级别表彰按考核细则加 ${due} 分`, [{ points: due }]);
        points = due;
      } else if (body.kind === 'correction' && !body.points) {
        throw refused('adjustment_points_invalid', '更正须给出不为零的分值');
      } else if (body.kind === 'veto') {
        points = 0;
      }
      const id = creationId('adj', principal.keyId, req.get(IDEMPOTENCY_HEADER));
      await deps.sql.begin(async (tx) => {
        // the final locks this row too: an adjustment lands before it, or meets it and is refused
        const [a] = await tx<{ state: string }[]>`
          select state from assessments where campaign_id = ${c.id} for update`;
        if (a?.state === 'final') throw refused('assessment_final', '考核结果已定稿，不能再调整分数');
        if (body.fileId) {
          await attachFiles(tx, principal.keyId, [body.fileId], {
            campaignId: c.id,
            agencyId: body.agencyId,
            attachedTo: `assessment:${id}`,
          });
        }
        await tx`
          insert into assessment_adjustments (id, campaign_id, agency_id, kind, honour, points, reason, file_id, created_by)
          values (${id}, ${c.id}, ${body.agencyId}, ${body.kind}, ${body.honour ?? null}, ${points}, ${body.reason},
                  ${body.fileId ?? null}, ${principal.keyId})
          on conflict (id) do nothing`;
      });
      return { status: 201, body: { id, points } };
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/:id/assessment/draft',
    tag: 'assessment',
    summary:
      "Open the draft: each agency sees its own row and may object until the window (the rubric's working days) ends",
    access: ['bureau'],
    params: CampaignParams,
    response: {
      status: 201,
      description: 'the draft is open',
      schema: z.object({ state: z.literal('draft'), windowEndsAt: z.string() }),
    },
    errors: [409, 422],
    async handler({ params, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      assertLeads(c, principal);
      if (await stateOf(deps, c.id)) throw refused('assessment_already_drafted', '考核初步结果已经发布');
      const draftedAt = new Date().toISOString();
      const cal = dayCalendar(c.settings.policy, c.settings.calendar.timeZone);
      const windowEndsAt = objectionWindowEnd(draftedAt, rubricOf(c.settings).objectionWindow, cal);
      const started = await startAssessment(
        deps.client,
        { campaignId: c.id, draftedAt, windowEndsAt, by: actorOf(principal) },
        { taskQueue: deps.config.TEMPORAL_TASK_QUEUE, ifRunning: 'refuse' },
      );
      if (!started) throw refused('assessment_already_drafted', '考核初步结果已经发布');
      await written(async () => (await stateOf(deps, c.id)) !== null, `the assessment of ${c.id} is being opened`);
      return { status: 201, body: { state: 'draft', windowEndsAt } };
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/:id/assessment/finalize',
    tag: 'assessment',
    summary:
      'Freeze the scores with the events behind them (later events change nothing) and issue the numbered 通报 of results',
    access: ['bureau'],
    params: CampaignParams,
    response: {
      status: 200,
      description: 'the assessment is final',
      schema: z.object({ state: z.literal('final'), finalizedAt: z.string(), circularNumber: z.string() }),
    },
    errors: [409],
    async handler({ params, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      assertLeads(c, principal);
      await assertDrafted(deps, c.id);
      const receipt = await sendUpdate(
        deps.client,
        workflowIds.assessment(c.id),
        finalizeAssessmentUpdate,
        [{ by: actorOf(principal) }],
        () => refused('assessment_final', '考核结果已定稿'),
      );
      return { body: { state: 'final', ...receipt } };
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/:id/assessment/objections',
    tag: 'assessment',
    summary: "An agency's objection to its own row of the draft, while the window is open",
    access: ['agency'],
    params: CampaignParams,
    body: ObjectionBody,
    response: {
      status: 201,
      description: 'the objection is filed',
      schema: z.object({ id: z.string(), filedAt: z.string() }),
    },
    errors: [409],
    async handler({ params, body, principal, deps, req }) {
      const c = await visibleCampaign(deps, params.id, principal);
      const agencyId = principal.agencyId!;
      await assertDrafted(deps, c.id);
      const objectionId = creationId('obj', principal.keyId, req.get(IDEMPOTENCY_HEADER));
      if (body.fileId) {
        await attachFiles(deps.sql, principal.keyId, [body.fileId], {
          campaignId: c.id,
          agencyId,
          attachedTo: `assessment:${objectionId}`,
        });
      }
      const receipt = await sendUpdate(
        deps.client,
        workflowIds.assessment(c.id),
        fileObjectionUpdate,
        [
          {
            objectionId,
            agencyId,
            text: body.text,
            ...(body.fileId ? { fileId: body.fileId } : {}),
            by: actorOf(principal),
          },
        ],
        () => refused('objection_window_closed', '异议期已过，不能再提出异议'),
      );
      return { status: 201, body: { id: receipt.objectionId, filedAt: receipt.filedAt } };
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/:id/assessment/objections/:objectionId/decision',
    tag: 'assessment',
    summary: "The bureau's decision on an objection, with reasons: accept (with the points it changes) or reject",
    access: ['bureau'],
    params: ObjectionParams,
    body: DecisionBody,
    response: {
      status: 200,
      description: 'the decision is recorded',
      schema: z.object({ objectionId: z.string(), decision: z.enum(['accept', 'reject']), decidedAt: z.string() }),
    },
    errors: [409],
    async handler({ params, body, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      assertLeads(c, principal);
      const [o] = await deps.sql`
        select 1 from assessment_objections where id = ${params.objectionId} and campaign_id = ${c.id}`;
      if (!o) throw notFound('objection');
      // an objection exists only once the draft does
      const receipt = await sendUpdate(
        deps.client,
        workflowIds.assessment(c.id),
        decideObjectionUpdate,
        [{ objectionId: params.objectionId, ...body, by: actorOf(principal) }],
        () => refused('assessment_final', '考核结果已定稿'),
      );
      return { body: receipt };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns/:id/assessment.xlsx',
    tag: 'assessment',
    summary:
      'The 考核评分表 as an Excel workbook in the official layout: title, 填报单位 and date, 序号/单位/得分/等次/名次/扣分明细 per level, signature line; A4',
    access: ['bureau'],
    params: CampaignParams,
    response: {
      status: 200,
      description: 'the score sheet',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    async handler({ params, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      const state = await stateOf(deps, c.id);
      const rows = await visibleRows(deps, c, principal, state);
      const [unit] = await deps.sql<{ name: string }[]>`
        select name from org_jurisdictions where id = ${principal.jurisdictionId}`;
      const tz = c.settings.calendar.timeZone;
      const content = await scoreSheetWorkbook(
        {
          title: `${c.name}考核评分表${state?.state === 'final' ? '' : '（初稿）'}`,
          reportingUnit: `${unit?.name ?? ''}司法局`,
          date: DateTime.now().setZone(tz).toFormat('yyyy年M月d日'),
        },
        rows,
      );
      return {
        bytes: {
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          content,
          filename: `考核评分表-${c.name}.xlsx`,
        },
      };
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/:id/disclosure',
    tag: 'assessment',
    summary: 'Publish (or withdraw) the public page of the campaign’s self-inspection and rectification (公示)',
    access: ['bureau'],
    params: CampaignParams,
    body: DisclosureBody,
    response: { status: 200, description: 'the page is published or withdrawn', schema: DisclosureBody },
    async handler({ params, body, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      assertLeads(c, principal);
      await deps.sql`
        insert into disclosures (campaign_id, published, changed_by) values (${c.id}, ${body.published}, ${principal.keyId})
        on conflict (campaign_id) do update set published = excluded.published, changed_by = excluded.changed_by,
          changed_at = clock_timestamp()`;
      return { body: { published: body.published } };
    },
  }),

  route({
    method: 'get',
    path: '/v1/public/campaigns/:id/disclosure',
    tag: 'public',
    summary:
      "The public page (公示): each agency's problems found, rectified, rate, overdue and, once final, grade; never a person's data; 404 until published",
    access: 'public',
    params: CampaignParams,
    response: { status: 200, description: 'the disclosure', schema: PublicDisclosure },
    errors: [404],
    rateLimit: { windowMs: 60_000, limit: 120 },
    async handler({ params, deps }) {
      const [c] = await deps.sql<{ id: string; name: string; settings: CampaignRow['settings'] }[]>`
        select c.id, c.name, c.settings from campaigns c join disclosures d on d.campaign_id = c.id
        where c.id = ${params.id} and d.published`;
      if (!c) throw notFound('disclosure');
      const state = await stateOf(deps, c.id);
      const final = state?.state === 'final';
      const rows = await rowsOf(deps, c.id, state);
      const year = DateTime.fromISO(c.settings.calendar.closesAt, { zone: c.settings.calendar.timeZone }).year;
      return {
        body: {
          campaign: { name: c.name, year },
          final,
          // only what the plan makes public: figures per agency, never a person, a phone or a complaint
          agencies: rows.map((r) => ({
            name: r.agencyName,
            jurisdictionName: r.jurisdictionName,
            problemsFound: r.problemsFound,
            rectified: r.rectified,
            rate: r.rate === null ? null : Math.round(r.rate * 10) / 10,
            overdue: r.overdue,
            ...(final ? { grade: r.grade } : {}),
          })),
        },
      };
    },
  }),
];
