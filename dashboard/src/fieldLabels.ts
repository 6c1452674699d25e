import type { Lang } from './lang';

/**
 * What each field of the API's bodies is called on screen, keyed by its name in the body (the last segment of a
 * zod issue's path). The forms label their fields from here (components' Field takes its label from its path), and a
 * validation error names the field the same way ("整改措施：必填", never "measures: 必填"). A form whose fields the
 * API names per deliverable (DeliverableForm) passes its own labels, which come first.
 */
const FIELD_LABELS: Record<string, { zh: string; en: string }> = {
  // ledger items and their actions
  checklistCode: { zh: '对应清单项', en: 'Checklist item' },
  source: { zh: '来源', en: 'Source' },
  description: { zh: '问题描述', en: 'Description' },
  severity: { zh: '严重程度', en: 'Severity' },
  classification: { zh: '类别', en: 'Class' },
  responsiblePerson: { zh: '责任人', en: 'Responsible person' },
  measures: { zh: '整改措施', en: 'Measures' },
  dueAt: { zh: '整改时限', en: 'Due' },
  foundOn: { zh: '发现日期', en: 'Found on' },
  evidence: { zh: '佐证材料', en: 'Evidence' },
  title: { zh: '材料名称', en: 'Title' },
  url: { zh: '链接', en: 'URL' },
  fileId: { zh: '文件', en: 'File' },
  fileIds: { zh: '附件', en: 'Files' },
  note: { zh: '说明', en: 'Note' },
  reason: { zh: '理由', en: 'Reason' },
  summary: { zh: '摘要', en: 'Summary' },
  proposedDueAt: { zh: '申请延至', en: 'Proposed due date' },
  approve: { zh: '决定', en: 'Decision' },
  outcome: { zh: '结果', en: 'Outcome' },
  action: { zh: '操作', en: 'Action' },
  item: { zh: '问题', en: 'Item' },
  // complaints
  channel: { zh: '渠道', en: 'Channel' },
  kind: { zh: '举报类型', en: 'Kind' },
  agencyId: { zh: '执法机关', en: 'Agency' },
  agencyName: { zh: '被举报单位', en: 'Agency complained about' },
  contact: { zh: '联系方式', en: 'Contact' },
  'contact.name': { zh: '姓名', en: 'Name' },
  name: { zh: '名称', en: 'Name' },
  phone: { zh: '电话', en: 'Phone' },
  email: { zh: '邮箱', en: 'Email' },
  investigator: { zh: '调查人', en: 'Investigator' },
  suggestion: { zh: '处理建议', en: 'Handling suggestion' },
  target: { zh: '建议对象', en: 'Addressed to' },
  text: { zh: '内容', en: 'Detail' },
  trackingCode: { zh: '查询码', en: 'Tracking code' },
  // deliverables and checklist answers
  answer: { zh: '自查结论', en: 'Answer' },
  signedBy: { zh: '签发人', en: 'Signed by' },
  sealedScan: { zh: '盖章扫描件', en: 'Sealed scan' },
  statistics: { zh: '统计数字', en: 'Figures' },
  code: { zh: '材料', en: 'Deliverable' },
  // people, keys and the registry
  username: { zh: '用户名', en: 'Username' },
  displayName: { zh: '姓名', en: 'Name' },
  oidcSubject: { zh: '统一身份认证标识', en: 'Identity provider subject' },
  mobile: { zh: '手机号', en: 'Mobile number' },
  password: { zh: '密码', en: 'Password' },
  current: { zh: '当前密码', en: 'Current password' },
  next: { zh: '新密码', en: 'New password' },
  repeat: { zh: '再次输入新密码', en: 'New password again' },
  role: { zh: '角色', en: 'Role' },
  jurisdictionId: { zh: '辖区', en: 'Jurisdiction' },
  parentId: { zh: '上级辖区', en: 'Parent jurisdiction' },
  creditCode: { zh: '统一社会信用代码', en: 'Credit code' },
  label: { zh: '备注', en: 'Label' },
  // campaigns
  jurisdiction: { zh: '辖区', en: 'Jurisdiction' },
  agencies: { zh: '执法机关', en: 'Agencies' },
  calendar: { zh: '日历', en: 'Calendar' },
  phases: { zh: '阶段', en: 'Phases' },
  startsAt: { zh: '开始时间', en: 'Starts' },
  endsAt: { zh: '结束时间', en: 'Ends' },
  deadlines: { zh: '报送期限', en: 'Deadlines' },
  closesAt: { zh: '结束时间', en: 'Closes' },
  timeZone: { zh: '时区', en: 'Time zone' },
  policy: { zh: '提醒与督办策略', en: 'Policy' },
  reminders: { zh: '提醒', en: 'Reminders' },
  escalation: { zh: '督办', en: 'Escalation' },
  cursor: { zh: '分页', en: 'Page' },
  limit: { zh: '每页条数', en: 'Page size' },
};

const isIndex = (segment: string) => /^\d+$/.test(segment);

/** The label of a field in a dictionary of labels: the whole dotted path first, then its last named segment. */
function labelOf(path: string, lang: Lang, own: Record<string, string>): string | undefined {
  const named = path.split('.').filter((s) => !isIndex(s));
  for (const key of [path, named.join('.'), named[named.length - 1] ?? '']) {
    if (own[key]) return own[key];
    if (Object.hasOwn(FIELD_LABELS, key)) return FIELD_LABELS[key][lang];
  }
  return undefined;
}

/**
 * A field's name as a user reads it: "evidence.0.title" → "佐证材料（第1项）材料名称". A path nobody labelled is not shown
 * as its key: it reads as the nearest labelled field that holds it, or as "填写内容".
 */
export function fieldLabel(path: string, lang: Lang, own: Record<string, string> = {}): string {
  const segments = path.split('.');
  const words: string[] = [];
  for (let k = 0; k < segments.length; k += 1) {
    const s = segments[k];
    if (isIndex(s)) {
      words.push(lang === 'zh' ? `（第${Number(s) + 1}项）` : ` #${Number(s) + 1} `);
      continue;
    }
    const label = labelOf(segments.slice(0, k + 1).join('.'), lang, own) ?? labelOf(s, lang, own);
    if (label && words[words.length - 1] !== label) words.push(label);
  }
  return words.join('').trim() || (lang === 'zh' ? '填写内容' : 'a field');
}
