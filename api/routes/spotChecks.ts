import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from 'postgres';
import { Id, Instant, phaseAt, phaseWindow } from '../../domain/campaign';
import { ChecklistCodeSchema } from '../../domain/deliverables';
import { DISPOSALS, NewLedgerItemSchema, SEVERITIES } from '../../domain/ledger';
import {
  DEFAULT_SAMPLE_SHARE,
  SAMPLE_REASON_ZH,
  sampleAgencies,
  type MustReason,
  type SampleReason,
} from '../../domain/policy/sampling';
import { DateTime } from 'luxon';
import { spotCheckRecordWorkbook } from '../../services/documents/workbooks';
import { reportFileName, scopeOf } from './reports';
import { XLSX } from './workbooks';
import { openLedgerItem } from '../../services/ledgerItems';
import { dueTooFar } from '../../domain/policy/dueDateBounds';
import { issueCircular } from '../../services/documents/circulars';
import { notFound, refused } from '../errors';
import { canonicalJson } from '../../domain/canonicalJson';
import { creationId, IDEMPOTENCY_HEADER } from '../idempotency';
import type { Principal } from '../principal';
import { route } from '../route';
import { CampaignParams, Page, PageQuery, decodeCursor, encodeCursor } from '../schemas';
import { visibleAgency, visibleCampaign, type CampaignRow } from '../scope';
import { agencyInScope, keyInScope } from '../../services/scope';

const Text = (max = 5000) => z.string().trim().min(1).max(max);

/**
 * A finding of a spot-check (抽查发现的问题) with its classified disposal (分类处置, SPEC §5). A finding transferred to
 * the discipline commission becomes a disciplinary lead, due by the policy's transfer period; any other becomes a
 * scheduled item and needs a responsible person and a due date.
 */
export const FindingSchema = z
  .strictObject({
    checklistCode: ChecklistCodeSchema,
    description: Text(),
    severity: z.enum(SEVERITIES),
    disposals: z
      .array(z.enum(DISPOSALS))
      .min(1)
      .max(DISPOSALS.length)
      .refine((d) => new Set(d).size === d.length, 'each disposal once'),
    responsiblePerson: Text(100).optional(),
    measures: Text().optional(),
    dueAt: Instant.optional(),
  })
  .superRefine((f, ctx) => {
    if (f.disposals.includes('discipline_referral')) {
      if (f.dueAt)
        ctx.addIssue({
          code: 'custom',
          path: ['dueAt'],
          message:
            "移送纪委监委的问题按策略确定时限，不必填写（a finding transferred to the discipline commission is due by the campaign's policy）",
        });
    } else {
      if (!f.responsiblePerson)
        ctx.addIssue({
          code: 'custom',
          path: ['responsiblePerson'],
          message: '须整改的问题须填写责任人（a finding to rectify needs a responsible person）',
        });
      if (!f.dueAt)
        ctx.addIssue({
          code: 'custom',
          path: ['dueAt'],
          message: '须整改的问题须填写整改时限（a finding to rectify needs a due date）',
        });
    }
  })
  .meta({ id: 'SpotCheckFinding' });
export type Finding = z.output<typeof FindingSchema>;

export const NewSpotCheckSchema = z
  .strictObject({
    seed: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('the seed of the random draw; a random one is chosen (and returned) when omitted'),
    share: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        `share of the agencies not sampled for cause that are drawn at random (default ${DEFAULT_SAMPLE_SHARE})`,
      ),
  })
  .default({});

export const SpotCheckRecordSchema = z.strictObject({
  omissions: z.boolean().describe("问题清单是否有遗漏: the agency's problem list left problems out"),
  accurate: z.boolean().describe("相关情况是否准确属实: the agency's statements are accurate and true"),
  note: Text().optional(),
  findings: z.array(FindingSchema).max(100).default([]),
});

const SampledSchema = z.object({ agencyId: z.string(), reason: z.enum(['overdue', 'listed', 'random']) });
const SpotCheckSummary = z
  .object({
    id: z.string(),
    seed: z.string(),
    share: z.number(),
    sampled: z.array(SampledSchema),
    recorded: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'SpotCheckSummary' });
const RecordView = z
  .object({
    agencyId: z.string(),
    omissions: z.boolean(),
    accurate: z.boolean(),
    note: z.string().nullable(),
    findingItems: z.array(z.string()),
    checkedBy: z.string(),
    checkedAt: z.string(),
  })
  .meta({ id: 'SpotCheckRecord' });
const SpotCheckView = SpotCheckSummary.extend({
  sampled: z.array(SampledSchema.extend({ name: z.string(), jurisdictionId: z.string(), recorded: z.boolean() })),
  records: z.array(RecordView),
}).meta({ id: 'SpotCheck' });

const CheckParams = CampaignParams.extend({ checkId: Id });
const RecordParams = CheckParams.extend({ agencyId: Id });

interface CheckRow {
  id: string;
  campaign_id: string;
  seed: string;
  share: string;
  sampled: string[];
  reasons: Record<string, SampleReason>;
  created_by: string;
  created_at: Date;
  recorded?: number;
}

interface RecordRow {
  spot_check_id: string;
  agency_id: string;
  omissions: boolean;
  accurate: boolean;
  note: string | null;
  finding_items: string[];
  checked_by: string;
  checked_at: Date;
}

/**
 * A bureau sees the spot-checks made by itself and by the bureaus below it: those whose creating key's jurisdiction
 * lies in the caller's subtree of the campaign.
 */
const visibleChecks = (sql: Sql, p: Principal) => keyInScope(sql, p, 's.created_by');

async function visibleCheck(sql: Sql, c: CampaignRow, checkId: string, p: Principal): Promise<CheckRow> {
  const [row] = await sql<CheckRow[]>`
    select s.* from spot_checks s where s.id = ${checkId} and s.campaign_id = ${c.id} and ${visibleChecks(sql, p)}`;
  if (!row) throw notFound('spot-check');
  return row;
}

const sampledOf = (r: CheckRow) => r.sampled.map((agencyId) => ({ agencyId, reason: r.reasons[agencyId] ?? 'random' }));

const summaryOf = (r: CheckRow) => ({
  id: r.id,
  seed: r.seed,
  share: Number(r.share),
  sampled: sampledOf(r),
  recorded: r.recorded ?? 0,
  createdAt: r.created_at.toISOString(),
});

const recordOf = (r: RecordRow) => ({
  agencyId: r.agency_id,
  omissions: r.omissions,
  accurate: r.accurate,
  note: r.note,
  findingItems: r.finding_items,
  checkedBy: r.checked_by,
  checkedAt: r.checked_at.toISOString(),
});

function assertOpen(c: CampaignRow): void {
  if (c.phase === 'closed' || phaseAt(c.settings.calendar, Date.now()) === 'closed')
    throw refused('campaign_closed', 'the campaign has closed');
}

/**
 * A finding's ledger item id follows from the check, the agency, the finding's place and its content: opening it again
 * (a retry after a failure part-way) opens the same item once; a changed finding is a different item.
 */
const findingItemId = (checkId: string, agencyId: string, index: number, f: Finding) =>
  `i-${createHash('sha256')
    .update(`${checkId}\n${agencyId}\n${index}\n${canonicalJson(f)}`)
    .digest('hex')
    .slice(0, 16)}`;

export const spotCheckRoutes = [
  route({
    method: 'post',
    path: '/v1/campaigns/:id/spot-checks',
    tag: 'spot-checks',
    summary:
      "Sample agencies for a spot-check (抽查): every agency in the bureau's jurisdiction with overdue or listed ledger items or deliverables, plus a random share (default 20%) of the others drawn reproducibly from the seed. Only once the spot-check phase has started.",
    access: ['bureau'],
    params: CampaignParams,
    body: NewSpotCheckSchema,
    response: {
      status: 201,
      description: 'the sample',
      schema: z.object({
        id: z.string(),
        seed: z.string(),
        share: z.number(),
        sampled: z.array(SampledSchema),
        createdAt: z.string(),
      }),
    },
    errors: [409],
    async handler({ params, body, principal, deps, req }) {
      const { sql } = deps;
      const c = await visibleCampaign(deps, params.id, principal);
      assertOpen(c);
      const window = phaseWindow(c.settings.calendar, 'spot_check');
      if (Date.now() < Date.parse(window.startsAt)) {
        throw refused('spot_check_not_open', `the spot-check phase opens at ${window.startsAt}`, [
          { phase: 'spot_check', startsAt: window.startsAt },
        ]);
      }
      const agencies = await sql<{ id: string; overdue: boolean; listed: boolean }[]>`
        select a.id,
          a.overdue or exists (select 1 from ledger_items i where i.campaign_id = a.campaign_id and i.agency_id = a.id and i.overdue) as overdue,
          a.listed or exists (select 1 from ledger_items i where i.campaign_id = a.campaign_id and i.agency_id = a.id and i.listed) as listed
        from agencies a
        where a.campaign_id = ${c.id} and a.id in (select id from agencies where campaign_id = ${c.id} and ${agencyInScope(sql, principal)})`;
      const must = new Map<string, MustReason>();
      for (const a of agencies) if (a.overdue || a.listed) must.set(a.id, a.overdue ? 'overdue' : 'listed');
      const seed = body.seed ?? randomBytes(12).toString('base64url');
      const share = body.share ?? DEFAULT_SAMPLE_SHARE;
      const sampled = sampleAgencies({ agencyIds: agencies.map((a) => a.id), must, share, seed });
      // A spot-check is one row and no workflow: it is written by one statement, so there is no moment with half of
      // it and nothing to take back. Under an Idempotency-Key its id follows from the key, so a retry after an answer
      // that never arrived finds the first request's row (its seed and sample) instead of drawing a second sample.
      const id = creationId('sc', principal.keyId, req.get(IDEMPOTENCY_HEADER));
      await sql`
        insert into spot_checks (id, campaign_id, seed, share, sampled, reasons, created_by)
        values (${id}, ${c.id}, ${seed}, ${share}, ${sampled.map((s) => s.agencyId)},
                ${sql.json(Object.fromEntries(sampled.map((s) => [s.agencyId, s.reason])))}, ${principal.keyId})
        on conflict (id) do nothing`;
      const [row] = await sql<CheckRow[]>`select * from spot_checks where id = ${id}`;
      if (row.campaign_id !== c.id) {
        throw refused(
          'creation_key_reused',
          `此 ${IDEMPOTENCY_HEADER} 已用于另一项专项整治的抽查（${row.campaign_id}）：请换用新的 ${IDEMPOTENCY_HEADER}`,
          [{ id, campaignId: row.campaign_id }],
        );
      }
      return {
        status: 201,
        body: {
          id,
          seed: row.seed,
          share: Number(row.share),
          sampled: sampledOf(row),
          createdAt: row.created_at.toISOString(),
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns/:id/spot-checks',
    tag: 'spot-checks',
    summary: 'The spot-checks of the bureau and the bureaus below it, newest first',
    access: ['bureau'],
    params: CampaignParams,
    query: PageQuery,
    response: { status: 200, description: 'a page of spot-checks', schema: Page(SpotCheckSummary) },
    async handler({ params, query, principal, deps }) {
      const { sql } = deps;
      const c = await visibleCampaign(deps, params.id, principal);
      // The cursor names the last check of the page; the next page starts after it in (created_at, id) order.
      const after = decodeCursor(query.cursor);
      if (after !== null && !Id.safeParse(after).success)
        throw refused('invalid_cursor', 'the cursor is not one this API issued');
      const rows = await sql<CheckRow[]>`
        select s.*, (select count(*)::int from spot_check_records r where r.spot_check_id = s.id) as recorded
        from spot_checks s
        where s.campaign_id = ${c.id} and ${visibleChecks(sql, principal)}
          ${after ? sql`and (s.created_at, s.id) < (select p.created_at, p.id from spot_checks p where p.id = ${after})` : sql``}
        order by s.created_at desc, s.id desc
        limit ${query.limit + 1}`;
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map(summaryOf),
          nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1].id) : null,
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns/:id/spot-checks/:checkId',
    tag: 'spot-checks',
    summary: 'A spot-check: its seed, share and sample (with why each agency was sampled) and the check records so far',
    access: ['bureau'],
    params: CheckParams,
    response: { status: 200, description: 'the spot-check', schema: SpotCheckView },
    async handler({ params, principal, deps }) {
      const { sql } = deps;
      const c = await visibleCampaign(deps, params.id, principal);
      const check = await visibleCheck(sql, c, params.checkId, principal);
      const records = await sql<
        RecordRow[]
      >`select * from spot_check_records where spot_check_id = ${check.id} order by checked_at, agency_id`;
      const agencies = await sql<{ id: string; name: string; jurisdiction_id: string }[]>`
        select id, name, jurisdiction_id from agencies where campaign_id = ${c.id} and id in ${sql(check.sampled.length ? check.sampled : [''])}`;
      const byId = new Map(agencies.map((a) => [a.id, a]));
      const recorded = new Set(records.map((r) => r.agency_id));
      return {
        body: {
          ...summaryOf({ ...check, recorded: records.length }),
          sampled: sampledOf(check).map((s) => ({
            ...s,
            name: byId.get(s.agencyId)?.name ?? s.agencyId,
            jurisdictionId: byId.get(s.agencyId)?.jurisdiction_id ?? '',
            recorded: recorded.has(s.agencyId),
          })),
          records: records.map(recordOf),
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns/:id/spot-checks/:checkId/record.xlsx',
    tag: 'spot-checks',
    summary:
      'The spot-check record sheet (抽查记录表) to print: one row per sampled agency with why it was drawn, what its check recorded, blanks to fill in on site where none is recorded yet',
    access: ['bureau'],
    params: CheckParams,
    response: { status: 200, description: 'the record sheet', contentType: XLSX },
    async handler({ params, principal, deps }) {
      const { sql } = deps;
      const c = await visibleCampaign(deps, params.id, principal);
      const check = await visibleCheck(sql, c, params.checkId, principal);
      const [records, agencies] = await Promise.all([
        sql<RecordRow[]>`select * from spot_check_records where spot_check_id = ${check.id}`,
        sql<{ id: string; name: string; county: string }[]>`
          select a.id, a.name, coalesce(j.name, '') as county from agencies a
          left join jurisdictions j on j.campaign_id = a.campaign_id and j.id = a.jurisdiction_id
          where a.campaign_id = ${c.id} and a.id in ${sql(check.sampled.length ? check.sampled : [''])}`,
      ]);
      const tz = c.settings.calendar.timeZone;
      const byId = new Map(agencies.map((a) => [a.id, a]));
      const recordOfAgency = new Map(records.map((r) => [r.agency_id, r]));
      const rows = sampledOf(check).map(({ agencyId, reason }) => {
        const r = recordOfAgency.get(agencyId);
        return {
          county: byId.get(agencyId)?.county ?? '',
          agency: byId.get(agencyId)?.name ?? '',
          reason: SAMPLE_REASON_ZH[reason],
          record: r
            ? {
                omissions: r.omissions,
                accurate: r.accurate,
                findings: r.finding_items.length,
                note: r.note,
                checkedOn: DateTime.fromJSDate(r.checked_at, { zone: tz }).toFormat('yyyy年M月d日'),
              }
            : null,
        };
      });
      const scope = await scopeOf(sql, c, principal);
      const heading = {
        title: `${c.name}抽查记录表${c.settings.drill ? '（演练）' : ''}`,
        reportingUnit: `${scope.name}司法局`,
        date: DateTime.fromJSDate(check.created_at, { zone: tz }).toFormat('yyyy年M月d日'),
      };
      const content = await spotCheckRecordWorkbook(heading, rows);
      return { bytes: { contentType: XLSX, content, filename: reportFileName(c, '抽查记录表', scope.name, 'xlsx') } };
    },
  }),

  route({
    method: 'post',
    path: '/v1/campaigns/:id/spot-checks/:checkId/agencies/:agencyId',
    tag: 'spot-checks',
    summary:
      'Record the check of a sampled agency: are its problem lists complete (omissions) and its statements accurate; each finding opens a ledger item (source spot_check) with its disposal — a disciplinary lead when transferred to the discipline commission, else a scheduled item. Once per agency and check.',
    access: ['bureau'],
    params: RecordParams,
    body: SpotCheckRecordSchema,
    response: {
      status: 201,
      description: 'the record and the ledger items its findings opened',
      schema: RecordView.extend({
        spotCheckId: z.string(),
        findings: z.array(
          z.object({
            itemId: z.string(),
            checklistCode: z.string(),
            classification: z.string(),
            disposals: z.array(z.string()),
            dueAt: z.string(),
            circular: z
              .object({ id: z.string(), number: z.string() })
              .optional()
              .meta({ description: 'the numbered 通报 a finding disposed of by 通报曝光 issued' }),
          }),
        ),
      }),
    },
    errors: [409, 422],
    async handler({ params, body, principal, deps, req }) {
      const { sql } = deps;
      const c = await visibleCampaign(deps, params.id, principal);
      const check = await visibleCheck(sql, c, params.checkId, principal);
      await visibleAgency(sql, c.id, params.agencyId, principal);
      if (!check.sampled.includes(params.agencyId))
        throw refused('agency_not_sampled', `agency ${params.agencyId} is not in the sample of this spot-check`);
      assertOpen(c);
      const now = Date.now();
      const late = body.findings.flatMap((f, i) =>
        f.dueAt && Date.parse(f.dueAt) <= now
          ? [
              {
                path: ['findings', i, 'dueAt'],
                message: '整改时限须晚于当前时间（the due date must lie in the future）',
              },
            ]
          : [],
      );
      if (late.length) throw refused('item_due_in_past', "a finding's due date must lie in the future", late);
      const far = body.findings.flatMap((f, i) => {
        const message = f.dueAt ? dueTooFar(f.dueAt, c.settings.calendar) : null;
        return message ? [{ path: ['findings', i, 'dueAt'], message }] : [];
      });
      if (far.length) throw refused('item_due_too_far', far[0].message, far);

      const items = body.findings.map((f, i) => {
        const discipline = f.disposals.includes('discipline_referral');
        return {
          id: findingItemId(check.id, params.agencyId, i, f),
          disposals: f.disposals,
          item: NewLedgerItemSchema.parse({
            checklistCode: f.checklistCode,
            source: 'spot_check',
            description: f.description,
            severity: f.severity,
            classification: discipline ? 'disciplinary_lead' : 'scheduled',
            ...(f.responsiblePerson ? { responsiblePerson: f.responsiblePerson } : {}),
            ...(f.measures ? { measures: f.measures } : {}),
            ...(discipline ? {} : { dueAt: f.dueAt }),
          }),
        };
      });

      // The record is claimed first: a second record of the same agency in the same check is refused before anything
      // opens. The findings' items follow (their ids follow from the findings, and each item's workflow writes its own
      // row), so nothing is taken back if this request dies part-way: its retry under the same Idempotency-Key finds
      // its own claim and opens what is missing, once.
      let [claimed] = await sql<RecordRow[]>`
        insert into spot_check_records (spot_check_id, agency_id, omissions, accurate, note, finding_items, checked_by)
        values (${check.id}, ${params.agencyId}, ${body.omissions}, ${body.accurate}, ${body.note ?? null}, ${items.map((i) => i.id)}, ${principal.keyId})
        on conflict (spot_check_id, agency_id) do nothing
        returning *`;
      if (!claimed) {
        const [existing] = await sql<
          RecordRow[]
        >`select * from spot_check_records where spot_check_id = ${check.id} and agency_id = ${params.agencyId}`;
        const ownRetry =
          req.get(IDEMPOTENCY_HEADER) &&
          existing?.checked_by === principal.keyId &&
          canonicalJson(existing.finding_items) === canonicalJson(items.map((i) => i.id));
        if (!ownRetry)
          throw refused(
            'spot_check_already_recorded',
            `本次抽查已记录对 ${params.agencyId} 的检查，不能重复记录`,
            existing ? [recordOf(existing)] : [],
          );
        claimed = existing;
      }
      for (const i of items) {
        await openLedgerItem(
          deps,
          {
            campaign: c,
            agencyId: params.agencyId,
            by: principal,
            disposals: i.disposals,
            spotCheckId: check.id,
            itemId: i.id,
          },
          i.item,
        );
      }
      const [agency] = await sql<{ name: string }[]>`
        select name from agencies where campaign_id = ${c.id} and id = ${params.agencyId}`;
      const circulars = new Map<string, { id: string; number: string }>();
      for (const i of items.filter((x) => x.disposals.includes('public_notification'))) {
        const at = new Date();
        const finding = { itemId: i.id, description: i.item.description, at };
        circulars.set(
          i.id,
          await issueCircular(sql, { campaign: c, agency: { id: params.agencyId, name: agency.name }, ...finding }),
        );
      }
      const due = await sql<{ id: string; classification: string; due_at: Date }[]>`
        select id, classification, due_at from ledger_items where id in ${sql(items.length ? items.map((i) => i.id) : [''])}`;
      const dueById = new Map(due.map((d) => [d.id, d]));
      return {
        status: 201,
        body: {
          spotCheckId: check.id,
          ...recordOf(claimed),
          findings: items.map((i) => ({
            itemId: i.id,
            checklistCode: i.item.checklistCode,
            classification: dueById.get(i.id)?.classification ?? i.item.classification,
            disposals: i.disposals,
            dueAt: dueById.get(i.id)?.due_at.toISOString() ?? '',
            ...(circulars.has(i.id) ? { circular: circulars.get(i.id) } : {}),
          })),
        },
      };
    },
  }),
];
