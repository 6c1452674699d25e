/**
 * Complaint tracking codes (举报查询码): 15 random Crockford base-32 symbols (75 bits, unguessable, never a
 * sequence) and one check symbol (mod 37, as Crockford specifies), grouped for reading over the phone:
 * XXXXX-XXXXX-XXXXX-C. Mistyping one symbol or swapping two neighbours breaks the check, so a mistyped code is told
 * apart from an unknown one. Crockford's check alphabet has four symbols that are no letter or digit (* ~ $ =), which
 * citizens could neither read out nor type on a phone: new codes are made so that their check is a letter or digit
 * (issue #31), and codes issued before, ending in one of them, are still read.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_ALPHABET = ALPHABET + '*~$=U';
const BODY_LENGTH = 15;

function checkSymbol(body: string): string {
  let mod = 0;
  for (const ch of body) mod = (mod * 32 + ALPHABET.indexOf(ch)) % 37;
  return CHECK_ALPHABET[mod];
}

const isLetterOrDigit = (ch: string) => /^[0-9A-Z]$/.test(ch);

/**
 * Makes a code from random bytes (at least 15). When the check of the random body would be a symbol, the last body
 * symbol steps on until it is not: the 32 values of that symbol give 32 distinct checks mod 37, of which at most four
 * are symbols, so at most four steps are needed (and the code keeps 74.8 of its 75 bits).
 */
export function makeTrackingCode(random: Uint8Array): string {
  if (random.length < BODY_LENGTH) throw new RangeError('need 15 random bytes');
  const symbols = Array.from(random.subarray(0, BODY_LENGTH), (b) => b & 31);
  for (;;) {
    const body = symbols.map((v) => ALPHABET[v]).join('');
    const check = checkSymbol(body);
    if (isLetterOrDigit(check)) return format(body + check);
    symbols[BODY_LENGTH - 1] = (symbols[BODY_LENGTH - 1] + 1) % 32;
  }
}

const format = (raw: string) => `${raw.slice(0, 5)}-${raw.slice(5, 10)}-${raw.slice(10, 15)}-${raw.slice(15)}`;

/**
 * Reads a code as a person typed it: case, spaces and dashes don't matter, and the look-alikes I/L → 1 and O → 0 are
 * forgiven (Crockford). Returns the canonical code, or why it cannot be one.
 */
export function readTrackingCode(
  typed: string,
): { ok: true; code: string } | { ok: false; reason: 'malformed' | 'check_failed' } {
  const raw = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (raw.length !== BODY_LENGTH + 1) return { ok: false, reason: 'malformed' };
  const body = raw.slice(0, BODY_LENGTH);
  if ([...body].some((ch) => !ALPHABET.includes(ch)) || !CHECK_ALPHABET.includes(raw[BODY_LENGTH]))
    return { ok: false, reason: 'malformed' };
  if (checkSymbol(body) !== raw[BODY_LENGTH]) return { ok: false, reason: 'check_failed' };
  return { ok: true, code: format(raw) };
}
