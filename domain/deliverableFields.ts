import { DELIVERABLE_CODES, type DeliverableCode } from './template';

/**
 * What each deliverable's fields are called and how they are entered: the one table the agency's form and the bureau's
 * review read (dashboard/src/views/DeliverableForm.tsx, DeliverableReview.tsx), so a field entered is shown under the
 * same words and never under its key.
 */
export type FieldKind = 'text' | 'textarea' | 'email' | 'url' | 'date' | 'checkbox' | 'int' | 'select' | 'file';
export interface FieldSpec {
  name: string;
  kind: FieldKind;
  zh: string;
  en: string;
  optional?: boolean;
  options?: { value: string; zh: string; en: string }[];
}
export interface ListSpec {
  list: string;
  zh: string;
  en: string;
  fields: FieldSpec[];
}
export type Spec = FieldSpec | ListSpec;

/** The documents every deliverable may carry (SPEC §15): a work plan's 红头文件, a scan, a photo, a link. */
export const DOCUMENTS: ListSpec = {
  list: 'evidence',
  zh: '附件材料',
  en: 'Documents',
  fields: [
    { name: 'title', kind: 'text', zh: '材料名称', en: 'Title' },
    {
      name: 'fileId',
      kind: 'file',
      zh: '文件（扫描件、照片、PDF、OFD）',
      en: 'File (scan, photo, PDF, OFD)',
      optional: true,
    },
    { name: 'url', kind: 'url', zh: '链接', en: 'URL', optional: true },
    { name: 'note', kind: 'text', zh: '说明', en: 'Note', optional: true },
  ],
};

const OWN_FIELDS = {
  D1: [
    { name: 'scope', kind: 'textarea', zh: '整治范围', en: 'Scope' },
    { name: 'content', kind: 'textarea', zh: '整治内容', en: 'Content' },
    { name: 'measures', kind: 'textarea', zh: '工作措施', en: 'Measures' },
    { name: 'requirements', kind: 'textarea', zh: '工作要求', en: 'Requirements' },
  ],
  D2: [
    { name: 'name', kind: 'text', zh: '联系人姓名', en: 'Name' },
    { name: 'post', kind: 'text', zh: '职务', en: 'Post', optional: true },
    { name: 'phone', kind: 'text', zh: '电话', en: 'Phone' },
    { name: 'email', kind: 'email', zh: '邮箱', en: 'Email', optional: true },
  ],
  D3: [
    { name: 'hotline', kind: 'text', zh: '监督举报电话', en: 'Hotline' },
    { name: 'email', kind: 'email', zh: '监督举报邮箱', en: 'Email' },
    { name: 'url', kind: 'url', zh: '公布页面链接（门户网站或微信公众号）', en: 'URL of the page showing them' },
  ],
  D4: [{ name: 'summary', kind: 'textarea', zh: '自查情况总结', en: 'Self-assessment summary' }],
  D5: [{ name: 'description', kind: 'textarea', zh: '公开情况', en: 'How it was made public' }],
  D6: [
    { name: 'title', kind: 'text', zh: '裁量基准名称', en: 'Title' },
    { name: 'publishedUrl', kind: 'url', zh: '公布链接', en: 'Published at (URL)' },
    { name: 'filedOn', kind: 'date', zh: '备案日期', en: 'Filed on' },
  ],
  D7: [
    { name: 'summary', kind: 'textarea', zh: '工作总结', en: 'Summary' },
    { name: 'signedBy', kind: 'text', zh: '主要负责人签字', en: 'Signed by (head)' },
    {
      name: 'sealedScan',
      kind: 'file',
      zh: '签字盖章的总结扫描件（PDF、OFD 或图片）',
      en: 'Scan of the signed, sealed summary (PDF, OFD or image)',
    },
    { name: 'statistics.problemsFound', kind: 'int', zh: '发现问题数', en: 'Problems found' },
    { name: 'statistics.closed', kind: 'int', zh: '已整改数', en: 'Closed' },
    { name: 'statistics.inProgress', kind: 'int', zh: '整改中', en: 'In progress' },
  ],
  D8: [
    {
      list: 'rules',
      zh: '建立或修订的制度',
      en: 'Rules established or revised',
      fields: [
        { name: 'title', kind: 'text', zh: '制度名称', en: 'Title' },
        {
          name: 'kind',
          kind: 'select',
          zh: '类型',
          en: 'Kind',
          options: [
            { value: 'established', zh: '新建', en: 'established' },
            { value: 'revised', zh: '修订', en: 'revised' },
          ],
        },
        { name: 'adoptedOn', kind: 'date', zh: '印发日期', en: 'Adopted on', optional: true },
      ],
    },
  ],
} satisfies Record<DeliverableCode, Spec[]>;

/**
 * The fields of each deliverable, field for field the body DELIVERABLE_BODIES validates (SPEC §2), every one ending
 * with its documents: what the agency's form asks and what the bureau's review shows, under the same words.
 */
export const DELIVERABLE_FIELDS: Record<DeliverableCode, Spec[]> = Object.fromEntries(
  DELIVERABLE_CODES.map((code) => [code, [...OWN_FIELDS[code], DOCUMENTS]]),
) as Record<DeliverableCode, Spec[]>;

/** The fields of a deliverable by their paths in its body ("statistics.closed", "evidence.title"). */
export function fieldsByPath(code: DeliverableCode): Map<string, FieldSpec | ListSpec> {
  return new Map(
    DELIVERABLE_FIELDS[code].flatMap((s): [string, FieldSpec | ListSpec][] =>
      'list' in s
        ? [[s.list, s], ...s.fields.map((f): [string, FieldSpec] => [`${s.list}.${f.name}`, f])]
        : [[s.name, s]],
    ),
  );
}
