/**
 * Building blocks of the route fuzzer (server/src/plugins/route-fuzz.test.ts): a seeded PRNG, a tiny
 * JSON-Schema-driven value generator (with a sampler for the regular expressions used in `pattern`),
 * and the walk over the OpenAPI document that turns every operation into a list of hostile requests.
 * Everything is deterministic for a given seed, so a failing case can be replayed.
 */

// ---------------------------------------------------------------- randomness

export interface Rng {
  /** [0, 1) */
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  shuffle<T>(items: readonly T[]): T[];
}

/** mulberry32: small, fast and good enough to pick test values. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    chance: (p) => next() < p,
    shuffle: <T>(items: readonly T[]) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
  };
}

/** A stable 32-bit hash (FNV-1a), to derive one generator per route from the run's seed. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// ---------------------------------------------------------------- JSON Schema / OpenAPI shapes

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  multipleOf?: number;
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
  $ref?: string;
  [extension: string]: unknown;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, unknown>;
  security?: Record<string, string[]>[];
  [extension: string]: unknown;
}

export interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

export interface Operation {
  method: string;
  /** OpenAPI path, `{name}` for parameters. */
  path: string;
  op: OpenApiOperation;
  pathParams: OpenApiParameter[];
  queryParams: OpenApiParameter[];
  headerParams: OpenApiParameter[];
  body: { contentType: string; schema: JsonSchema; required: boolean } | null;
  /** Needs an authenticated caller (the access plugin documents it as `security`). */
  secured: boolean;
  /** Follows an external standard (e.g. Open311) with its own error format: only "no 5xx" is checked. */
  external: boolean;
}

const EXTERNAL_STANDARDS = /\bopen\s?311\b/i;

export function isExternalStandard(op: OpenApiOperation): boolean {
  if ((op.tags ?? []).some((t) => EXTERNAL_STANDARDS.test(t))) return true;
  if (typeof op['x-standard'] === 'string') return true;
  return EXTERNAL_STANDARDS.test(op.description ?? '');
}

/** Every operation of the document, path-level parameters merged in. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const shared = (item.parameters as OpenApiParameter[] | undefined) ?? [];
    for (const method of HTTP_METHODS) {
      const op = item[method] as OpenApiOperation | undefined;
      if (!op) continue;
      const params = [...shared, ...(op.parameters ?? [])];
      const content = op.requestBody?.content ?? {};
      const contentType =
        Object.keys(content).find((c) => c.includes('json')) ??
        Object.keys(content).find((c) => c.startsWith('multipart/')) ??
        Object.keys(content)[0];
      out.push({
        method: method.toUpperCase(),
        path,
        op,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        headerParams: params.filter((p) => p.in === 'header' && p.name.toLowerCase() !== 'authorization'),
        body: contentType
          ? { contentType, schema: content[contentType]?.schema ?? {}, required: op.requestBody?.required ?? false }
          : null,
        secured: (op.security ?? []).length > 0,
        external: isExternalStandard(op),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- regular expressions → sample strings

type ReNode =
  | { kind: 'seq'; items: ReNode[] }
  | { kind: 'alt'; options: ReNode[] }
  | { kind: 'chars'; set: string }
  | { kind: 'repeat'; node: ReNode; min: number; max: number };

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const WORD = `${LOWER}${UPPER}${DIGITS}_`;
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

function escapeSet(c: string): string {
  switch (c) {
    case 'd':
      return DIGITS;
    case 'w':
      return WORD;
    case 's':
      return ' ';
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'D':
      return PRINTABLE.replace(/[0-9]/g, '');
    case 'W':
      return PRINTABLE.replace(/\w/g, '');
    case 'S':
      return PRINTABLE.replace(/\s/g, '');
    default:
      if (/[a-zA-Z]/.test(c)) throw new Error(`unsupported escape \\${c}`);
      return c;
  }
}

/** Parses the subset of regular expressions schemas use: classes, groups, alternation, quantifiers. */
function parseRegex(pattern: string): ReNode {
  let i = 0;
  const peek = () => pattern[i];
  const parseClass = (): ReNode => {
    i++; // [
    let negate = false;
    if (peek() === '^') {
      negate = true;
      i++;
    }
    let set = '';
    let first = true;
    while (i < pattern.length && (peek() !== ']' || first)) {
      first = false;
      let c = pattern[i++] as string;
      if (c === '\\') {
        const e = escapeSet(pattern[i++] ?? '');
        if (e.length > 1) {
          set += e;
          continue;
        }
        c = e;
      }
      if (peek() === '-' && pattern[i + 1] !== ']' && i + 1 < pattern.length) {
        i++;
        let end = pattern[i++] as string;
        if (end === '\\') end = escapeSet(pattern[i++] ?? '');
        for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) set += String.fromCharCode(code);
      } else set += c;
    }
    if (peek() !== ']') throw new Error('unterminated class');
    i++;
    if (negate) set = [...PRINTABLE].filter((c) => !set.includes(c)).join('');
    if (!set) throw new Error('empty class');
    return { kind: 'chars', set };
  };
  const parseAtom = (): ReNode => {
    const c = pattern[i] as string;
    if (c === '(') {
      i++;
      if (peek() === '?') {
        if (pattern[i + 1] !== ':') throw new Error('lookaround not supported');
        i += 2;
      }
      const node = parseAlt();
      if (peek() !== ')') throw new Error('unterminated group');
      i++;
      return node;
    }
    if (c === '[') return parseClass();
    i++;
    if (c === '\\') return { kind: 'chars', set: escapeSet(pattern[i++] ?? '') };
    if (c === '^' || c === '$') return { kind: 'seq', items: [] };
    if (c === '.') return { kind: 'chars', set: `${LOWER}${DIGITS}` };
    return { kind: 'chars', set: c };
  };
  const parseQuantified = (): ReNode => {
    const atom = parseAtom();
    let min = 1;
    let max = 1;
    const q = peek();
    if (q === '?' || q === '*' || q === '+') {
      i++;
      [min, max] = q === '?' ? [0, 1] : q === '*' ? [0, 3] : [1, 4];
    } else if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (m) {
        i += m[0].length;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] ? Number(m[3]) : min + 3;
      }
    } else return atom;
    if (peek() === '?') i++; // lazy
    return { kind: 'repeat', node: atom, min, max };
  };
  const parseSeq = (): ReNode => {
    const items: ReNode[] = [];
    while (i < pattern.length && peek() !== '|' && peek() !== ')') items.push(parseQuantified());
    return { kind: 'seq', items };
  };
  function parseAlt(): ReNode {
    const options = [parseSeq()];
    while (peek() === '|') {
      i++;
      options.push(parseSeq());
    }
    return options.length === 1 ? (options[0] as ReNode) : { kind: 'alt', options };
  }
  const node = parseAlt();
  if (i < pattern.length) throw new Error(`unexpected ${pattern[i]} at ${i}`);
  return node;
}

function renderRegex(node: ReNode, rng: Rng): string {
  switch (node.kind) {
    case 'seq':
      return node.items.map((n) => renderRegex(n, rng)).join('');
    case 'alt':
      return renderRegex(rng.pick(node.options), rng);
    case 'chars':
      return node.set[rng.int(0, node.set.length - 1)] as string;
    case 'repeat': {
      const n = rng.int(node.min, node.max);
      let s = '';
      for (let k = 0; k < n; k++) s += renderRegex(node.node, rng);
      return s;
    }
  }
}

const FALLBACK_STRINGS = [
  'a',
  'abc',
  'key-1',
  'a.b',
  'A1',
  '11',
  '1101',
  '110101',
  '110101001',
  '110101001001',
  '08:30',
  'x',
];

/** A string matching `pattern` within the length bounds, or null if none could be made. */
export function sampleRegex(
  pattern: string,
  rng: Rng,
  minLength = 0,
  maxLength = Number.POSITIVE_INFINITY,
): string | null {
  const fits = (s: string) => matchesPattern(pattern, s) && s.length >= minLength && s.length <= maxLength;
  try {
    const ast = parseRegex(pattern);
    for (let attempt = 0; attempt < 20; attempt++) {
      const s = renderRegex(ast, rng);
      if (fits(s)) return s;
    }
  } catch {
    // unsupported syntax: fall through to fixed candidates
  }
  return FALLBACK_STRINGS.find(fits) ?? null;
}

// ---------------------------------------------------------------- schema-driven values

export interface GenContext {
  rng: Rng;
  resolve(schema: JsonSchema): JsonSchema;
  /** Strings seen in successful responses, by property name: makes generated requests reach further. */
  harvested: Map<string, string[]>;
  /** Objects and arrays seen in successful responses, tried for fields that accept anything. */
  structures?: unknown[];
  /** How often an optional property is included (default 0.5). */
  optionalRate?: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function randomUuid(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[rng.int(0, 15)]).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.int(0, 3)]}${hex(3)}-${hex(12)}`;
}

export function randomDate(rng: Rng): string {
  return `${rng.int(2024, 2032)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
}

function formatValue(format: string, rng: Rng): string | null {
  switch (format) {
    case 'uuid':
      return randomUuid(rng);
    case 'date':
      return randomDate(rng);
    case 'date-time':
      return `${randomDate(rng)}T${pad(rng.int(0, 23))}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}${rng.pick(['Z', '+08:00', '-05:00'])}`;
    case 'time':
      return `${pad(rng.int(0, 23))}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}`;
    case 'email':
      return `user${rng.int(1, 999)}@example.org`;
    case 'uri':
    case 'url':
      return `https://example.org/${rng.int(1, 999)}`;
    case 'hostname':
      return 'example.org';
    case 'ipv4':
      return `192.0.2.${rng.int(1, 254)}`;
    case 'ipv6':
      return '2001:db8::1';
    default:
      return null;
  }
}

function randomWord(rng: Rng, min: number, max: number): string {
  const n = rng.int(min, max);
  let s = '';
  for (let k = 0; k < n; k++) s += `${LOWER}${DIGITS}`[rng.int(0, 35)];
  return s;
}

export function schemaType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') ?? 'null';
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

const patterns = new Map<string, RegExp | null>();

/** Tests a schema pattern (as ajv does, with the `u` flag when it compiles with it). */
export function matchesPattern(pattern: string, s: string): boolean {
  if (!patterns.has(pattern)) {
    let re: RegExp | null = null;
    for (const flags of ['u', '']) {
      try {
        re = new RegExp(pattern, flags);
        break;
      } catch {
        // try without the flag
      }
    }
    patterns.set(pattern, re);
  }
  const re = patterns.get(pattern);
  return re ? re.test(s) : true;
}

const FORMAT_CHECKS: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  time: /^\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^@\s]+@[^@\s]+$/,
};

function formatOk(format: string | undefined, s: string): boolean {
  const check = format ? FORMAT_CHECKS[format] : undefined;
  return check ? check.test(s) : true;
}

function fitsString(schema: JsonSchema, s: string): boolean {
  if (schema.minLength !== undefined && s.length < schema.minLength) return false;
  if (schema.maxLength !== undefined && s.length > schema.maxLength) return false;
  if (schema.pattern && !matchesPattern(schema.pattern, s)) return false;
  if (schema.enum && !schema.enum.includes(s)) return false;
  return true;
}

/** A random value that should satisfy `schema` (simple values; deep schemas are cut short). */
export function generate(schemaIn: JsonSchema, ctx: GenContext, name = '', depth = 0): unknown {
  const { rng } = ctx;
  const schema = ctx.resolve(schemaIn);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return rng.pick(schema.enum);
  if (schema.nullable && rng.chance(0.1)) return null;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && branches.length > 0) return generate(rng.pick(branches), ctx, name, depth);
  if (schema.allOf && schema.allOf.length > 0) {
    const merged: JsonSchema = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf.map((s) => ctx.resolve(s))) {
      Object.assign(merged.properties as object, part.properties ?? {});
      merged.required?.push(...(part.required ?? []));
      if (part.additionalProperties !== undefined) merged.additionalProperties = part.additionalProperties;
    }
    return generate(merged, ctx, name, depth);
  }
  const type = schemaType(schema);
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return rng.chance(0.5);
    case 'integer':
    case 'number': {
      const exMin = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
      const exMax = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
      let lo = schema.minimum ?? (exMin !== undefined ? exMin + 1 : undefined);
      let hi = schema.maximum ?? (exMax !== undefined ? exMax - 1 : undefined);
      if (lo === undefined && hi === undefined) [lo, hi] = [0, 100];
      else if (lo === undefined) lo = Math.min(0, (hi as number) - 100);
      else if (hi === undefined) hi = lo + 100;
      // Mostly near the lower bound (pages, sizes), sometimes anywhere in the range.
      const top = rng.chance(0.7) ? Math.min(hi as number, (lo as number) + 20) : (hi as number);
      let v =
        type === 'integer'
          ? rng.int(Math.ceil(lo as number), Math.floor(top))
          : (lo as number) + rng.next() * (top - (lo as number));
      if (schema.multipleOf) v = Math.round(v / schema.multipleOf) * schema.multipleOf;
      return type === 'number' ? Math.round(v * 100) / 100 : v;
    }
    case 'string': {
      const seen = ctx.harvested.get(name)?.filter((s) => fitsString(schema, s) && formatOk(schema.format, s)) ?? [];
      if (seen.length > 0 && rng.chance(0.7)) return rng.pick(seen);
      const min = schema.minLength ?? 1;
      const max = Math.min(schema.maxLength ?? min + 12, min + 12);
      if (schema.format) {
        const v = formatValue(schema.format, rng);
        if (v !== null && fitsString({ ...schema, pattern: undefined }, v)) return v;
      }
      if (schema.pattern) {
        const v = sampleRegex(schema.pattern, rng, schema.minLength ?? 0, schema.maxLength);
        if (v !== null) return v;
      }
      return randomWord(rng, min, Math.max(min, max));
    }
    case 'array': {
      const items = Array.isArray(schema.items) ? schema.items : [schema.items ?? {}];
      const min = schema.minItems ?? 0;
      const n = depth > 4 ? min : rng.int(min, Math.min(schema.maxItems ?? min + 3, min + 3));
      return Array.from({ length: n }, (_, k) => generate(items[k % items.length] ?? {}, ctx, name, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      // Responses often look like requests: reuse the matching values of a similar object seen in a response.
      const similar =
        props.length > 0 && rng.chance(0.5)
          ? (ctx.structures ?? []).filter((v): v is Record<string, unknown> => {
              if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
              const shared = props.filter(
                ([k, p]) => k in v && fitsType(ctx.resolve(p), (v as Record<string, unknown>)[k], ctx),
              );
              return shared.length >= Math.max(2, Math.ceil(required.size / 2));
            })
          : [];
      const like = similar.length > 0 ? rng.pick(similar) : undefined;
      for (const [key, prop] of props) {
        if (like && key in like && fitsType(ctx.resolve(prop), like[key], ctx)) out[key] = structuredClone(like[key]);
        else if (required.has(key) || (depth < 4 && rng.chance(ctx.optionalRate ?? 0.5)))
          out[key] = generate(prop, ctx, key, depth + 1);
      }
      return out;
    }
    default:
      if (ctx.structures && ctx.structures.length > 0 && rng.chance(0.5))
        return structuredClone(rng.pick(ctx.structures));
      return randomJson(rng, depth);
  }
}

/** Whether a value seen in a response plausibly fits a schema (type, length, pattern, enum; not deep). */
function fitsType(schema: JsonSchema, value: unknown, ctx: GenContext): boolean {
  if (schema.const !== undefined) return value === schema.const;
  if (schema.enum) return schema.enum.includes(value);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.some((b) => fitsType(ctx.resolve(b), value, ctx));
  if (value === null)
    return (
      Boolean(schema.nullable) || schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null'))
    );
  switch (schemaType(schema)) {
    case 'string':
      return typeof value === 'string' && fitsString(schema, value) && formatOk(schema.format, value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    default:
      return true;
  }
}

/** Any JSON value, for schemas that accept anything. */
export function randomJson(rng: Rng, depth = 0): unknown {
  const kind = depth > 2 ? rng.int(0, 3) : rng.int(0, 5);
  switch (kind) {
    case 0:
      return rng.int(-5, 1000);
    case 1:
      return randomWord(rng, 1, 8);
    case 2:
      return rng.chance(0.5);
    case 3:
      return null;
    case 4:
      return Array.from({ length: rng.int(0, 3) }, () => randomJson(rng, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: rng.int(0, 3) }, () => [randomWord(rng, 1, 6), randomJson(rng, depth + 1)]),
      );
  }
}

/** Values of the wrong JSON type for `schema` (nothing when the schema accepts anything). */
export function wrongTypeValues(schema: JsonSchema): unknown[] {
  const type = schemaType(schema);
  const branches = schema.anyOf ?? schema.oneOf;
  if (!type && !branches && !schema.enum && schema.const === undefined) return [];
  switch (type) {
    case 'string':
      return [12345, true, { nested: 'object' }, ['a'], null];
    case 'integer':
      return ['abc', 1.5, true, { n: 1 }, null];
    case 'number':
      return ['abc', true, [1], null];
    case 'boolean':
      return ['maybe', 2, {}, null];
    case 'object':
      return ['text', 42, ['a'], null];
    case 'array':
      return [{ not: 'array' }, 'text', 7];
    default:
      return [{ unexpected: true }, 12345, ['x'], null];
  }
}

// ---------------------------------------------------------------- hostile values

/** Text injected where JSON text cannot hold the value (overflowing numbers, deep nesting). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify that splices RawJson values in as raw text. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return v;
  });
  return text.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_m, n: string) => raws[Number(n)] as string);
}

export function deepObject(depth: number): RawJson {
  return new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

export function deepArray(depth: number): RawJson {
  return new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
}

export const HOSTILE_STRINGS: readonly { name: string; value: string }[] = [
  { name: 'empty', value: '' },
  { name: 'blank', value: '   ' },
  { name: 'nul', value: 'a\u0000b' },
  { name: 'only-nul', value: '\u0000' },
  { name: 'control-chars', value: '\u0001\u0007\b\u001b[31m' },
  { name: 'emoji', value: '😀👨‍👩‍👧‍👦🏳️‍🌈' },
  { name: 'rtl-override', value: '\u202Eabc\u202C\u200F' },
  { name: 'arabic', value: 'مرحبا بالعالم' },
  { name: 'cjk', value: '网格治理平台' },
  { name: 'lone-surrogate', value: '\uD800x\uDFFF' },
  { name: 'bom-zero-width', value: '\uFEFF\u200B\u2060' },
  { name: 'sql', value: "'; DROP TABLE jobs; --" },
  { name: 'path-traversal', value: '../../../etc/passwd' },
  { name: 'percent', value: '%00%zz%' },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  { name: 'template', value: '${7*7}{{7*7}}#{7*7}' },
  { name: 'html', value: '<script>alert(1)</script>' },
  { name: 'numberish', value: '1e400' },
  { name: 'newlines', value: 'a\r\nb\nc' },
  { name: 'long-10k', value: 'x'.repeat(10_000) },
  { name: 'combining', value: `e${'\u0301'.repeat(500)}` },
];

export const HOSTILE_NUMBERS: readonly { name: string; value: unknown }[] = [
  { name: 'zero', value: 0 },
  { name: 'negative', value: -1 },
  { name: 'negative-zero', value: new RawJson('-0') },
  { name: 'fraction', value: 0.5 },
  { name: 'int32-overflow', value: 2 ** 31 },
  { name: 'beyond-safe-integer', value: new RawJson('9007199254740993') },
  { name: 'max-double', value: 1.7976931348623157e308 },
  { name: 'overflow-1e400', value: new RawJson('1e400') },
  { name: 'negative-overflow', value: new RawJson('-1e400') },
  { name: 'underflow', value: new RawJson('1e-400') },
  { name: 'huge-digits', value: new RawJson('9'.repeat(400)) },
];

/** Values for a `format` that pass the format check but sit at the edges of what storage accepts. */
export const FORMAT_EDGES: Record<string, readonly string[]> = {
  date: ['0000-01-01', '0001-01-01', '9999-12-31', '1900-02-28', '2024-02-29', '1969-12-31'],
  'date-time': [
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '2026-06-30T23:59:60Z',
    '2026-03-02T10:00:00+14:00',
    '2026-03-02T10:00:00.123456789Z',
    '1970-01-01T00:00:00-12:00',
  ],
  uuid: [
    '00000000-0000-0000-0000-000000000000',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    'urn:uuid:0190a9e4-1d2b-7c3d-8e4f-a1b2c3d4e5f6',
  ],
  time: ['23:59:60', '00:00:00+14:00', '24:00:00'],
  email: ['a@b', `${'x'.repeat(300)}@example.org`],
  uri: ['javascript:alert(1)', 'file:///etc/passwd'],
};

// ---------------------------------------------------------------- language

/** CJK ideographs and the full-width punctuation the zh-CN catalog uses. */
export const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/** CJK characters of `message` that do not come from the request itself (echoed input is allowed). */
export function foreignCjk(message: string, requestText: string): string[] {
  const out = new Set<string>();
  for (const ch of message) if (CJK.test(ch) && !requestText.includes(ch)) out.add(ch);
  return [...out];
}

// ---------------------------------------------------------------- multipart/form-data

export const BOUNDARY = 'FuzzBoundary7MA4YWxk';
export const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** A 1×1 PNG: the smallest real image, for upload routes that look at the content. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** One part of a form; a file part when `filename` is given. */
export function formPart(
  name: string,
  content: string | Buffer,
  filename?: string,
  type = 'application/octet-stream',
): Buffer {
  const disposition = `form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ''}`;
  const head = `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${filename !== undefined ? `Content-Type: ${type}\r\n` : ''}\r\n`;
  return Buffer.concat([
    Buffer.from(head),
    typeof content === 'string' ? Buffer.from(content) : content,
    Buffer.from('\r\n'),
  ]);
}

export function formData(...parts: Buffer[]): Buffer {
  return Buffer.concat([...parts, Buffer.from(`--${BOUNDARY}--\r\n`)]);
}
