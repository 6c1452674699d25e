/**
 * The official documents the ladder issues (SPEC §12): which step issues which, its title, and what it demands of
 * the addressee. One table, read by the PDF renderer, the API and the dashboard's "print notice" button.
 */
export const DOCUMENT_KINDS = {
  supervision_notice: {
    zh: '督办通知',
    demand:
      '请你单位接到本通知后立即办理，于三个工作日内报送办理结果，并书面说明逾期原因及责任人员处理情况。逾期仍未办结的，将实行挂牌督办。',
  },
  listed_supervision: {
    zh: '挂牌督办通知书',
    demand:
      '经研究，决定对该事项实行挂牌督办。请你单位主要负责同志亲自督办，五个工作日内制定整改方案，整改期间每周报告一次进展，整改到位后报请销号。',
  },
  discipline_referral: {
    zh: '移送函',
    demand: '根据专项整治工作要求，现将上述问题线索移送你委（局）依规依纪依法处理，请将处理结果函告我局。',
  },
} as const satisfies Record<string, { zh: string; demand: string }>;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

export const isDocumentStep = (step: string): step is DocumentKind => Object.hasOwn(DOCUMENT_KINDS, step);

/** Everything a printed notice says; made from the event that issued it, whatever numbered it. */
export interface NoticeData {
  kind: DocumentKind;
  /** 发文机关: e.g. 中卫市司法局 */
  issuer: string;
  /** 发文字号: 卫法督〔2027〕3号; null when the step issued no number */
  number: string | null;
  /** 主送机关: the agency, or the discipline commission for a referral */
  addressee: string;
  /** The agency concerned (named in the body of a referral) */
  agency: string;
  /** The matter: "D5 自查整改情况公开", "问题整改事项（…）" */
  matter: string;
  /** The deadline missed, in words, in the campaign's time zone */
  deadline: string;
  /** 成文日期: 2027年6月13日 */
  date: string;
  /** The instant of issue: the PDF's creation date, so the same event always gives the same bytes */
  issuedAt: string;
}
