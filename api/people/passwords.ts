import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';

/**
 * Passwords are kept as Argon2id PHC strings (@node-rs/argon2's default algorithm and its OWASP-sized defaults:
 * 19 MiB, 2 passes). Verification of a name that has no account runs against DUMMY_HASH, so a wrong username takes
 * as long as a wrong password and the answer does not tell which part was wrong.
 */
export const hashPassword = (password: string) => hash(password);

export async function passwordMatches(phc: string | null, password: string): Promise<boolean> {
  try {
    return await verify(phc ?? (await DUMMY_HASH), password);
  } catch {
    return false; // a malformed stored hash verifies nothing
  }
}

const DUMMY_HASH = hash('no account has this password');

/** Without 0/O, 1/l/I: a first password is read off a screen or a phone call and typed in once. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A first (or reset) password: 16 characters, about 93 bits, changed at the first sign-in. */
export function generatePassword(): string {
  let out = '';
  for (let i = 0; i < 16; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** The strength zxcvbn must estimate at least (0–4): 3 is "safely unguessable" against an online attack and most offline ones. */
export const MIN_PASSWORD_SCORE = 3;

/** zxcvbn with the common dictionaries (passwords, names, Wikipedia words) and the keyboard layouts. */
const strength = new ZxcvbnFactory({
  dictionary: { ...zxcvbnCommon.dictionary },
  graphs: zxcvbnCommon.adjacencyGraphs,
  useLevenshteinDistance: true,
});

/** zxcvbn's warnings (it answers with their keys when given no translations), in the words the person reads. */
const WARNINGS_ZH: Record<string, string> = {
  straightRow: '键盘上连成一排的按键很容易被猜到',
  keyPattern: '键盘上的短组合很容易被猜到',
  simpleRepeat: '像 "aaa" 这样的重复字符很容易被猜到',
  extendedRepeat: '像 "abcabcabc" 这样的重复片段很容易被猜到',
  sequences: '像 "abc"、"123" 这样的顺序很容易被猜到',
  recentYears: '最近的年份很容易被猜到',
  dates: '日期很容易被猜到',
  topTen: '这是最常用的密码之一',
  topHundred: '这是非常常用的密码',
  common: '这是常用密码',
  similarToCommon: '这与常用密码相似',
  wordByItself: '单个词语很容易被猜到',
  namesByThemselves: '单独的姓名很容易被猜到',
  commonNames: '常见的姓名很容易被猜到',
  userInputs: '不要使用与用户名或姓名有关的内容',
  pwned: '这个密码已在数据泄露中出现过',
};

/**
 * What a chosen password must be: long enough, neither the username nor the password it replaces, and hard to guess —
 * zxcvbn's score of at least MIN_PASSWORD_SCORE, counting the username and display name as words an attacker tries
 * first. The reason in Chinese, or null.
 */
export function passwordProblem(
  next: string,
  o: { username: string; displayName: string; current: string },
): string | null {
  if ([...next].length < 10) return '新密码至少需要 10 个字符';
  if (next.toLowerCase() === o.username.toLowerCase()) return '新密码不能与用户名相同';
  if (next === o.current) return '新密码不能与当前密码相同';
  const { score, feedback } = strength.check(next, [o.username, ...o.username.split(/[_.@-]/), o.displayName]);
  if (score >= MIN_PASSWORD_SCORE) return null;
  const why = feedback.warning ? (WARNINGS_ZH[feedback.warning] ?? '') : '';
  return `新密码太容易被猜到（强度 ${score}/4，至少需要 ${MIN_PASSWORD_SCORE}）${why ? `：${why}` : ''}；请用更长、不常见的词语组合`;
}
