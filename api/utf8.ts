import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors';

/**
 * Text that is not UTF-8 is refused, not stored. express's JSON parser decodes with replacement, so a description with
 * a stray byte would be kept with U+FFFD in it; the raw body is checked first (express.json's `verify`), and the field
 * the bad byte is in is named.
 */
const badBodies = new WeakMap<IncomingMessage, (string | number)[]>();

/** express.json's `verify`: notes where the first byte that is not UTF-8 lies, for assertUtf8Body to refuse. */
export function verifyUtf8(req: IncomingMessage, _res: unknown, body: Buffer, encoding: string): void {
  if (encoding.toLowerCase() !== 'utf-8' || isUtf8(body)) return;
  const at = firstInvalidUtf8(body);
  badBodies.set(req, jsonPathAt(body.subarray(0, at).toString('utf8')));
}

/** 400 `invalid_utf8` naming the field, when the body read for this request was not UTF-8. */
export function assertUtf8Body(req: IncomingMessage): void {
  const path = badBodies.get(req);
  if (!path) return;
  const field = path.length ? path.join('.') : '(body)';
  throw new HttpError(400, 'invalid_utf8', `字段 ${field} 含有无效的文字编码（不是有效的 UTF-8），请重新输入后提交`, [
    { code: 'invalid_utf8', path, in: 'body', message: 'not valid UTF-8' },
  ]);
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629), or the length. */
export function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i += 1;
      continue;
    }
    // the length of the sequence, and the range its second byte must lie in (no overlongs, no surrogates, ≤ U+10FFFF)
    const [n, lo, hi] =
      c >= 0xc2 && c <= 0xdf
        ? [2, 0x80, 0xbf]
        : c === 0xe0
          ? [3, 0xa0, 0xbf]
          : c === 0xed
            ? [3, 0x80, 0x9f]
            : c >= 0xe1 && c <= 0xef
              ? [3, 0x80, 0xbf]
              : c === 0xf0
                ? [4, 0x90, 0xbf]
                : c === 0xf4
                  ? [4, 0x80, 0x8f]
                  : c >= 0xf1 && c <= 0xf3
                    ? [4, 0x80, 0xbf]
                    : [0, 0, 0];
    if (!n || i + n > b.length || b[i + 1] < lo || b[i + 1] > hi) return i;
    for (let k = 2; k < n; k++) if (b[i + k] < 0x80 || b[i + k] > 0xbf) return i;
    i += n;
  }
  return b.length;
}

type Frame = { kind: 'object'; key: string | null; expectingKey: boolean } | { kind: 'array'; index: number };

/** The path of the value a JSON text that stops short (at the bad byte) was in the middle of writing. */
export function jsonPathAt(text: string): (string | number)[] {
  const stack: Frame[] = [];
  let inString = false;
  let escaped = false;
  let current = '';
  let isKey = false;
  for (const ch of text) {
    const top = stack[stack.length - 1];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') {
        inString = false;
        if (isKey && top?.kind === 'object') top.key = current;
      } else current += ch;
      continue;
    }
    if (ch === '"') {
      inString = true;
      current = '';
      isKey = top?.kind === 'object' && top.expectingKey;
    } else if (ch === '{') stack.push({ kind: 'object', key: null, expectingKey: true });
    else if (ch === '[') stack.push({ kind: 'array', index: 0 });
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ':' && top?.kind === 'object') top.expectingKey = false;
    else if (ch === ',' && top) {
      if (top.kind === 'object') top.expectingKey = true;
      else top.index += 1;
    }
  }
  const path = stack.map((f) => (f.kind === 'array' ? f.index : (f.key ?? '')));
  // a bad byte inside a key: the key is named as far as it goes
  const top = stack[stack.length - 1];
  if (inString && isKey && top?.kind === 'object') path[path.length - 1] = current;
  return path;
}
