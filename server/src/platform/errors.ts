import { Type } from 'typebox';

export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

interface ErrorSpec {
  status: number;
  'zh-CN': string;
  'en-US': string;
}

const catalog = new Map<string, ErrorSpec>();

/**
 * A failure the user should understand: a stable code for programs, a status, and a message in
 * the user's language. Messages take {named} parameters from `params`.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: Record<string, string | number> = {},
    readonly details: unknown = null,
  ) {
    super(`${code}: ${render(catalog.get(code)?.['en-US'] ?? code, params)}`);
  }

  messageIn(locale: Locale): string {
    const spec = catalog.get(this.code);
    return spec ? render(spec[locale], this.params) : this.code;
  }
}

type Factory = (params?: Record<string, string | number>, details?: unknown) => AppError;

/** Each module declares its errors once, with both languages; the catalog is global. */
export function defineErrors<const T extends Record<string, ErrorSpec>>(specs: T): { [K in keyof T]: Factory } {
  const out: Record<string, Factory> = {};
  for (const [code, spec] of Object.entries(specs)) {
    if (catalog.has(code) && catalog.get(code) !== spec) throw new Error(`error code ${code} defined twice`);
    catalog.set(code, spec);
    out[code] = (params = {}, details = null) => new AppError(code, spec.status, params, details);
  }
  return out as { [K in keyof T]: Factory };
}

export function messageFor(code: string, locale: Locale, params: Record<string, string | number> = {}): string {
  const spec = catalog.get(code);
  return spec ? render(spec[locale], params) : code;
}

export function errorCodes(): string[] {
  return [...catalog.keys()];
}

function render(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Picks zh-CN or en-US from an Accept-Language header, honouring q-values; zh-CN when nothing fits. */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag = '', ...attrs] = part.trim().split(';');
      const q = attrs.map((a) => a.trim()).find((a) => a.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((x) => x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en-US';
  }
  return DEFAULT_LOCALE;
}

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable machine-readable code' }),
      message: Type.String({ description: "in the caller's language (Accept-Language: zh-CN or en-US)" }),
      details: Type.Unknown(),
    }),
  },
  { description: 'Every error of the CivicGrid API' },
);

/** Errors of the platform itself; modules define their own next to their code. */
export const PlatformErrors = defineErrors({
  VALIDATION_FAILED: { status: 400, 'zh-CN': '请求内容不符合要求', 'en-US': 'The request is not valid' },
  MALFORMED_BODY: {
    status: 400,
    'zh-CN': '请求体无法解析:{reason}',
    'en-US': 'The request body cannot be parsed: {reason}',
  },
  BAD_REQUEST: { status: 400, 'zh-CN': '请求有误:{reason}', 'en-US': 'Bad request: {reason}' },
  AUTH_REQUIRED: { status: 401, 'zh-CN': '请先登录', 'en-US': 'Please sign in first' },
  FORBIDDEN: { status: 403, 'zh-CN': '您没有权限执行此操作', 'en-US': 'You are not allowed to do this' },
  OUT_OF_SCOPE: {
    status: 403,
    'zh-CN': '该数据不在您的管辖范围内',
    'en-US': 'This record is outside the area you are responsible for',
  },
  NOT_FOUND: { status: 404, 'zh-CN': '未找到{what}', 'en-US': '{what} not found' },
  ROUTE_NOT_FOUND: { status: 404, 'zh-CN': '接口不存在:{method} {url}', 'en-US': 'No such endpoint: {method} {url}' },
  METHOD_NOT_ALLOWED: { status: 405, 'zh-CN': '不支持该请求方法', 'en-US': 'Method not allowed' },
  CONFLICT: { status: 409, 'zh-CN': '操作冲突:{reason}', 'en-US': 'Conflict: {reason}' },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    'zh-CN': '相同幂等键的请求正在处理,请稍后重试',
    'en-US': 'A request with this Idempotency-Key is still being processed; retry shortly',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    'zh-CN': '幂等键已用于另一个不同的请求',
    'en-US': 'This Idempotency-Key was already used for a different request',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    'zh-CN': '提交的内容过大(上限 {limit})',
    'en-US': 'The content is too large (limit {limit})',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    'zh-CN': '不支持的内容类型:{type}',
    'en-US': 'Unsupported content type: {type}',
  },
  RATE_LIMITED: {
    status: 429,
    'zh-CN': '请求过于频繁,请在 {retryAfter} 秒后重试',
    'en-US': 'Too many requests; try again in {retryAfter} seconds',
  },
  SERVICE_UNAVAILABLE: { status: 503, 'zh-CN': '服务暂不可用:{reason}', 'en-US': 'Service unavailable: {reason}' },
  INTERNAL: {
    status: 500,
    'zh-CN': '服务器内部错误,请联系管理员(请求编号 {requestId})',
    'en-US': 'Internal error; please contact the administrator (request {requestId})',
  },
});
