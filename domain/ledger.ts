import { z } from 'zod';
import { EvidenceSchema } from './deliverables';
import { ChecklistCodeSchema } from './deliverables';
import { LocalDate } from './campaign';

/** Where a problem came from (SPEC §4): the plan's sources plus complaints and spot-checks. */
export const ITEM_SOURCES = [
  'petition_report', // 信访举报
  'media', // 媒体曝光
  'administrative_reconsideration', // 行政复议
  'administrative_litigation', // 行政诉讼
  'superior_supervision', // 上级督查督办
  'inspection_tour', // 巡视巡察
  'special_inspection', // 专项检查
  'self_found', // 自查
  'complaint',
  'spot_check',
] as const;
export const SEVERITIES = ['general', 'serious', 'egregious'] as const;
/** 立行立改 / 列出时间表、责任人 / 违纪违规问题线索 */
export const CLASSIFICATIONS = ['immediate', 'scheduled', 'disciplinary_lead'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export const ITEM_STATUSES = ['open', 'rectifying', 'pending_verification', 'closed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
/** How a closed item closed: only `rectified` counts toward the rectification rate. */
export const CLOSURES = ['rectified', 'closed_unrectifiable', 'withdrawn'] as const;
export type ClosureKind = (typeof CLOSURES)[number];
/** Classified disposal of spot-check findings (分类处置, SPEC §5). */
export const DISPOSALS = [
  'criticism_education', // 批评教育
  'written_self_examination', // 书面检查
  'rectify_by_deadline', // 限期整改
  'discipline_referral', // 移交纪委监委
  'public_notification', // 通报曝光
  'root_cause_mechanism', // 剖析原因、建立长效机制
] as const;

const Text = (max = 5000) => z.string().trim().min(1).max(max);

export const NewLedgerItemSchema = z
  .strictObject({
    checklistCode: ChecklistCodeSchema,
    source: z.enum(ITEM_SOURCES),
    description: Text(),
    severity: z.enum(SEVERITIES),
    classification: z.enum(CLASSIFICATIONS),
    responsiblePerson: Text(100).optional(),
    measures: Text().optional(),
    foundOn: LocalDate.optional(),
    dueAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((item, ctx) => {
    if (item.classification === 'scheduled') {
      // 一时难以整改的列出时间表、责任人
      if (!item.responsiblePerson)
        ctx.addIssue({
          code: 'custom',
          path: ['responsiblePerson'],
          message: '限期整改的问题须填写责任人（a scheduled item needs a responsible person）',
        });
      if (!item.dueAt)
        ctx.addIssue({
          code: 'custom',
          path: ['dueAt'],
          message: '限期整改的问题须填写整改时限（a scheduled item needs a due date, its timetable）',
        });
    } else if (item.dueAt) {
      ctx.addIssue({
        code: 'custom',
        path: ['dueAt'],
        message: `此类问题的整改时限由专项整治的策略确定，不必填写（the due date of a ${item.classification} item follows from the campaign's policy）`,
      });
    }
  });
export type NewLedgerItem = z.infer<typeof NewLedgerItemSchema>;

/** The actions of the item status machine (销号式管理); each names who may take it. */
export const ItemActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start'), note: Text().optional() }),
  z.strictObject({ action: z.literal('submit'), note: Text(), evidence: z.array(EvidenceSchema).min(1).max(20) }),
  z.strictObject({ action: z.literal('verify'), note: Text(), evidence: z.array(EvidenceSchema).max(20).optional() }),
  z.strictObject({ action: z.literal('reject'), reason: Text() }),
  z.strictObject({
    action: z.literal('close'),
    outcome: z.enum(['closed_unrectifiable', 'withdrawn']),
    reason: Text(),
  }),
  z.strictObject({
    action: z.literal('request_extension'),
    reason: Text(),
    proposedDueAt: z.iso.datetime({ offset: true }),
  }),
  z.strictObject({ action: z.literal('decide_extension'), approve: z.boolean(), note: Text().optional() }),
  z.strictObject({ action: z.literal('list_supervision'), reason: Text() }),
  z.strictObject({ action: z.literal('lift_listing'), reason: Text() }),
  z.strictObject({ action: z.literal('refer'), summary: Text() }),
]);
export type ItemAction = z.infer<typeof ItemActionSchema>;
export type ItemActionName = ItemAction['action'];

export { ACTION_FROM, ACTION_ROLES, itemLadderPolicy } from './ledgerRules';
