import { STEP_KINDS, type StepKindName } from './stepKinds';

/**
 * The official documents a bureau issues (SPEC §14), in one table: the Chinese name, the format it prints in (文件 or
 * 信函), the group whose 代字 numbers it (kinds of one group share a sequence), who it goes to, whether the addressee
 * signs for it (签收), and how its title reads. Everything that issues, lists, prints or signs a document reads this.
 *
 * Imported by the dashboard: free of zod and Node built-ins.
 */
export type CodeGroup = 'notice' | 'letter' | 'circular';
export type AddresseeKind = 'agency' | 'jurisdiction' | 'commission';

interface DocumentKindRow {
  zh: string;
  format: 'file' | 'letter';
  codeGroup: CodeGroup;
  audience: AddresseeKind;
  /** The addressee signs for it within the policy's `receipt` window, and is chased until it does. */
  receipt: boolean;
  /** The title's wording: 关于<what>的<zh>; `verb` leads the matters' names (督促报送工作措施). */
  verb: string;
  /** The closing sentence. */
  closing: string;
  /** What the document demands of its addressee, after the matters. */
  demand: string;
}

export const DOCUMENT_KINDS = {
  supervision_notice: {
    zh: '督办通知',
    format: 'file',
    codeGroup: 'notice',
    audience: 'agency',
    receipt: true,
    verb: '督促',
    closing: '特此通知。',
    demand: '请于三个工作日内报送办理结果，并书面说明逾期原因及责任人员处理情况。逾期仍未办结的，将实行挂牌督办。',
  },
  listed_supervision: {
    zh: '挂牌督办通知书',
    format: 'file',
    codeGroup: 'notice',
    audience: 'agency',
    receipt: true,
    verb: '挂牌督办',
    closing: '特此通知。',
    demand:
      '经研究，决定对上述事项实行挂牌督办。请你单位主要负责同志亲自督办，五个工作日内制定整改方案，整改期间每周报告一次进展，整改到位后报请摘牌。',
  },
  lifting: {
    zh: '摘牌通知',
    format: 'file',
    codeGroup: 'notice',
    audience: 'agency',
    receipt: false,
    verb: '解除挂牌督办',
    closing: '特此通知。',
    demand: '经审核，上述事项已整改到位，决定予以摘牌。请你单位巩固整改成果，防止问题反弹。',
  },
  referral_letter: {
    zh: '移送函',
    format: 'letter',
    codeGroup: 'letter',
    audience: 'commission',
    receipt: true,
    verb: '移送',
    closing: '特此函告。',
    demand: '根据专项整治工作要求，现将上述问题线索移送你委依规依纪依法处理，请将处理结果函告我局。',
  },
  circular: {
    zh: '通报',
    format: 'file',
    codeGroup: 'circular',
    audience: 'jurisdiction',
    receipt: false,
    verb: '通报',
    closing: '特此通报。',
    demand: '各执法单位要引以为戒，举一反三，认真自查自纠，切实改进作风，依法履行职责。',
  },
  return_notice: {
    zh: '退回通知',
    format: 'file',
    codeGroup: 'notice',
    audience: 'agency',
    receipt: false,
    verb: '退回',
    closing: '特此通知。',
    demand: '请你单位按照要求补正后重新报送。',
  },
} as const satisfies Record<string, DocumentKindRow>;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;
export const DOCUMENT_KIND_IDS = Object.keys(DOCUMENT_KINDS) as [DocumentKind, ...DocumentKind[]];

/** A step of the ladder issues a document (督办通知, 挂牌督办通知书, 移送函): its step kind says which. */
export function isDocumentStep(step: string): boolean {
  return Object.hasOwn(STEP_KINDS, step) && STEP_KINDS[step as StepKindName].document !== null;
}

/**
 * The 代字 an authority numbers a kind group under. The registry may name each (org_jurisdictions.document_codes);
 * otherwise it is derived from the authority's notice prefix, whose last character names the notices: 卫法督 gives
 * 卫法督 for notices, 卫法函 for letters, 卫法通 for 通报.
 */
export function documentCode(group: CodeGroup, noticePrefix: string, kept?: Partial<Record<CodeGroup, string>> | null) {
  const own = kept?.[group];
  if (own) return own;
  if (group === 'notice') return noticePrefix;
  const stem = noticePrefix.endsWith('督') ? noticePrefix.slice(0, -1) : noticePrefix;
  return `${stem}${group === 'letter' ? '函' : '通'}`;
}

/** 文号: 卫法督〔2027〕3号. */
export const documentNumber = (code: string, year: number, serial: number) => `${code}〔${year}〕${serial}号`;
