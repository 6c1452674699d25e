import { errorText, type ApiError } from './apiError';

/** Field errors keyed by dotted path ("evidence.0.title"), from zod issues of the client or of the API (400). */
export type FieldErrors = Record<string, string>;

interface Issue {
  path?: PropertyKey[];
  message?: string;
  code?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  input?: unknown;
}

/** The language of field messages; App keeps it in step with the one chosen. */
let formLang: 'zh' | 'en' = 'zh';
export const setFormLang = (lang: 'zh' | 'en') => void (formLang = lang);

/**
 * A rule's own message (custom) in Chinese: those worded "中文（English）" by the schema keep their Chinese part; one
 * worded only in English reads as a generic "填写有误" rather than English in the Chinese UI.
 */
function chinesePart(text: string): string | null {
  if (!/\p{Script=Han}/u.test(text)) return null;
  const head = text.replace(/（[^（）]*[A-Za-z][^（）]*）\s*$/, '');
  return /[A-Za-z]/.test(head) ? null : head;
}

/** zod's messages are English: the common ones are said in Chinese too, and rule messages by their Chinese part. */
function message(i: Issue): string {
  const fallback = i.message ?? 'invalid';
  if (formLang !== 'zh') return fallback;
  switch (i.code) {
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? '必填' : `至少 ${i.minimum} 个字符`;
      if (i.origin === 'array') return Number(i.minimum) <= 1 ? '至少填写一项' : `至少 ${i.minimum} 项`;
      return `不得小于 ${i.minimum}`;
    case 'too_big':
      if (i.origin === 'string') return `最多 ${i.maximum} 个字符`;
      if (i.origin === 'array') return `最多 ${i.maximum} 项`;
      return `不得大于 ${i.maximum}`;
    case 'invalid_type':
      return i.input === undefined ? '必填' : '类型不正确';
    case 'invalid_format':
      return i.format === 'email'
        ? '邮箱格式不正确'
        : i.format === 'url'
          ? '链接格式不正确（http/https）'
          : i.format === 'datetime'
            ? '时间格式不正确'
            : i.format === 'date'
              ? '日期格式不正确'
              : // a pattern's own Chinese message says what is expected (a mobile number, a username)
                ((i.format === 'regex' ? chinesePart(fallback) : null) ?? '格式不正确');
    case 'invalid_value':
      return '取值无效';
    default:
      return chinesePart(fallback) ?? '填写有误';
  }
}

export function fieldErrors(issues: readonly Issue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const key = (i.path ?? []).map(String).join('.') || '_';
    out[key] ??= message(i);
  }
  return out;
}

/**
 * An API error as the form's errors: field by field where its details are issues with paths (a 400's zod issues, a
 * wrong current password), and the words of its code for the whole form.
 */
export function errorsOfApi(err: ApiError): FieldErrors {
  const issues = (err.details ?? []).filter(
    (d): d is Issue => typeof d === 'object' && d !== null && 'path' in d && Array.isArray((d as Issue).path),
  );
  const out = issues.length && (err.status === 400 || err.status === 422) ? fieldErrors(issues) : {};
  out._ = errorText(err, formLang);
  return out;
}

/** Empty strings mean "not given": optional fields are left out, as the strict API schemas expect. */
export function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== '' && v !== undefined && v !== null),
  ) as Partial<T>;
}
