/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from 31 (digits and capitals without
 * I, O, Z, S, V) — registration authority, organisation kind, 6-digit administrative division, 9-character
 * organisation code, and a check character computed over the first 17 with weights 3^i mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'length' | 'character' | 'division' | 'check';

/** What is wrong with a code, or null when it is a valid one. Lower-case letters are read as capitals. */
export function creditCodeProblem(input: string): CreditCodeProblem | null {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return 'length';
  const values = [...code].map((ch) => ALPHABET.indexOf(ch));
  if (values.some((v) => v < 0)) return 'character';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'division';
  const sum = WEIGHTS.reduce((s, w, i) => s + w * values[i], 0);
  const check = (31 - (sum % 31)) % 31;
  return values[17] === check ? null : 'check';
}

/** The code as it is kept: trimmed, in capitals. */
export const normalCreditCode = (input: string) => input.trim().toUpperCase();

export const CREDIT_CODE_PROBLEM_ZH: Record<CreditCodeProblem, string> = {
  length: '统一社会信用代码应为18位',
  character: '统一社会信用代码只能由数字和大写字母组成（不含I、O、Z、S、V）',
  division: '统一社会信用代码第3至8位应为行政区划代码（6位数字）',
  check: '统一社会信用代码校验位不符，请核对是否录入有误',
};
