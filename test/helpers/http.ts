/** A small HTTP client for the suites: JSON in, JSON (or text) out, headers kept. */
export interface Response<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface Client {
  request<T = unknown>(method: string, path: string, options?: { body?: unknown; rawBody?: string; token?: string | null; headers?: Record<string, string> }): Promise<Response<T>>;
  get<T = unknown>(path: string, token?: string | null): Promise<Response<T>>;
  post<T = unknown>(path: string, body?: unknown, token?: string | null): Promise<Response<T>>;
  patch<T = unknown>(path: string, body?: unknown, token?: string | null): Promise<Response<T>>;
  delete<T = unknown>(path: string, token?: string | null): Promise<Response<T>>;
}

export function client(baseUrl: string, defaultToken: string | null): Client {
  const request = async <T>(method: string, path: string, options: { body?: unknown; rawBody?: string; token?: string | null; headers?: Record<string, string> } = {}): Promise<Response<T>> => {
    const token = options.token === undefined ? defaultToken : options.token;
    const headers: Record<string, string> = { ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };
  return {
    request,
    get: (path, token) => request('GET', path, { token }),
    post: (path, body, token) => request('POST', path, { body: body ?? {}, token }),
    patch: (path, body, token) => request('PATCH', path, { body: body ?? {}, token }),
    delete: (path, token) => request('DELETE', path, { token }),
  };
}
