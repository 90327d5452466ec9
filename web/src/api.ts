/**
 * The dashboard’s only way to data: requests to the salesops HTTP API with the signed-in user's bearer token.
 * Every failure is an ApiError with the API's own message and located problems (docs/api.md, "Errors"), so a
 * page can say what went wrong and how to fix it.
 * @module
 */

export interface Problem {
  readonly message: string;
  readonly where: string | null;
  readonly fix: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: readonly Problem[],
  ) {
    super(message);
  }
}

interface ErrorBody {
  readonly error?: { status?: number; message?: string; problems?: Problem[] };
}

/** Query parameters, leaving out the empty ones (the API then uses its default). */
export function query(parameters: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A request to the API as the signed-in user; the answer's JSON, or an ApiError with the API's message. */
async function apiRequest<T>(
  path: string,
  token: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal | undefined } = {},
): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(0, 'the salesops server did not answer', [
      {
        message: 'the request did not reach the server',
        where: null,
        fix: 'check that salesops serve is running',
      },
    ]);
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = (body as ErrorBody | null)?.error;
    throw new ApiError(
      response.status,
      error?.message ?? `the server answered ${response.status}`,
      error?.problems ?? [],
    );
  }
  return body as T;
}

export function apiGet<T>(path: string, token: string, signal?: AbortSignal): Promise<T> {
  return apiRequest<T>(path, token, { signal });
}

export function apiPost<T>(path: string, token: string, body: unknown): Promise<T> {
  return apiRequest<T>(path, token, { method: 'POST', body });
}
