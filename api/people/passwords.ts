import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

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

/** What a chosen password must be: long enough, and neither the username nor the password it replaces. */
export function passwordProblem(next: string, o: { username: string; current: string }): string | null {
  if ([...next].length < 10) return '新密码至少需要 10 个字符';
  if (next.toLowerCase() === o.username.toLowerCase()) return '新密码不能与用户名相同';
  if (next === o.current) return '新密码不能与当前密码相同';
  return null;
}
