/**
 * A failed API call. `message` is the server's message, already in the user's language
 * (the client sends Accept-Language); it is empty when the server could not be reached.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    /** Stable machine code from the server (`AUTH_REQUIRED`, `FORBIDDEN`…), or `NETWORK`/`HTTP_<status>`. */
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }

  get signInRequired(): boolean {
    return this.status === 401;
  }

  get forbidden(): boolean {
    return this.status === 403;
  }
}

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Turns whatever came back (the documented error shape, a proxy's HTML page, nothing) into an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body.error.code, body.error.message, body.error.details ?? null);
  return new ApiError(status, `HTTP_${status}`, '');
}

/** The shape openapi-fetch resolves to: `data` on success, `error` (the parsed body) otherwise. */
interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError.
 * Abort errors are rethrown untouched so callers can ignore superseded requests.
 */
export async function unwrap<R extends FetchResult>(pending: Promise<R>): Promise<Exclude<R['data'], undefined>> {
  let result: R;
  try {
    result = await pending;
  } catch (cause) {
    if (isAbortError(cause)) throw cause;
    throw new ApiError(0, 'NETWORK', '');
  }
  if (result.error !== undefined || !result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as Exclude<R['data'], undefined>;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
