import { z } from 'zod';
import { Duration } from 'luxon';
import { Id } from '../../domain/campaign';
import { isIsoDuration } from '../../domain/policy/durations';
import { ESCALATION_KINDS, STEP_KINDS } from '../../domain/stepKinds';
import { csvExport } from '../csvExport';
import { badRequest } from '../errors';
import { route } from '../route';
import { CampaignParams, Page, PageQuery, decodeCursor, encodeCursor } from '../schemas';
import { visibleCampaign } from '../scope';
import { campaignRowInScope } from '../../services/scope';

export const EventItem = z
  .object({
    id: z.string(),
    type: z.enum(['reminder', 'escalation']),
    step: z.string(),
    agencyId: z.string().nullable(),
    /** the agency's name in this campaign, null for a step that concerns no agency (a complaint not yet attached) */
    agencyName: z.string().nullable(),
    subject: z.object({ kind: z.string(), id: z.string() }),
    deadline: z.string(),
    scheduledFor: z.string(),
    occurredAt: z.string(),
    noticeNumber: z.string().nullable(),
    /** the numbered notice (督办通知 …) this step belongs to: GET /v1/campaigns/{id}/notices */
    noticeId: z.string().nullable(),
    /** the referral this step made (discipline_referral): the same the commission sees in GET /v1/referrals */
    referralId: z.string().nullable(),
    /** a reminder whose deadline had passed when it was taken (after an outage): recorded, not sent */
    missed: z.boolean(),
  })
  .meta({ id: 'DeadlineEvent' });
type EventItem = z.infer<typeof EventItem>;

const Instant = (what: string) =>
  z.iso.datetime({ offset: true, error: `${what}须为带时区的时间（如 2027-03-01T00:00:00+08:00）` });

/** The feed's filters: each refused with its reason in Chinese (400), never ignored. */
const EventFilters = PageQuery.extend({
  type: z.enum(['reminder', 'escalation'], { error: '类型只能是 reminder（提醒）或 escalation（督办）' }).optional(),
  step: z
    .string()
    .max(40)
    .refine((s) => (ESCALATION_KINDS as readonly string[]).includes(s) || isIsoDuration(s), {
      error: `步骤须为 ${ESCALATION_KINDS.join('、')} 之一，或提醒的提前量（如 P3D）`,
    })
    .optional(),
  agencyId: Id.optional(),
  /** occurred at or after */
  since: Instant('起始时间').optional(),
  /** occurred before */
  until: Instant('截止时间').optional(),
  subjectKind: z
    .enum(['deliverable', 'item', 'complaint'], { error: '事项类型只能是 deliverable、item 或 complaint' })
    .optional(),
  subjectId: z.string().max(64).optional(),
});

const listEvents = route({
  method: 'get',
  path: '/v1/campaigns/:id/events',
  tag: 'events',
  summary:
    'Reminders and escalations, newest first; each (subject, deadline, step) at most once; filtered by type, step, agency, subject and time',
  access: ['bureau'],
  params: CampaignParams,
  query: EventFilters,
  response: { status: 200, description: 'a page of events', schema: Page(EventItem) },
  async handler({ params, query, principal, deps }) {
    const { sql } = deps;
    const c = await visibleCampaign(deps, params.id, principal);
    if (query.since && query.until && Date.parse(query.since) >= Date.parse(query.until))
      throw badRequest('截止时间须晚于起始时间', [{ path: ['until'], message: '截止时间须晚于起始时间' }]);
    const before = decodeCursor(query.cursor);
    const rows = await sql<
      {
        id: string;
        type: 'reminder' | 'escalation';
        step: string;
        agency_id: string;
        agency_name: string | null;
        subject_kind: string;
        subject_id: string;
        deadline: Date;
        scheduled_for: Date;
        occurred_at: Date;
        notice_number: string | null;
        notice_id: string | null;
        referral_id: string | null;
        missed: boolean;
      }[]
    >`
      select e.id, e.type, e.step, e.agency_id, a.name as agency_name, e.subject_kind, e.subject_id, e.deadline, e.scheduled_for, e.occurred_at, e.notice_number,
             e.notice_id, e.referral_id, e.missed
      from deadline_events e
      left join agencies a on a.campaign_id = e.campaign_id and a.id = e.agency_id
      where e.campaign_id = ${c.id}
        and ${campaignRowInScope(sql, principal, c.id, 'e.agency_id')}
        ${query.type ? sql`and e.type = ${query.type}` : sql``}
        ${query.step ? sql`and e.step = ${query.step}` : sql``}
        ${query.agencyId ? sql`and e.agency_id = ${query.agencyId}` : sql``}
        ${query.since ? sql`and e.occurred_at >= ${query.since}` : sql``}
        ${query.until ? sql`and e.occurred_at < ${query.until}` : sql``}
        ${query.subjectKind ? sql`and e.subject_kind = ${query.subjectKind}` : sql``}
        ${query.subjectId ? sql`and e.subject_id = ${query.subjectId}` : sql``}
        ${before ? sql`and e.id < ${before}` : sql``}
      order by e.id desc
      limit ${query.limit + 1}`;
    const page = rows.slice(0, query.limit);
    return {
      body: {
        items: page.map((r) => ({
          id: String(r.id),
          type: r.type,
          step: r.step,
          agencyId: r.agency_id || null,
          agencyName: r.agency_name,
          subject: { kind: r.subject_kind, id: r.subject_id },
          deadline: r.deadline.toISOString(),
          scheduledFor: r.scheduled_for.toISOString(),
          occurredAt: r.occurred_at.toISOString(),
          noticeNumber: r.notice_number,
          noticeId: r.notice_id == null ? null : String(r.notice_id),
          referralId: r.referral_id,
          missed: r.missed,
        })),
        nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1].id) : null,
      },
    };
  },
});

/** A step's name in Chinese: the step kind's label, or for a reminder how long before the deadline it came. */
function stepName(e: EventItem): string {
  if (e.type === 'escalation') return STEP_KINDS[e.step as keyof typeof STEP_KINDS]?.zh.label ?? e.step;
  return `${STEP_KINDS.reminder.zh.label}（提前${Duration.fromISO(e.step).reconfigure({ locale: 'zh-CN' }).toHuman({ unitDisplay: 'short' })}）`;
}

const SUBJECT_ZH: Record<string, string> = { deliverable: '材料', item: '问题', complaint: '举报' };

export const eventRoutes = [
  listEvents,
  csvExport<EventItem>(listEvents, {
    path: '/v1/campaigns/:id/events.csv',
    summary:
      'The reminders and escalations the same filters select, every page, as CSV: 发生时间, 类型, 步骤, 机关, 事项, 期限, 文号, 未发送',
    filename: (p) => `提醒与升级-${p.id}.csv`,
    columns: [
      ['发生时间', (e) => e.occurredAt],
      ['类型', (e) => (e.type === 'reminder' ? '提醒' : '督办')],
      ['步骤', stepName],
      ['机关', (e) => e.agencyName ?? ''],
      ['机关代码', (e) => e.agencyId ?? ''],
      ['事项类型', (e) => SUBJECT_ZH[e.subject.kind] ?? e.subject.kind],
      ['事项', (e) => e.subject.id],
      ['期限', (e) => e.deadline],
      ['文号', (e) => e.noticeNumber ?? ''],
      ['未发送（期限已过）', (e) => (e.missed ? '是' : '')],
    ],
  }),
];
