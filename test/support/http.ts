/** A small HTTP client for tests: real requests against the real API. */
export interface HttpResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export function httpClient(baseUrl: string) {
  async function request<T = any>(
    method: string,
    path: string,
    o: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined || o.raw !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(baseUrl + path, {
      method,
      headers,
      body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body, headers: res.headers, text };
  }
  return {
    request,
    get: <T = any>(path: string, token?: string) => request<T>('GET', path, { token }),
    post: <T = any>(path: string, body: unknown, token?: string, headers?: Record<string, string>) =>
      request<T>('POST', path, { body, token, headers }),
    put: <T = any>(path: string, body: unknown, token?: string) => request<T>('PUT', path, { body, token }),
  };
}
export type HttpClient = ReturnType<typeof httpClient>;
