import { describe, expect, it } from 'vitest';
import { ApiError, toApiError, unwrap } from './errors';

const response = (status: number) => new Response(null, { status });

describe('unwrap', () => {
  it('returns the data of a successful call', async () => {
    await expect(unwrap(Promise.resolve({ data: { ok: 1 }, response: response(200) }))).resolves.toEqual({ ok: 1 });
  });

  it('throws the server message and code of the documented error shape', async () => {
    const error = { error: { code: 'AUTH_REQUIRED', message: '请先登录', details: null } };
    const thrown = await unwrap(Promise.resolve({ error, response: response(401) })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ status: 401, code: 'AUTH_REQUIRED', message: '请先登录', signInRequired: true });
  });

  it('reports an unreachable server as status 0', async () => {
    const thrown = await unwrap(Promise.reject(new TypeError('fetch failed'))).catch((e: unknown) => e);
    expect(thrown).toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('copes with a body that is not the error shape (a proxy page)', () => {
    expect(toApiError(502, '<html>Bad Gateway</html>')).toMatchObject({ status: 502, code: 'HTTP_502', message: '' });
  });
});
