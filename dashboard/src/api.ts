import { ApiError } from './apiError';

/** The API as the dashboard calls it: same origin, the session cookie (HttpOnly) and its CSRF token on writes. */
export { ApiError };

export type Role = 'admin' | 'bureau' | 'agency' | 'discipline';

export interface Me {
  keyId: string;
  role: Role;
  jurisdictionId: string | null;
  agencyId: string | null;
  name: string;
  person: { userId: string; username: string; displayName: string; mustChangePassword: boolean } | null;
  unitName: string | null;
  csrfToken: string | null;
}

/**
 * The session lives in the cookie, which scripts cannot read; the CSRF token of the session is kept in memory only,
 * and asked for again (GET /v1/me) when the page is opened anew.
 */
let csrfToken: string | null = null;
export const session = {
  remember(me: Me) {
    csrfToken = me.csrfToken;
  },
  clear() {
    csrfToken = null;
  },
  /** What a write sent outside request() (a multipart upload) carries besides the cookie. */
  writeHeaders(): Record<string, string> {
    return csrfToken ? { 'x-csrf-token': csrfToken } : {};
  },
};

/** Listeners told when the key stops working (401), so the app can send the user back to sign-in. */
const unauthorizedListeners = new Set<() => void>();
export const onUnauthorized = (fn: () => void) => {
  unauthorizedListeners.add(fn);
  return () => void unauthorizedListeners.delete(fn);
};

/**
 * A key for one form submission: a double click or a retry after a lost response sends the same key, so the API acts
 * once. crypto.randomUUID needs a secure context; getRandomValues works on plain HTTP too.
 */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** anonymous: a public page's call, without the cookie. quiet: a 401 is this call's own answer (a wrong password), not a lost session. */
export async function request<T>(
  method: string,
  path: string,
  o: { body?: unknown; anonymous?: boolean; quiet?: boolean; idempotencyKey?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && !o.anonymous) Object.assign(headers, session.writeHeaders());
  if (o.body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  if (o.idempotencyKey) headers['idempotency-key'] = o.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: o.anonymous ? 'omit' : 'same-origin',
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
  } catch (err) {
    throw new ApiError(0, 'network', (err as Error).message);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; details?: unknown[] } } | null)?.error;
    if (res.status === 401 && !o.anonymous && !o.quiet) unauthorizedListeners.forEach((fn) => fn());
    throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? `HTTP ${res.status}`, e?.details ?? []);
  }
  return body as T;
}

export const api = {
  get: <T>(path: string, o?: { anonymous?: boolean; quiet?: boolean }) => request<T>('GET', path, o),
  post: <T>(path: string, body: unknown, o?: { anonymous?: boolean; quiet?: boolean; idempotencyKey?: string }) =>
    request<T>('POST', path, { ...o, body }),
  put: <T>(path: string, body: unknown, o?: { idempotencyKey?: string }) => request<T>('PUT', path, { ...o, body }),
};

/** The name a response gives its attachment: RFC 5987 filename* (UTF-8, the Chinese name), else null. */
function attachmentName(res: Response): string | null {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(res.headers.get('content-disposition') ?? '');
  return star ? decodeURIComponent(star[1]) : null;
}

/**
 * Downloads a report under the session (as a file, not a page), under the name the server gives it (附件2-统计表-中卫市-
 * 2027.xlsx), else `filename`.
 */
export async function download(path: string, filename?: string): Promise<void> {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, 'http_error', `HTTP ${res.status}`);
  const name = attachmentName(res) ?? filename ?? path.split('/').pop()!;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export const qs = (params: Record<string, string | number | boolean | undefined | null>) => {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
};
