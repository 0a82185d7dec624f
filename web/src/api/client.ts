/** The API client: JSON, the CSRF token on writes, If-Match on updates, problem+json as errors. */
export type FieldError = { field: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
  /** Validation messages keyed by field, for Mantine forms (`rules[2].unitId` as Mantine's `rules.2.unitId`). */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.errors.map((e) => [e.field.replace(/\[(\d+)\]/g, '.$1'), e.message]));
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  if (token !== csrfToken) copies.clear(); // another session: nothing of the last one is kept
  csrfToken = token;
};

/**
 * Answers the server tagged with a weak ETag (the Partner 360, a partner's first timeline page),
 * kept in memory only, never in the browser's disk cache (the server says no-store): asked
 * again, the request carries If-None-Match and a 304 reuses the copy without its body.
 */
const copies = new Map<string, { tag: string; data: unknown }>();
const MAX_COPIES = 100;

function keepCopy(path: string, tag: string, data: unknown) {
  copies.delete(path);
  if (copies.size >= MAX_COPIES) copies.delete(copies.keys().next().value!);
  copies.set(path, { tag, data });
}

/** The CSRF header every write carries. */
export const csrfHeader = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

export type Page<T> = { items: T[]; nextCursor: string | null };

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  options: { version?: number; idempotencyKey?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  // A FormData body (a file upload) sets its own multipart type and boundary.
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.version !== undefined) headers['if-match'] = `"v${options.version}"`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const copy = method === 'GET' ? copies.get(path) : undefined;
  if (copy) headers['if-none-match'] = copy.tag;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  if (response.status === 304 && copy) return copy.data as T;
  const data = await response.json().catch(() => ({}));
  const tag = response.headers.get('etag');
  if (method === 'GET' && response.ok && tag?.startsWith('W/')) keepCopy(path, tag, data);
  if (!response.ok) {
    const problem = data as { detail?: string; errors?: FieldError[] };
    const message =
      response.status === 412
        ? 'Someone else changed this record while you were editing. Reload it and make your change again.'
        : (problem.detail ?? `The server answered ${response.status}`);
    throw new ApiError(response.status, message, problem.errors ?? []);
  }
  return data as T;
}

/** Query-string from an object, skipping empty values. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
}
