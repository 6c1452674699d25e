import { ERROR_CODES, isErrorCode, kindOf } from '../../domain/errorCodes';
import type { Lang } from './lang';

/** An error answer of the API: {error: {code, message, details}} with its HTTP status (0 when the network failed). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

/** Errors the dashboard makes itself, before or without an answer of the API. */
export const CLIENT_ERRORS = {
  network: '网络连接失败，请检查网络后重试',
  client: '页面出错，请刷新页面后重试',
} as const;

/** A message wholly in Chinese: no Latin word, so no field key, English phrase or internal id in it. */
const plainChinese = (text: string) => /\p{Script=Han}/u.test(text) && !/[A-Za-z]/.test(text);

/**
 * What an error says to the user. In Chinese: the words of its code (domain/errorCodes.ts, the table the API types
 * its errors by), whatever language the API's message is in; under a generic code (a refusal not yet given its own),
 * the API's message when it is plain Chinese, since it says more; a code this build does not know reads as the
 * generic code of its status. In English: the API's own message, which names the specifics.
 */
export function errorText(err: ApiError, lang: Lang): string {
  if (lang !== 'zh') return err.message;
  if (isErrorCode(err.code)) {
    const generic = kindOf(ERROR_CODES[err.code].status) === err.code;
    return generic && plainChinese(err.message) ? err.message : ERROR_CODES[err.code].zh;
  }
  if (Object.hasOwn(CLIENT_ERRORS, err.code)) return CLIENT_ERRORS[err.code as keyof typeof CLIENT_ERRORS];
  if (plainChinese(err.message)) return err.message;
  return err.status ? ERROR_CODES[kindOf(err.status)].zh : CLIENT_ERRORS.network;
}
