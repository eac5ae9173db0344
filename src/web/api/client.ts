import type { Locale } from '../../shared/reference.ts';
import type { FieldError } from '../../shared/schemas/common.ts';

/**
 * The one way the web app talks to the API: JSON in and out, the reader's language in
 * Accept-Language (so that problem details come back translated), the session's CSRF token on
 * every write, and RFC 9457 problems turned into `ApiError`s that keep `code` and `errors[]`.
 */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: readonly FieldError[];
  readonly requestId: string | null;

  constructor(o: { status: number; code: string; detail: string; errors?: readonly FieldError[]; requestId?: string | null }) {
    super(o.detail);
    this.name = 'ApiError';
    this.status = o.status;
    this.code = o.code;
    this.errors = o.errors ?? [];
    this.requestId = o.requestId ?? null;
  }
}

const state: { language: Locale; csrfToken: string | null; onUnauthorized: (() => void) | null } = {
  language: 'vi', csrfToken: null, onUnauthorized: null,
};

export function setApiLanguage(language: Locale): void {
  state.language = language;
}

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

/** Called when a request answers 401 (the session ended): the app shows the sign-in page. */
export function onUnauthorized(handler: (() => void) | null): void {
  state.onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** A file sent as the raw body, with its own content type (an upload), instead of a JSON `body`. */
  file?: { data: Blob; type: string };
  ifMatch?: string | null;
  signal?: AbortSignal;
};

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api/v1${path}${search ? `?${search}` : ''}`;
}

/** A request; answers the body (null for 204) and the ETag when there is one. */
export async function apiRequest<T>(path: string, o: RequestOptions = {}): Promise<{ data: T; etag: string | null }> {
  const method = o.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': state.language };
  if (o.file) headers['content-type'] = o.file.type;
  else if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
  if (o.ifMatch) headers['if-match'] = o.ifMatch;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, o.query), {
      method, headers, credentials: 'same-origin', signal: o.signal,
      body: o.file ? o.file.data : o.body === undefined ? undefined : JSON.stringify(o.body),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network', detail: (error as Error).message });
  }

  const type = response.headers.get('content-type') ?? '';
  const body: unknown = response.status === 204 ? null : type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const problem = (typeof body === 'object' && body !== null ? body : {}) as Partial<{ code: string; detail: string; errors: FieldError[]; requestId: string }>;
    const error = new ApiError({
      status: response.status,
      code: problem.code ?? 'internal',
      detail: problem.detail ?? response.statusText,
      errors: problem.errors,
      requestId: problem.requestId,
    });
    if (response.status === 401 && path !== '/auth/sign-in') state.onUnauthorized?.();
    throw error;
  }
  return { data: body as T, etag: response.headers.get('etag') };
}

export async function apiGet<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return (await apiRequest<T>(path, { query, signal })).data;
}

export async function apiSend<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return (await apiRequest<T>(path, { method, body })).data;
}

/** Sends a file as the request's raw body (an upload); answers the parsed JSON reply. */
export async function apiUpload<T>(path: string, query: Query, file: Blob, type: string): Promise<T> {
  return (await apiRequest<T>(path, { method: 'POST', query, file: { data: file, type } })).data;
}
