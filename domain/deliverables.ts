import { z } from 'zod';
import { CHECKLIST_CODES, DELIVERABLE_CODES, type DeliverableCode } from './template';
import { ContactSchema, LocalDate } from './campaign';

const Text = (max = 5000) => z.string().trim().min(1).max(max);
const Url = z.url({ protocol: /^https?$/ }).max(2000);

/** The id of an uploaded file (POST /v1/files). */
export const FileIdSchema = z.string().regex(/^f-[0-9a-f]{24}$/, '不是有效的文件编号（not a file id）');

/** One piece of evidence: an uploaded file (a scan, a photo, a PDF), a link, or both. */
export const EvidenceSchema = z
  .strictObject({ title: Text(200), fileId: FileIdSchema.optional(), url: Url.optional(), note: Text(2000).optional() })
  .refine((e) => e.fileId !== undefined || e.url !== undefined, {
    message: '每项证据须附文件或链接（give a fileId or a url）',
  });
export type Evidence = z.infer<typeof EvidenceSchema>;

/** The documents any deliverable may carry: the 红头文件 of a work plan, a scan, a photo (SPEC §15). */
const Documents = z.array(EvidenceSchema).max(20).optional();

/** What each deliverable must contain (SPEC §2); every one may carry documents (`evidence`, SPEC §15). */
export const DELIVERABLE_BODIES = {
  // 工作措施: scope, content, measures and requirements of the agency's own rectification
  D1: z.strictObject({ scope: Text(), content: Text(), measures: Text(), requirements: Text(), evidence: Documents }),
  // 联系人 (Attachment 1)
  D2: ContactSchema.extend({ phone: z.string().min(3).max(40), evidence: Documents }),
  // 公布监督举报电话、邮箱 with the page that shows them
  D3: z.strictObject({ hotline: z.string().min(3).max(40), email: z.email().max(200), url: Url, evidence: Documents }),
  // 自查: the checklist answers are given item by item; this closes the self-assessment
  D4: z.strictObject({ summary: Text(), evidence: Documents }),
  // 自查整改情况在一定范围内公开
  D5: z.strictObject({ description: Text(), evidence: z.array(EvidenceSchema).min(1).max(20) }),
  // 行政裁量基准: formulated or revised, published, and filed with the bureau (备案)
  D6: z.strictObject({ title: Text(200), publishedUrl: Url, filedOn: LocalDate, evidence: Documents }),
  // 工作总结 + 统计表, attested by the head's signature and the unit seal (签字盖章)
  D7: z.strictObject({
    summary: Text(20000),
    signedBy: Text(100),
    // the scan of the summary as signed by the head and sealed (签字盖章): a PDF, OFD or image upload
    sealedScan: FileIdSchema.meta({ description: '签字盖章的工作总结扫描件（file id）' }),
    statistics: z.strictObject({ problemsFound: z.int().min(0), closed: z.int().min(0), inProgress: z.int().min(0) }),
    // why the figures differ from the ledger's (GET …/ledger-figures); the API takes differing figures only with one
    statisticsReason: Text(2000).optional(),
    evidence: Documents,
  }),
  // 建章立制
  D8: z.strictObject({
    rules: z
      .array(
        z.strictObject({ title: Text(200), kind: z.enum(['established', 'revised']), adoptedOn: LocalDate.optional() }),
      )
      .min(1)
      .max(200),
    evidence: Documents,
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

/** Where a body names files: evidence entries' `fileId` and D7's `sealedScan`, at any depth. */
const FILE_FIELDS: ReadonlySet<string> = new Set(['fileId', 'sealedScan']);

/** The ids of the files a stored or submitted body refers to, in order of appearance. */
export function fileIdsIn(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(fileIdsIn);
  return Object.entries(value).flatMap(([k, v]) => (FILE_FIELDS.has(k) && typeof v === 'string' ? [v] : fileIdsIn(v)));
}

/** The bureau's return (退回) of a submitted deliverable: why, and optionally a new deadline to correct it by. */
/** 摘牌 of a deliverable's listed supervision: why it is lifted. */
export const LiftListingSchema = z.strictObject({ reason: Text(2000) });

export const ReturnDeliverableSchema = z.strictObject({
  reason: Text(2000),
  dueAt: z.iso.datetime({ offset: true }).optional(),
});
