/**
 * The one way the application talks to the server. The CSRF token of the session is kept in
 * memory only (never in storage) and sent as `x-csrf-token` with every change; a 401 on anything
 * but the login sends the user to the login page. Messages come back in the interface language.
 */
import type { Language } from './i18n/index.js';

/**
 * What an answer is read through: a zod schema of src/api (only its `parse` is used,
 * so this module needs no zod of its own). An answer that does not fit throws rather than
 * reaching a page as a shape it is not.
 */
export interface Schema<T> {
  parse(data: unknown): T;
}

/** An answer other than 2xx: the server's `{ error, message, details }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly body: unknown,
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let language: Language = 'sv';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLanguage(lang: Language): void {
  language = lang;
}

/** What to do when the session has ended (the login page). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function headers(method: string, json: boolean): Record<string, string> {
  const result: Record<string, string> = {
    accept: 'application/json',
    'accept-language': language,
  };
  if (json) result['content-type'] = 'application/json';
  if (MUTATING.has(method) && csrfToken) result['x-csrf-token'] = csrfToken;
  return result;
}

function errorFrom(status: number, body: unknown, retryAfter: string | null): ApiError {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const code = typeof record.error === 'string' ? record.error : `http${status}`;
  const message = typeof record.message === 'string' ? record.message : `HTTP ${status}`;
  const seconds = retryAfter !== null ? Number(retryAfter) : NaN;
  return new ApiError(
    status,
    code,
    message,
    record.details,
    body,
    Number.isFinite(seconds) ? seconds : null,
  );
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * A JSON request; resolves with the body read through `options.schema` (without one, the body
 * is `unknown` to the caller's type: only for answers that have no schema yet), rejects with
 * ApiError.
 */
export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  options: { signal?: AbortSignal; schema?: Schema<T> } = {},
): Promise<T> {
  const response = fetch(path, {
    method,
    headers: headers(method, body !== undefined),
    body: body === undefined ? null : JSON.stringify(body),
    credentials: 'same-origin',
    signal: options.signal ?? null,
  });
  return readResponse<T>(response, path, options.schema);
}

/** The JSON body of an answer to `path`, read through `schema`; rejects with ApiError when it is not 2xx. */
export async function readResponse<T>(
  pending: Promise<Response>,
  path: string,
  schema?: Schema<T>,
): Promise<T> {
  const response = await pending;
  const parsed = parseBody(await response.text());
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/session') onUnauthenticated?.();
    throw errorFrom(response.status, parsed, response.headers.get('retry-after'));
  }
  return read(parsed, schema);
}

/** A parsed body through its schema; without one, as the caller types it (no schema yet). */
function read<T>(parsed: unknown, schema: Schema<T> | undefined): T {
  return schema ? schema.parse(parsed) : (parsed as T);
}

export const get = <T>(path: string, signal?: AbortSignal, schema?: Schema<T>): Promise<T> =>
  request<T>('GET', path, undefined, {
    ...(signal ? { signal } : {}),
    ...(schema ? { schema } : {}),
  });

/**
 * A multipart upload through XMLHttpRequest, which reports upload progress (fetch does not):
 * `onProgress` gets the fraction sent, 0–1, or null when the size is not known.
 */
export function upload<T>(
  path: string,
  form: FormData,
  onProgress: (fraction: number | null) => void,
  schema: Schema<T>,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [name, value] of Object.entries(headers('POST', false))) {
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => {
      onProgress(event.lengthComputable ? event.loaded / event.total : null);
    };
    xhr.onload = () => {
      const parsed = parseBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(schema.parse(parsed));
        } catch (invalid) {
          reject(invalid instanceof Error ? invalid : new Error(String(invalid)));
        }
        return;
      }
      if (xhr.status === 401) onUnauthenticated?.();
      reject(errorFrom(xhr.status, parsed, xhr.getResponseHeader('retry-after')));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network', null, null));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}

/** Whether an error is the abort of a request that is no longer wanted. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** `/api/m/lovisa/2023` and friends, with each part escaped. */
export function apiPath(...parts: (string | number)[]): string {
  return `/api/${parts.map((p) => encodeURIComponent(String(p))).join('/')}`;
}

/**
 * The `?period=YYYY-MM` a unit's content is written with (narratives, workflow actions, key
 * goals' assessment): the page's reporting period when it is an interim one (1–11: the interim
 * report's own texts, goals and workflow), '' for the year's.
 */
export function periodQuery(year: number, period: number): string {
  return period >= 1 && period < 12
    ? query({ period: `${year}-${String(period).padStart(2, '0')}` })
    : '';
}

/** A query string from the given values, leaving out empty ones: `?a=1&b=x`. */
export function query(
  values: Record<string, string | number | boolean | null | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '' || value === false) continue;
    params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
