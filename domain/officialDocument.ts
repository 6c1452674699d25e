/**
 * What a printed official document (公文) says, in the order GB/T 9704-2012 lays it out. The register of issued
 * documents builds one from a document's row; the PDF renderer prints it and knows nothing of kinds or ladders.
 */
export interface OfficialDocument {
  /** 文件格式 (red 发文机关标志 "…文件") for notices and 通报; 信函格式 for letters (函), e.g. the 移送函 */
  format: 'file' | 'letter';
  /** 发文机关 in full: 中卫市司法局 */
  issuer: string;
  /** 发文字号: 卫法督〔2027〕3号 */
  number: string;
  /** 标题 in words, without internal codes: 关于督促报送工作措施等事项的督办通知 */
  title: string;
  /** 主送机关, followed by a full-width colon on the page */
  addressee: string;
  /** 正文 paragraphs, each indented two characters by the renderer */
  body: string[];
  /** 成文日期 in Arabic numerals: 2027年6月13日 */
  date: string;
  /** 版记: 抄送机关 (may be empty) */
  copiesTo: string[];
  /** 版记: 印发机关 and 印发日期 */
  printedBy: string;
  printedOn: string;
  /** A drill campaign's document says 演练 on its face */
  drill: boolean;
  /** The instant of issue: the PDF's creation date, so one document always gives the same bytes */
  issuedAt: string;
}
