import { z } from 'zod';
import { Id } from './campaign';
import { EvidenceSchema, FileIdSchema } from './deliverables';
import { MAX_COMPLAINT_PHOTOS } from './fileKinds';
import { ChecklistCodeSchema } from './deliverables';
import { CLASSIFICATIONS, SEVERITIES } from './ledger';

const Text = (max = 5000) => z.string().trim().min(1).max(max);

export const CHANNELS = ['web', 'phone', 'email', 'letter', 'wechat'] as const;
/** 不作为 / 慢作为 / 乱作为 */
export const COMPLAINT_KINDS = ['inaction', 'slow_action', 'arbitrary_action'] as const;
/** Who a handling suggestion (处理建议) goes to: 本级政府、任免机关或监察机关. */
export const SUGGESTION_TARGETS = ['government', 'appointing_authority', 'supervisory_commission'] as const;
export const COMPLAINT_STATUSES = ['received', 'investigating', 'concluded'] as const;
/** 查实 / 未查实 after an investigation; 不予受理 closes one that is no matter for it (spam, no enforcement act). */
export const COMPLAINT_OUTCOMES = ['substantiated', 'unsubstantiated', 'not_accepted'] as const;

/** Public text is plain text: markup is refused outright rather than stored and escaped later. */
const PlainText = (max: number) =>
  Text(max).refine(
    (t) => !/<\/?[a-z!][^>]*>/i.test(t),
    '只能填写纯文本，不接受网页代码（plain text only: HTML or script tags are not accepted）',
  );

export const NewComplaintSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  kind: z.enum(COMPLAINT_KINDS),
  agencyId: Id.optional(),
  agencyName: PlainText(200).optional(),
  description: PlainText(10_000),
  // photos uploaded with POST /v1/files?purpose=complaint (up to MAX_COMPLAINT_PHOTOS)
  photos: z
    .array(FileIdSchema)
    .max(MAX_COMPLAINT_PHOTOS, {
      error: `最多附 ${MAX_COMPLAINT_PHOTOS} 张照片（at most ${MAX_COMPLAINT_PHOTOS} photos）`,
    })
    .optional(),
  contact: z
    .strictObject({
      name: PlainText(100).optional(),
      phone: z.string().trim().max(40).optional(),
      email: z.email().max(200).optional(),
      address: PlainText(500).optional(),
    })
    .optional(),
});
export type NewComplaint = z.infer<typeof NewComplaintSchema>;

/** What a substantiated complaint puts in the agency's ledger (source `complaint`); the description is the complaint's. */
export const ComplaintItemSchema = z.strictObject({
  checklistCode: ChecklistCodeSchema,
  severity: z.enum(SEVERITIES),
  classification: z.enum(CLASSIFICATIONS),
  responsiblePerson: Text(100).optional(),
  dueAt: z.iso.datetime({ offset: true }).optional(),
});

export const ComplaintActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('assign'), investigator: Text(100) }),
  z.strictObject({
    action: z.literal('add_finding'),
    note: Text(),
    evidence: z.array(EvidenceSchema).max(20).optional(),
  }),
  // 关联机关: a complaint that named its agency only in words is attached to the campaign's agency it is about
  z.strictObject({ action: z.literal('attach_agency'), agencyId: Id }),
  z
    .strictObject({
      action: z.literal('conclude'),
      outcome: z.enum(COMPLAINT_OUTCOMES),
      summary: Text(),
      suggestion: z.strictObject({ target: z.enum(SUGGESTION_TARGETS), text: Text() }).optional(),
      item: ComplaintItemSchema.optional(),
      // what the conclusion rests on: the investigation report, photos of the site
      evidence: z.array(EvidenceSchema).max(20).optional(),
    })
    .superRefine((c, ctx) => {
      if (c.outcome === 'substantiated') {
        // 查实的提出处理建议，并列入该机关的问题清单
        if (!c.suggestion)
          ctx.addIssue({
            code: 'custom',
            path: ['suggestion'],
            message: '查实的举报须提出处理建议（a substantiated complaint needs a handling suggestion）',
          });
        if (!c.item)
          ctx.addIssue({
            code: 'custom',
            path: ['item'],
            message: '查实的举报须登记相应的问题（a substantiated complaint needs the ledger item it opens）',
          });
      } else if (c.suggestion || c.item) {
        ctx.addIssue({
          code: 'custom',
          path: ['outcome'],
          message:
            '未查实的举报不提处理建议、不登记问题（an unsubstantiated complaint carries no suggestion or ledger item）',
        });
      }
    }),
]);
export type ComplaintAction = z.infer<typeof ComplaintActionSchema>;
