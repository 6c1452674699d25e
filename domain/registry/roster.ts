import { z } from 'zod';
import { Id } from '../campaign';
import { CREDIT_CODE_PROBLEM_ZH, creditCodeProblem, normalCreditCode } from './creditCode';

/**
 * The agency roster as bureaus keep it in Excel (名录): one agency a row under these Chinese headers, the template's
 * and the importer's one definition. `required` columns must be present in the header row and filled in every row.
 */
export const ROSTER_COLUMNS = [
  { key: 'id', header: '机构编号', required: true, width: 22 },
  { key: 'name', header: '机构名称', required: true, width: 36 },
  { key: 'jurisdictionId', header: '所属辖区编号', required: true, width: 16 },
  { key: 'creditCode', header: '统一社会信用代码', required: false, width: 24 },
  { key: 'contactName', header: '联系人', required: false, width: 12 },
  { key: 'contactPost', header: '职务', required: false, width: 14 },
  { key: 'contactPhone', header: '联系电话', required: false, width: 16 },
  { key: 'contactEmail', header: '电子邮箱', required: false, width: 28 },
] as const;
export type RosterKey = (typeof ROSTER_COLUMNS)[number]['key'];
export type RosterCells = Partial<Record<RosterKey, string>>;

/** The template's example row, so a bureau sees what goes where. */
export const ROSTER_EXAMPLE: Record<RosterKey, string> = {
  id: 'zw-market',
  name: '中卫市市场监督管理局',
  jurisdictionId: 'zhongwei',
  creditCode: '',
  contactName: '张三',
  contactPost: '法规科科长',
  contactPhone: '0955-7000000',
  contactEmail: 'fagui@example.gov.cn',
};

/** One problem of a file, where a person finds it in Excel: the row number (the header is row 1) and the column's header. */
export interface RosterProblem {
  row: number;
  column: string;
  message: string;
}

export interface RosterAgency {
  id: string;
  name: string;
  jurisdictionId: string;
  creditCode: string | null;
  contact: { name: string; post?: string; phone?: string; email?: string } | null;
}

/** What the registry says about the ids a file names, looked up once for the whole file. */
export interface RosterFacts {
  /** jurisdictions the importing caller keeps */
  keptJurisdictions: ReadonlySet<string>;
  knownJurisdictions: ReadonlySet<string>;
  /** every jurisdiction's name by its id: a file may name a jurisdiction instead of giving its id */
  jurisdictionNames: ReadonlyMap<string, string>;
  /** registry agencies by id: where each is now */
  agencies: ReadonlyMap<string, { jurisdictionId: string }>;
  /** credit codes already held, by the agency holding them */
  creditCodes: ReadonlyMap<string, string>;
}

/** A jurisdiction as a person recognises it: 沙坡头区（shapotou）. */
const jurisdictionText = (facts: RosterFacts, id: string) => {
  const name = facts.jurisdictionNames.get(id);
  return name ? `${name}（${id}）` : id;
};

/**
 * The jurisdiction a cell means: an id of the registry, else the name of exactly one jurisdiction (one the importer
 * keeps, when the name is taken more than once). Bureaus write 沙坡头区 as often as shapotou.
 */
function resolveJurisdiction(facts: RosterFacts, cell: string): { id: string } | { problem: string } {
  if (facts.knownJurisdictions.has(cell)) return { id: cell };
  const named = [...facts.jurisdictionNames].filter(([, name]) => name === cell).map(([id]) => id);
  const kept = named.filter((id) => facts.keptJurisdictions.has(id));
  const candidates = kept.length ? kept : named;
  if (candidates.length === 1) return { id: candidates[0] };
  if (candidates.length > 1)
    return {
      problem: `名录中有${candidates.length}个名为“${cell}”的辖区：${candidates.map((id) => jurisdictionText(facts, id)).join('、')}，请填写其中一个的编号`,
    };
  return { problem: `辖区“${cell}”不在名录中（既不是辖区编号，也不是辖区名称），请先在辖区树中添加` };
}

const headerOf = (key: RosterKey) => ROSTER_COLUMNS.find((c) => c.key === key)!.header;
const Email = z.email();

/** The header row's problems: each required column present once, nothing the template lacks. */
export function headerProblems(headers: string[]): { problems: RosterProblem[]; keys: (RosterKey | null)[] } {
  const problems: RosterProblem[] = [];
  const keys = headers.map((h) => ROSTER_COLUMNS.find((c) => c.header === h.trim())?.key ?? null);
  headers.forEach((h, i) => {
    if (h.trim() && !keys[i])
      problems.push({
        row: 1,
        column: h.trim(),
        message: `“${h.trim()}”不是名录模板的列，请使用下载的模板（列：${ROSTER_COLUMNS.map((c) => c.header).join('、')}）`,
      });
  });
  for (const c of ROSTER_COLUMNS) {
    const n = keys.filter((k) => k === c.key).length;
    if (n === 0 && c.required) problems.push({ row: 1, column: c.header, message: `缺少必填列“${c.header}”` });
    if (n > 1) problems.push({ row: 1, column: c.header, message: `列“${c.header}”出现了${n}次` });
  }
  return { problems, keys };
}

/**
 * Every row's problems (all of them, so a bureau corrects the file once) and the agencies it holds. `rowNumber` is
 * the row as Excel shows it.
 */
export function readRoster(
  rows: { rowNumber: number; cells: RosterCells }[],
  facts: RosterFacts,
): { agencies: RosterAgency[]; problems: RosterProblem[] } {
  const problems: RosterProblem[] = [];
  const agencies: RosterAgency[] = [];
  const firstRowOfId = new Map<string, number>();
  const firstRowOfCode = new Map<string, number>();
  for (const { rowNumber: row, cells } of rows) {
    const at = (key: RosterKey, message: string) => problems.push({ row, column: headerOf(key), message });
    const v = (key: RosterKey) => (cells[key] ?? '').trim();
    const before = problems.length;
    const id = v('id');
    if (!id) at('id', '机构编号不能为空');
    else if (!Id.safeParse(id).success) at('id', '机构编号只能由字母、数字及“_”“.”“-”组成，且不超过64个字符');
    else if (firstRowOfId.has(id)) at('id', `机构编号“${id}”与第${firstRowOfId.get(id)}行重复`);
    else {
      firstRowOfId.set(id, row);
      const now = facts.agencies.get(id);
      if (now && !facts.keptJurisdictions.has(now.jurisdictionId))
        at('id', `机构“${id}”属于其他辖区（${jurisdictionText(facts, now.jurisdictionId)}），本单位不能修改`);
    }
    const name = v('name');
    if (!name) at('name', '机构名称不能为空');
    else if (name.length > 200) at('name', '机构名称不能超过200个字符');
    const jurisdictionCell = v('jurisdictionId');
    const resolved = jurisdictionCell ? resolveJurisdiction(facts, jurisdictionCell) : null;
    const jurisdictionId = resolved && 'id' in resolved ? resolved.id : '';
    if (!resolved) at('jurisdictionId', '所属辖区编号不能为空');
    else if ('problem' in resolved) at('jurisdictionId', resolved.problem);
    else if (!facts.keptJurisdictions.has(jurisdictionId))
      at('jurisdictionId', `辖区“${jurisdictionText(facts, jurisdictionId)}”不在本单位辖区内`);
    const rawCode = v('creditCode');
    const creditCode = rawCode ? normalCreditCode(rawCode) : null;
    if (creditCode) {
      const problem = creditCodeProblem(creditCode);
      if (problem) at('creditCode', CREDIT_CODE_PROBLEM_ZH[problem]);
      else if (firstRowOfCode.has(creditCode))
        at('creditCode', `统一社会信用代码与第${firstRowOfCode.get(creditCode)}行重复`);
      else {
        firstRowOfCode.set(creditCode, row);
        const holder = facts.creditCodes.get(creditCode);
        if (holder && holder !== id) at('creditCode', `统一社会信用代码已属于机构“${holder}”`);
      }
    }
    const contactName = v('contactName');
    const post = v('contactPost');
    const phone = v('contactPhone');
    const email = v('contactEmail');
    if (email && !Email.safeParse(email).success) at('contactEmail', `“${email}”不是有效的电子邮箱`);
    if (!contactName && (post || phone || email)) at('contactName', '填写了联系方式时须填写联系人');
    if (contactName.length > 100 || post.length > 100)
      at(contactName.length > 100 ? 'contactName' : 'contactPost', '不能超过100个字符');
    if (phone.length > 40) at('contactPhone', '联系电话不能超过40个字符');
    if (problems.length > before) continue;
    agencies.push({
      id,
      name,
      jurisdictionId,
      creditCode,
      contact: contactName
        ? { name: contactName, ...(post ? { post } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) }
        : null,
    });
  }
  return { agencies, problems };
}
