import { z } from 'zod';
import { CHECKLIST_CODES, DELIVERABLE_CODES, type DeliverableCode } from './template';
import { ContactSchema, LocalDate } from './campaign';

const Text = (max = 5000) => z.string().trim().min(1).max(max);
const Url = z.url({ protocol: /^https?$/ }).max(2000);

export const EvidenceSchema = z.strictObject({ title: Text(200), url: Url.optional(), note: Text(2000).optional() });
export type Evidence = z.infer<typeof EvidenceSchema>;

/** What each deliverable must contain (SPEC §2). */
export const DELIVERABLE_BODIES = {
  // 工作措施: scope, content, measures and requirements of the agency's own rectification
  D1: z.strictObject({ scope: Text(), content: Text(), measures: Text(), requirements: Text() }),
  // 联系人 (Attachment 1)
  D2: ContactSchema.extend({ phone: z.string().min(3).max(40) }),
  // 公布监督举报电话、邮箱 with the page that shows them
  D3: z.strictObject({ hotline: z.string().min(3).max(40), email: z.email().max(200), url: Url }),
  // 自查: the checklist answers are given item by item; this closes the self-assessment
  D4: z.strictObject({ summary: Text() }),
  // 自查整改情况在一定范围内公开
  D5: z.strictObject({ description: Text(), evidence: z.array(EvidenceSchema).min(1).max(20) }),
  // 行政裁量基准: formulated or revised, published, and filed with the bureau (备案)
  D6: z.strictObject({ title: Text(200), publishedUrl: Url, filedOn: LocalDate }),
  // 工作总结 + 统计表, attested by the head's signature and the unit seal (签字盖章)
  D7: z.strictObject({
    summary: Text(20000),
    signedBy: Text(100),
    sealed: z.literal(true, { error: 'the summary must carry the unit seal (加盖单位公章)' }),
    statistics: z.strictObject({ problemsFound: z.int().min(0), closed: z.int().min(0), inProgress: z.int().min(0) }),
  }),
  // 建章立制
  D8: z.strictObject({
    rules: z.array(z.strictObject({ title: Text(200), kind: z.enum(['established', 'revised']), adoptedOn: LocalDate.optional() })).min(1).max(200),
  }),
} as const satisfies Record<DeliverableCode, z.ZodType>;

export const DeliverableCodeSchema = z.enum(DELIVERABLE_CODES as [DeliverableCode, ...DeliverableCode[]]);
export const ChecklistCodeSchema = z.enum(CHECKLIST_CODES as [string, ...string[]]);

export const ChecklistAnswerSchema = z.strictObject({
  answer: z.enum(['compliant', 'problem_found', 'not_applicable']),
  note: z.string().max(5000).optional(),
  evidence: z.array(EvidenceSchema).max(20).optional(),
});
export type ChecklistAnswer = z.infer<typeof ChecklistAnswerSchema>;

export const MoveDeadlineSchema = z.strictObject({
  dueAt: z.iso.datetime({ offset: true }),
  reason: Text(2000),
});
