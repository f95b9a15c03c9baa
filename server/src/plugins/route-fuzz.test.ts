/**
 * Route fuzzing: walks every operation of the OpenAPI document (so routes added later are fuzzed
 * without touching this file) with missing or bad credentials, malformed and wrongly typed input,
 * unknown fields, huge and hostile values, and random valid-looking requests generated from the
 * schemas. Every response must be below 500; every 4xx outside external-standard paths must be the
 * platform's `{error:{code,message,details}}` in the language asked for. All failures of a route are
 * collected and reported together.
 *
 * Deterministic: CIVICGRID_FUZZ_SEED=<n> replays a run (default fixed; `random` picks one and prints it).
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createTestApp, TEST_ENGINE, type TestApp } from '../../test/app.ts';
import {
  CJK,
  createRng,
  deepArray,
  deepObject,
  FORMAT_EDGES,
  foreignCjk,
  formData,
  formPart,
  type GenContext,
  generate,
  HOSTILE_NUMBERS,
  HOSTILE_STRINGS,
  hash32,
  type JsonSchema,
  MULTIPART_TYPE,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  type Rng,
  randomUuid,
  schemaType,
  TINY_PNG,
  toJsonText,
  wrongTypeValues,
} from '../../test/fuzz.ts';
import { injectOnce, isEventStreamOperation } from '../../test/sse.ts';
import { messageFor } from '../platform/errors.ts';

const SEED =
  process.env.CIVICGRID_FUZZ_SEED === 'random'
    ? randomInt(1, 2 ** 31)
    : Number.parseInt(process.env.CIVICGRID_FUZZ_SEED ?? '20260302', 10);
if (!Number.isSafeInteger(SEED)) throw new Error('CIVICGRID_FUZZ_SEED must be an integer or "random"');
/** Cases per route (each sent once per language); CIVICGRID_FUZZ_CASES raises it for a deeper run. */
const MAX_CASES_PER_ROUTE = Number(process.env.CIVICGRID_FUZZ_CASES ?? 60);
const LANGUAGES = ['en-US', 'zh-CN'] as const;
/** Random valid-looking requests tried per route (until one is accepted) before the hostile cases. */
const PROBES_PER_BODY_ROUTE = 40;
const PROBES_PER_ROUTE = 5;
const UPLOAD_MAX_BYTES = 256 * 1024;
const BODY_LIMIT = 1024 * 1024;
/** Routes that accept bodies above BODY_LIMIT. */
const LARGE_BODY_ROUTES = new Set(['POST /api/grids/import']);
const REQUEST_TIMEOUT_MS = 15_000;
/** CIVICGRID_FUZZ_VERBOSE=1 lists every case and its answer. */
const VERBOSE = Boolean(process.env.CIVICGRID_FUZZ_VERBOSE);

interface FuzzCase {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** undefined: the operator's token; null: no Authorization header; a string: that header. */
  authorization?: string | null;
  /** Acceptable statuses beyond "below 500", when the case has a definite answer. */
  expect?: number[];
  essential?: boolean;
  /** The operation answers with an endless event stream: read its first bytes, then hang up. */
  stream?: boolean;
}

let t0: TestApp;
let doc: OpenApiDocument;
let operatorAuth: string;
const harvested = new Map<string, string[]>();
const structures: unknown[] = [];
const crashes: string[] = [];
const onUncaught = (err: unknown) => crashes.push(`uncaughtException: ${(err as Error)?.stack ?? String(err)}`);
const onUnhandled = (err: unknown) => crashes.push(`unhandledRejection: ${(err as Error)?.stack ?? String(err)}`);

before(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUnhandled);
  t0 = await createTestApp({
    // Public routes are rate limited per client; the fuzzer is one client sending hundreds of requests.
    settings: { publicRateLimitPerMinute: 1_000_000, uploadMaxBytes: UPLOAD_MAX_BYTES },
  });
  doc = t0.app.swagger() as unknown as OpenApiDocument;
  operatorAuth = t0.operator.authorization ?? '';
});

after(async () => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUnhandled);
  await t0?.close();
});

// ---------------------------------------------------------------- generation

function resolver(schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let hops = 0; s.$ref && hops < 10; hops++) {
    const name = s.$ref.replace(/^#\/components\/schemas\//, '');
    const target = doc.components?.schemas?.[name];
    if (!target) break;
    const { $ref: _ref, ...rest } = s;
    s = { ...target, ...rest };
  }
  return s;
}

function keepStructure(value: object): void {
  if (JSON.stringify(value).length > 2_000) return;
  structures.push(value);
  if (structures.length > 200) structures.shift();
}

/** Remembers the strings (by property name) and small objects of a response, for the generator. */
function harvest(value: unknown, key = '', depth = 0): void {
  if (depth > 6) return;
  if (typeof value === 'string') {
    if (!key || value.length > 200) return;
    const list = harvested.get(key) ?? [];
    if (!list.includes(value)) list.push(value);
    if (list.length > 50) list.shift(); // the newest values (ids just created) are the most useful
    harvested.set(key, list);
  } else if (Array.isArray(value)) {
    if (value.length > 0) keepStructure(value);
    for (const v of value.slice(0, 50)) harvest(v, key, depth + 1);
  } else if (value && typeof value === 'object') {
    // JSON Schemas in responses (a setting's schema) are full of words like "object" and "string".
    if (key === 'schema' || '$schema' in value || ('type' in value && 'properties' in value)) return;
    keepStructure(value);
    for (const [k, v] of Object.entries(value)) harvest(v, k, depth + 1);
  }
}

/** The object schema of a body (the first object branch of a union), or null. */
function objectSchema(schema: JsonSchema): JsonSchema | null {
  const s = resolver(schema);
  if (schemaType(s) === 'object') return s;
  for (const branch of s.anyOf ?? s.oneOf ?? []) {
    const b = resolver(branch);
    if (schemaType(b) === 'object') return b;
  }
  return null;
}

function queryString(query: Record<string, string | string[]>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    for (const one of Array.isArray(v) ? v : [v]) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(one)}`);
  }
  return parts.join('&');
}

function asParam(value: unknown): string | string[] {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)));
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

interface Parts {
  /** URL-encoded path segments by parameter name. */
  path: Record<string, string>;
  query: Record<string, string | string[]>;
  /** Appended to the query string as is (already encoded or deliberately broken). */
  rawQuery?: string;
  headers: Record<string, string>;
  body?: unknown;
  /** A non-JSON body (multipart), sent unless a case sets its own payload or content type. */
  raw?: { payload: Buffer; contentType: string };
}

/**
 * A request the route accepted (found by the probe) and the body fields that must change for it to
 * be accepted again (a unique key, a date already taken). Most hostile cases start from it, so the
 * one bad value is what the route sees, deep down to the database.
 */
interface Template {
  parts: Parts;
  fresh: string[];
}

/** Random parts: path parameters, some query parameters, required headers and a body from the schemas. */
function randomParts(o: Operation, gen: GenContext): Parts {
  const path: Record<string, string> = {};
  for (const p of o.pathParams) path[p.name] = encodeURIComponent(String(generate(p.schema ?? {}, gen, p.name)));
  const query: Record<string, string | string[]> = {};
  for (const p of o.queryParams)
    if (p.required || gen.rng.chance(0.3)) query[p.name] = asParam(generate(p.schema ?? {}, gen, p.name));
  const headers: Record<string, string> = {};
  for (const p of o.headerParams) if (p.required) headers[p.name] = String(generate(p.schema ?? {}, gen, p.name));
  const body = o.body?.contentType.includes('json') ? generate(o.body.schema, gen) : undefined;
  const raw = o.body?.contentType.startsWith('multipart/')
    ? { payload: randomForm(o, gen), contentType: MULTIPART_TYPE }
    : undefined;
  return { path, query, headers, body, ...(raw ? { raw } : {}) };
}

/** The file field of a multipart operation (`format: binary`), and its other fields. */
function formFields(o: Operation): { file: string; fields: [string, JsonSchema][] } {
  const props = Object.entries(objectSchema(o.body?.schema ?? {})?.properties ?? {});
  const file = props.find(([, s]) => resolver(s).format === 'binary')?.[0] ?? props[0]?.[0] ?? 'file';
  return { file, fields: props.filter(([name]) => name !== file) };
}

/** A valid-looking form: a small file (a real PNG or some text) and values for the other fields. */
function randomForm(o: Operation, gen: GenContext, override: Record<string, Buffer | string | null> = {}): Buffer {
  const { file, fields } = formFields(o);
  const required = new Set(objectSchema(o.body?.schema ?? {})?.required ?? []);
  const parts: Buffer[] = [];
  if (override[file] !== null) {
    parts.push(
      override[file] !== undefined
        ? Buffer.from(override[file] as Buffer | string)
        : gen.rng.chance(0.8)
          ? formPart(file, TINY_PNG, 'pixel.png', 'image/png')
          : formPart(file, `fuzz ${gen.rng.int(0, 1e6)}\n`, 'note.txt', 'text/plain'),
    );
  }
  for (const [name, schema] of fields) {
    if (override[name] === null) continue;
    if (override[name] !== undefined) parts.push(formPart(name, override[name] as Buffer | string));
    else if (required.has(name) || gen.rng.chance(0.5))
      parts.push(formPart(name, String(asParam(generate(schema, gen, name)))));
  }
  return formData(...parts);
}

/** A copy of the template with its fresh body fields regenerated (random values, none seen before). */
function fromTemplate(o: Operation, template: Template, rng: Rng): Parts {
  const { raw, ...rest } = template.parts;
  // structuredClone would turn a Buffer into a plain Uint8Array; the raw body is never modified anyway.
  const parts: Parts = { ...structuredClone(rest), ...(raw ? { raw } : {}) };
  if (template.fresh.length > 0) {
    const body = objectOrEmpty(parts.body);
    const props = objectSchema(o.body?.schema ?? {})?.properties ?? {};
    const gen: GenContext = { rng, resolve: resolver, harvested: new Map(), structures };
    for (const f of template.fresh) body[f] = generate(props[f] ?? {}, gen, f);
    parts.body = body;
  }
  return parts;
}

type Extra = Omit<FuzzCase, 'name' | 'method' | 'url' | 'headers'> & { contentType?: string | null };

function buildCase(o: Operation, name: string, parts: Parts, extra: Extra = {}): FuzzCase {
  let url = o.path.replace(/\{([^}]+)\}/g, (_m, n: string) => parts.path[n] ?? 'x');
  const qs = [queryString(parts.query), parts.rawQuery ?? ''].filter(Boolean).join('&');
  if (qs) url += `?${qs}`;
  const headers = { ...parts.headers };
  const { contentType, ...rest } = extra;
  let payload = rest.payload;
  let type = contentType;
  if (payload === undefined && contentType === undefined && parts.raw) {
    payload = parts.raw.payload;
    type = parts.raw.contentType;
  }
  if (payload === undefined && parts.body !== undefined) payload = toJsonText(parts.body);
  if (type === undefined) type = payload !== undefined ? 'application/json' : null;
  if (type) headers['content-type'] = type;
  return {
    ...rest,
    name,
    method: o.method,
    url,
    headers,
    ...(payload !== undefined ? { payload } : {}),
    ...(isEventStreamOperation(o.op) ? { stream: true } : {}),
  };
}

/** The hostile cases of an operation. */
function casesFor(o: Operation, rng: Rng, template: Template | null, budget: number): FuzzCase[] {
  const gen: GenContext = { rng, resolve: resolver, harvested, structures };
  const secured = o.secured;
  const hasBody = o.body !== null;
  const json = o.body?.contentType.includes('json') ?? false;
  const multipart = o.body?.contentType.startsWith('multipart/') ?? false;
  const base = (): Parts => (template && rng.chance(0.85) ? fromTemplate(o, template, rng) : randomParts(o, gen));
  const cases: FuzzCase[] = [];
  const add = (name: string, parts: Parts, extra: Extra = {}) => cases.push(buildCase(o, name, parts, extra));

  // --- authentication (before anything else is looked at)
  const authCases: [string, string | null][] = [
    ['auth:none', null],
    ['auth:bad-bearer', 'Bearer not-the-operator-token'],
  ];
  if (secured) {
    authCases.push(
      ['auth:wrong-scheme', 'Basic b3BlcmF0b3I6cGFzc3dvcmQ='],
      ['auth:empty-bearer', 'Bearer '],
      ['auth:token-plus-suffix', `${operatorAuth}x`],
      ['auth:lowercase-scheme', operatorAuth.replace(/^Bearer/, 'bearer')],
      ['auth:huge-token', `Bearer ${'a'.repeat(10_000)}`],
    );
  }
  for (const [name, authorization] of authCases) {
    add(name, base(), { authorization, essential: true, ...(secured ? { expect: [401] } : {}) });
  }

  // --- path parameters
  for (const p of o.pathParams) {
    const schema = resolver(p.schema ?? {});
    const withPath = (segment: string): Parts => {
      const b = base();
      return { ...b, path: { ...b.path, [p.name]: segment } };
    };
    const notFound = hasBody ? undefined : [404];
    const values: [string, string, boolean, number[]?][] = [
      ['word', 'abc', false],
      ['traversal', '../../etc/passwd', true],
      ['traversal-encoded', '..%2F..%2Fetc%2Fpasswd', false],
      ['nul', '%00', true],
      ['bad-percent-encoding', '%', true],
      ['invalid-utf8', '%C3%28', false],
      ['long-10k', 'a'.repeat(10_000), true],
      ['emoji', encodeURIComponent('😀'), false],
      ['rtl', encodeURIComponent('\u202E1\u202C'), false],
      ['negative', '-1', false],
      ['huge-number', '9'.repeat(400), false],
      ['sql', encodeURIComponent("1' OR '1'='1"), false],
    ];
    if (schema.format === 'uuid') {
      values.push(
        ['unknown-uuid', randomUuid(rng), true, notFound],
        ['nil-uuid', '00000000-0000-0000-0000-000000000000', false, notFound],
        ['uppercase-uuid', randomUuid(rng).toUpperCase(), false, notFound],
        ['urn-uuid', encodeURIComponent(`urn:uuid:${randomUuid(rng)}`), true],
        ['braced-uuid', encodeURIComponent(`{${randomUuid(rng)}}`), false],
      );
    }
    const seen = harvested.get(p.name) ?? [];
    if (seen.length > 0) values.push(['existing', encodeURIComponent(rng.pick(seen)), true]);
    for (const [name, segment, essential, expect] of values) {
      add(`path:${p.name}:${name}`, withPath(segment), { essential, ...(expect ? { expect } : {}) });
    }
  }

  // --- query parameters
  if (o.queryParams.length > 0 || o.method === 'GET') {
    add('query:unknown-param', { ...base(), rawQuery: 'zzFuzzUnknown=1' }, { essential: true });
    add('query:prototype-keys', { ...base(), rawQuery: '__proto__=1&constructor=2&__proto__[polluted]=3' });
    add('query:huge-querystring', { ...base(), rawQuery: `zzFuzz=${'q'.repeat(100_000)}` });
    add('query:broken-encoding', { ...base(), rawQuery: 'a=%&b=%E0%A4%A' });
  }
  for (const p of o.queryParams) {
    const schema = resolver(p.schema ?? {});
    const type = schemaType(schema);
    const withQuery = (value: string | string[] | undefined): Parts => {
      const b = base();
      const query = { ...b.query };
      if (value === undefined) delete query[p.name];
      else query[p.name] = value;
      return { ...b, query };
    };
    if (p.required) add(`query:${p.name}:missing`, withQuery(undefined), { expect: [400], essential: true });
    const values: [string, string | string[]][] = [
      ['empty', ''],
      ['repeated', ['1', '2']],
      ['long-10k', 'x'.repeat(10_000)],
      ['nul', '\u0000'],
      ['emoji', '😀'],
    ];
    if (type === 'integer' || type === 'number') {
      values.push(
        ['word', 'abc'],
        ['fraction', '1.5'],
        ['negative', '-1'],
        ['zero', '0'],
        ['overflow', '1e400'],
        ['huge-digits', '9'.repeat(40)],
        ['hex', '0x10'],
      );
    } else if (type === 'boolean') values.push(['word', 'maybe']);
    if (schema.enum || schema.anyOf) values.push(['not-in-enum', 'zz-not-a-value']);
    for (const edge of FORMAT_EDGES[schema.format ?? ''] ?? []) values.push([`format:${edge}`, edge]);
    for (const [name, value] of values) add(`query:${p.name}:${name}`, withQuery(value));
  }

  // --- documented headers (Idempotency-Key, …)
  for (const p of o.headerParams) {
    const withHeader = (value: string): Parts => {
      const b = base();
      return { ...b, headers: { ...b.headers, [p.name]: value } };
    };
    add(`header:${p.name}:empty`, withHeader(''));
    add(`header:${p.name}:long`, withHeader('k'.repeat(300)));
    add(`header:${p.name}:latin1`, withHeader('clé-é'));
    add(`header:${p.name}:spaces`, withHeader('  a b  '));
    // The same value with two different bodies: for Idempotency-Key the second must be refused (422), not crash.
    add(`header:${p.name}:reuse-1`, withHeader(`fuzz-${SEED}`), { essential: true });
    add(`header:${p.name}:reuse-2`, withHeader(`fuzz-${SEED}`), { essential: true });
  }

  // --- bodies
  if (o.body && json) {
    const B = (body: unknown): Parts => ({ ...base(), body });
    const raw = (payload: string, contentType: string | null = 'application/json') => ({ payload, contentType });
    const validText = () => toJsonText(base().body ?? {});
    add('body:malformed-json', base(), { ...raw('{"unterminated": '), expect: [400], essential: true });
    add('body:trailing-garbage', base(), { ...raw(`${validText()} trailing`), expect: [400], essential: true });
    add('body:single-quotes', base(), { ...raw("{'a': 1}"), expect: [400] });
    add('body:empty-json', base(), { ...raw(''), expect: [400], essential: true });
    add('body:absent', { ...base(), body: undefined }, { contentType: null, expect: [400, 415], essential: true });
    add('body:text-plain', base(), { ...raw(validText(), 'text/plain'), expect: [400, 415], essential: true });
    add('body:xml', base(), { ...raw('<a>1</a>', 'application/xml'), expect: [415], essential: true });
    add('body:form-urlencoded', base(), { ...raw('a=1&b=2', 'application/x-www-form-urlencoded'), expect: [415] });
    add('body:multipart-instead', base(), {
      ...raw(
        '--X\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--X--\r\n',
        'multipart/form-data; boundary=X',
      ),
      expect: [400, 406, 415],
      essential: true,
    });
    add('body:charset-utf16', base(), { ...raw(validText(), 'application/json; charset=utf-16') });
    add('body:bom', base(), { ...raw(`\uFEFF${validText()}`) });
    add('body:array', B([base().body]), { expect: [400], essential: true });
    add('body:number', B(42), { expect: [400], essential: true });
    add('body:null', B(null), { expect: [400], essential: true });
    add('body:string', B('text'), { expect: [400] });
    add('body:boolean', B(true), { expect: [400] });
    add('body:proto-pollution', base(), {
      ...raw('{"__proto__": {"polluted": true}}'),
      expect: [400],
      essential: true,
    });
    add('body:constructor-prototype', base(), {
      ...raw('{"constructor": {"prototype": {"polluted": true}}}'),
      expect: [400],
    });
    add('body:huge-1.2MB', B({ ...objectOrEmpty(base().body), zzHuge: 'x'.repeat(BODY_LIMIT + 200_000) }), {
      // Routes with a larger limit (GeoJSON imports) read it and refuse the unknown field instead.
      expect: LARGE_BODY_ROUTES.has(`${o.method} ${o.path}`) ? [400] : [413],
      essential: true,
    });
    add('body:deep-object-10k', B(deepObject(10_000)), { essential: true });
    add('body:deep-array-100k', B(deepArray(100_000)), { essential: true });

    const obj = objectSchema(o.body.schema);
    if (obj) {
      const closed = obj.additionalProperties === false;
      const withField = (field: string, value: unknown): Parts => {
        const b = base();
        return { ...b, body: { ...objectOrEmpty(b.body), [field]: value } };
      };
      add('body:unknown-field', withField('zzFuzzUnknown', 1), {
        essential: true,
        ...(closed ? { expect: [400] } : {}),
      });
      add('body:unknown-field-deep', withField('zzFuzzDeep', deepObject(2_000)));
      for (const [field, propIn] of Object.entries(obj.properties ?? {})) {
        const prop = resolver(propIn);
        const type = schemaType(prop);
        const anything = !type && !prop.anyOf && !prop.oneOf && !prop.enum && prop.const === undefined;
        if ((obj.required ?? []).includes(field)) {
          const b = base();
          const { [field]: _gone, ...rest } = objectOrEmpty(b.body);
          add(`body:${field}:missing`, { ...b, body: rest }, { expect: [400], essential: true });
        }
        // One wrong type per field always runs; the others compete for the remaining cases.
        for (const [i, v] of wrongTypeValues(prop).entries()) {
          add(`body:${field}:wrong-type-${i}`, withField(field, v), { essential: i === 0 });
        }
        if (type === 'string' || anything || prop.anyOf || prop.oneOf) {
          for (const s of HOSTILE_STRINGS) add(`body:${field}:string:${s.name}`, withField(field, s.value));
          add(`body:${field}:string:200k`, withField(field, 'y'.repeat(200_000)));
        }
        if (type === 'integer' || type === 'number' || anything) {
          for (const n of HOSTILE_NUMBERS) add(`body:${field}:number:${n.name}`, withField(field, n.value));
        }
        if (type === 'object' || type === 'array' || anything) {
          add(`body:${field}:deep-object`, withField(field, deepObject(5_000)));
          add(`body:${field}:hostile-keys`, withField(field, hostileKeys()));
        }
        for (const edge of FORMAT_EDGES[prop.format ?? ''] ?? [])
          add(`body:${field}:format:${edge}`, withField(field, edge));
        for (const branch of prop.anyOf ?? prop.oneOf ?? []) {
          for (const edge of FORMAT_EDGES[resolver(branch).format ?? ''] ?? []) {
            add(`body:${field}:format:${edge}`, withField(field, edge));
          }
        }
      }
    }
  } else if (o.body && multipart) {
    multipartCases(o, base, add, gen);
  } else if (o.body) {
    const type = o.body.contentType;
    add('body:declared-type-garbage', base(), {
      payload: '\u0000\u0001garbage\uFFFF',
      contentType: type,
      essential: true,
    });
    add('body:declared-type-empty', base(), { payload: '', contentType: type, essential: true });
    add('body:json-instead', base(), { payload: '{"a":1}', contentType: 'application/json', essential: true });
    add('body:huge', base(), { payload: 'x'.repeat(BODY_LIMIT + 200_000), contentType: type, essential: true });
  } else if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(o.method)) {
    // No body documented: whatever arrives must still be refused or ignored cleanly.
    add('body:unexpected-json', base(), { payload: '{"zzFuzz": 1}', contentType: 'application/json', essential: true });
    add('body:unexpected-malformed', base(), { payload: '{"zz', contentType: 'application/json', essential: true });
    add('body:unexpected-text', base(), { payload: 'hello', contentType: 'text/plain' });
    add('body:unexpected-xml', base(), { payload: '<a/>', contentType: 'application/xml', essential: true });
    add('body:unexpected-huge', base(), {
      payload: `"${'x'.repeat(BODY_LIMIT + 1000)}"`,
      contentType: 'application/json',
      essential: true,
    });
    add('body:unexpected-multipart', base(), {
      payload: '--X\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhi\r\n--X--\r\n',
      contentType: 'multipart/form-data; boundary=X',
    });
  }

  return cap(cases, rng, budget);
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function hostileKeys(): Record<string, unknown> {
  return { '': 1, '\u0000': 2, '😀': 3, ['k'.repeat(5_000)]: 4, 'a.b': 5, $where: 6, 'constructor ': 7 };
}

function multipartCases(
  o: Operation,
  base: () => Parts,
  add: (name: string, parts: Parts, extra?: Extra) => void,
  gen: GenContext,
): void {
  const { file, fields } = formFields(o);
  const form = (override: Record<string, Buffer | string | null>) => randomForm(o, gen, override);
  const upload = (name: string, payload: Buffer | string, extra: Extra = {}) =>
    add(`multipart:${name}`, base(), { payload, contentType: MULTIPART_TYPE, ...extra });

  add('multipart:json-instead', base(), {
    payload: '{"a":1}',
    contentType: 'application/json',
    expect: [400, 406, 415],
    essential: true,
  });
  add('multipart:text-plain', base(), {
    payload: 'hello',
    contentType: 'text/plain',
    expect: [400, 406, 415],
    essential: true,
  });
  add('multipart:absent', base(), { contentType: null, essential: true });
  add('multipart:no-boundary', base(), { payload: form({}), contentType: 'multipart/form-data', essential: true });
  add('multipart:garbage-boundary', base(), {
    payload: form({}),
    contentType: 'multipart/form-data; boundary="\u00ff;;=="',
    essential: true,
  });
  add('multipart:huge-boundary', base(), {
    payload: form({}),
    contentType: `multipart/form-data; boundary=${'b'.repeat(5_000)}`,
  });
  upload('empty', formData(), { essential: true });
  upload('zero-bytes', '', { essential: true });
  upload('garbage-body', Buffer.from('\u0000\u0001 not multipart at all'), { essential: true });
  upload('truncated', form({}).subarray(0, 70), { essential: true });
  upload('no-file', form({ [file]: null }), { essential: true });
  upload('file-as-field', form({ [file]: formPart(file, 'not a file') }));
  upload('file-too-large', form({ [file]: formPart(file, Buffer.alloc(UPLOAD_MAX_BYTES + 1024, 0x5a), 'big.bin') }), {
    expect: [413],
    essential: true,
  });
  upload(
    'too-many-files',
    formData(...Array.from({ length: 12 }, (_, i) => formPart(file, 'x', `f${i}.txt`, 'text/plain'))),
    { essential: true },
  );
  upload(
    'two-files',
    formData(formPart(file, TINY_PNG, 'a.png', 'image/png'), formPart(file, 'b', 'b.txt', 'text/plain')),
  );
  upload('empty-file', form({ [file]: formPart(file, '', 'empty.txt', 'text/plain') }), { essential: true });
  upload(
    'hostile-filename',
    form({ [file]: formPart(file, TINY_PNG, '../../etc/passwd\u0000😀\u202E.png', 'image/png') }),
    { essential: true },
  );
  upload('long-filename', form({ [file]: formPart(file, 'x', `${'n'.repeat(5_000)}.txt`, 'text/plain') }));
  upload(
    'lying-content-type',
    form({ [file]: formPart(file, Buffer.from('MZ\u0090\u0000 not a png'), 'a.png', 'image/png') }),
  );
  upload('truncated-png', form({ [file]: formPart(file, TINY_PNG.subarray(0, 30), 'cut.png', 'image/png') }), {
    essential: true,
  });
  upload(
    'png-header-garbage',
    form({
      [file]: formPart(
        file,
        Buffer.concat([TINY_PNG.subarray(0, 16), Buffer.alloc(2_000, 0xff)]),
        'bad.png',
        'image/png',
      ),
    }),
  );
  upload('gif-header-only', form({ [file]: formPart(file, 'GIF89a', 'a.gif', 'image/gif') }));
  upload(
    'jpeg-header-only',
    form({
      [file]: formPart(
        file,
        Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10, 0x45, 0x78, 0x69, 0x66]),
        'a.jpg',
        'image/jpeg',
      ),
    }),
    {
      essential: true,
    },
  );
  upload('unknown-field', form({ zzFuzzUnknown: 'x' }));
  for (const [name] of fields) {
    upload(`${name}:missing`, form({ [name]: null }));
    upload(`${name}:long`, form({ [name]: 'v'.repeat(100_000) }));
    upload(`${name}:as-file`, form({ [name]: formPart(name, 'x', 'field.txt', 'text/plain') }));
    for (const h of HOSTILE_STRINGS) upload(`${name}:string:${h.name}`, form({ [name]: h.value }));
  }
}

/** Values that most often get past validation and break storage: they go first within a target. */
const PRIORITY =
  /:format:|:string:(nul|only-nul|lone-surrogate)$|:number:(overflow-1e400|huge-digits)$|:(overflow|nul)$/;

/**
 * Keeps every essential case, then fills up to the per-route cap taking one case per target (a
 * parameter, a header, a body field) in turn, so every field gets hostile values; PRIORITY values
 * go first within a target, the rest in seeded random order.
 */
function cap(cases: FuzzCase[], rng: Rng, budget: number): FuzzCase[] {
  const keep = new Set(cases.filter((c) => c.essential));
  const groups = new Map<string, FuzzCase[]>();
  for (const c of cases) {
    if (keep.has(c)) continue;
    const target = c.name.split(':').slice(0, 2).join(':');
    groups.set(target, [...(groups.get(target) ?? []), c]);
  }
  const queues = rng.shuffle([...groups.values()]).map((g) => {
    const shuffled = rng.shuffle(g);
    return [...shuffled.filter((c) => PRIORITY.test(c.name)), ...shuffled.filter((c) => !PRIORITY.test(c.name))];
  });
  while (keep.size < budget && queues.some((q) => q.length > 0)) {
    for (const q of queues) {
      const c = q.shift();
      if (c && keep.size < budget) keep.add(c);
    }
  }
  return cases.filter((c) => keep.has(c));
}

// ---------------------------------------------------------------- sending and checking

async function send(c: FuzzCase, lang: string): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...c.headers, 'accept-language': lang };
  const authorization = c.authorization === undefined ? operatorAuth : c.authorization;
  if (authorization !== null) headers.authorization = authorization;
  const options: InjectOptions = { method: c.method as InjectOptions['method'], url: c.url, headers };
  if (c.payload !== undefined) options.payload = c.payload;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no response within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
  });
  try {
    // An event stream never ends: inject would wait for ever.
    const response = c.stream
      ? (injectOnce(t0.app, options) as unknown as Promise<LightMyRequestResponse>)
      : t0.inject(options);
    return await Promise.race([response, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function requestText(c: FuzzCase): string {
  let url = c.url;
  try {
    url = decodeURIComponent(c.url);
  } catch {
    // broken encoding on purpose
  }
  return `${url} ${typeof c.payload === 'string' ? c.payload : (c.payload?.toString('utf8') ?? '')} ${Object.values(c.headers).join(' ')}`;
}

/** The parsed body, or undefined when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const excerpt = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);

function check(
  c: FuzzCase,
  lang: string,
  res: LightMyRequestResponse,
  external: boolean,
  notes: Set<string>,
): string[] {
  const problems: string[] = [];
  const status = res.statusCode;
  if (status >= 500) problems.push(`status ${status}`);
  if (c.expect && !c.expect.includes(status)) problems.push(`expected ${c.expect.join('|')}, got ${status}`);
  if (external || status < 400 || status >= 500) return problems;

  if (!String(res.headers['content-type'] ?? '').includes('application/json')) {
    problems.push(`content-type ${String(res.headers['content-type'])}, not JSON`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    problems.push('body is not JSON');
    return problems;
  }
  const error = (parsed as { error?: unknown })?.error;
  if (!error || typeof error !== 'object') {
    problems.push('no {error:{…}} object');
    return problems;
  }
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || code === '') problems.push('error.code is not a non-empty string');
  if (typeof message !== 'string' || message.trim() === '') problems.push('error.message is not a non-empty string');
  if (!('details' in error)) problems.push('error.details missing');
  if (typeof code !== 'string' || typeof message !== 'string') return problems;
  if (messageFor(code, 'en-US') === code) problems.push(`error.code ${code} is not in the error catalog`);

  if (lang === 'en-US') {
    const foreign = foreignCjk(message, requestText(c));
    if (foreign.length > 0) problems.push(`en-US message contains CJK (${foreign.join('')}): ${excerpt(message, 120)}`);
  } else if (!CJK.test(message)) {
    if (CJK.test(messageFor(code, 'zh-CN'))) problems.push(`zh-CN message has no CJK: ${excerpt(message, 120)}`);
    else notes.add(`${code}: zh-CN catalog text has no CJK: ${message}`);
  }
  return problems;
}

// ---------------------------------------------------------------- the tests

test('fuzz every route of the OpenAPI document', async (t) => {
  const operations = operationsOf(doc);
  t.diagnostic(
    `seed ${SEED} (replay: CIVICGRID_FUZZ_SEED=${SEED}), engine ${TEST_ENGINE}, ${operations.length} operations`,
  );
  console.log(`route fuzz: seed ${SEED}, engine ${TEST_ENGINE}, ${operations.length} operations`);
  assert.ok(operations.length > 0, 'the OpenAPI document lists no operations');

  // Warm-up: what the operator can read (lists, settings, types) seeds the generator, so generated
  // requests get past "unknown id / key" and reach deeper code.
  const warm = createRng(SEED ^ 0x5eed);
  // (Event streams are left out: they never end and carry nothing to learn from.)
  for (const o of operations.filter((x) => x.method === 'GET' && !isEventStreamOperation(x.op))) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const c = buildCase(o, 'warm-up', randomParts(o, { rng: warm, resolve: resolver, harvested, structures }));
      const res = await t0.inject({ method: 'GET', url: c.url, headers: { ...c.headers, ...t0.operator } });
      if (res.statusCode !== 200) continue;
      if (String(res.headers['content-type']).includes('json')) harvest(parseJson(res.body));
      break;
    }
  }

  const notes = new Set<string>();
  let total = 0;
  const started = Date.now();
  for (const o of operations) {
    await t.test(`${o.method} ${o.path}`, async (st) => {
      const rng = createRng(SEED ^ hash32(`${o.method} ${o.path}`));
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      let sent = 0;
      /** Sends a case in every language; the statuses, in order. */
      const run = async (c: FuzzCase): Promise<number[]> => {
        const answers: number[] = [];
        sent++;
        for (const lang of LANGUAGES) {
          total++;
          let res: LightMyRequestResponse;
          try {
            res = await send(c, lang);
          } catch (err) {
            failures.push(
              `${c.method} ${excerpt(c.url, 160)} [${c.name}] ${lang}: request failed: ${(err as Error).message}`,
            );
            continue;
          }
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          answers.push(res.statusCode);
          if (VERBOSE) st.diagnostic(`${c.name} ${lang} → ${res.statusCode} ${excerpt(res.body, 160)}`);
          const problems = check(c, lang, res, o.external, notes);
          if (problems.length > 0) {
            failures.push(
              `${c.method} ${excerpt(c.url, 160)} [${c.name}] ${lang} → ${res.statusCode}: ${problems.join('; ')}\n      body: ${excerpt(res.body)}`,
            );
          }
          if (res.statusCode < 300 && c.authorization === undefined) harvest(parseJson(res.body));
        }
        return answers;
      };
      const accepted = (answers: number[]) => answers.some((s) => s >= 200 && s < 300);

      // Random valid-looking requests first (a handful of bodies where there is one); an accepted one
      // becomes the template of the hostile cases.
      let template: Template | null = null;
      const json = o.body?.contentType.includes('json') ?? false;
      if (o.body || o.pathParams.length > 0 || o.queryParams.length > 0) {
        const [minimum, maximum] = o.body ? [3, PROBES_PER_BODY_ROUTE] : [1, PROBES_PER_ROUTE];
        for (let k = 1; k <= maximum && (template === null || k <= minimum); k++) {
          // Every other attempt leaves most optional fields out: options that exclude each other are common.
          const gen: GenContext = {
            rng,
            resolve: resolver,
            harvested,
            structures,
            optionalRate: k % 2 === 0 ? 0.2 : 0.5,
          };
          const parts = randomParts(o, gen);
          const probe = buildCase(o, `${o.body ? 'body:' : ''}random-valid-${k}`, parts);
          const answers = await run(probe);
          if (template || !accepted(answers)) continue;
          template = { parts, fresh: [] };
          // Sent twice (once per language): if the repeat was refused, find a body field that makes it new again.
          const body = objectOrEmpty(parts.body);
          if (json && (answers[1] ?? 200) >= 300) {
            for (const field of rng.shuffle(Object.keys(body)).slice(0, 4)) {
              const attempt: Template = { parts, fresh: [field] };
              if (accepted(await run(buildCase(o, `body:refresh-${field}`, fromTemplate(o, attempt, rng))))) {
                template = attempt;
                break;
              }
            }
          }
        }
      }
      const probes = sent;
      const cases = casesFor(o, rng, template, MAX_CASES_PER_ROUTE);
      for (const c of cases) await run(c);
      const summary = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
      const accepting = template
        ? ` (a random request was accepted${template.fresh.length > 0 ? `; fresh: ${template.fresh.join(',')}` : ''})`
        : '';
      st.diagnostic(`${probes} random + ${sent - probes} hostile cases${accepting}: ${summary.join(' ')}`);
      assert.equal(
        failures.length,
        0,
        `${failures.length} failing requests of ${sent * LANGUAGES.length}:\n${failures.join('\n')}`,
      );
    });
  }
  for (const note of notes) t.diagnostic(note);
  t.diagnostic(`${total} requests in ${Date.now() - started} ms`);
});

test('the process survived the fuzzing and still answers', async () => {
  const health = await t0.inject({ method: 'GET', url: '/healthz' });
  assert.equal(health.statusCode, 200);
  assert.deepEqual(health.json(), { status: 'ok' });
  const ready = await t0.inject({ method: 'GET', url: '/readyz' });
  assert.equal(ready.statusCode, 200, ready.body);
  assert.deepEqual(crashes, []);
});

/** Routes as the router knows them (printRoutes tree), to catch /api routes missing from the document. */
function registeredRoutes(): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of t0.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│├└─ ]*?)([├└]── )(.*)$/u.exec(line);
    if (!m) continue;
    const depth = ((m[1] ?? '').length + 4) / 4;
    const label = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(m[3] ?? '');
    stack.length = depth - 1;
    stack.push(label?.[1] ?? '');
    const path = stack.join('').replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}');
    for (const method of (label?.[2] ?? '').split(', ').filter(Boolean)) out.push({ method, path });
  }
  return out;
}

test('every /api route declares an access rule and every creating POST documents Idempotency-Key', async () => {
  const operations = operationsOf(doc);
  const problems: string[] = [];
  const documented = new Set(operations.map((o) => `${o.method} ${o.path}`));

  const registered = registeredRoutes().filter((r) => r.path.startsWith('/api/') && r.method !== 'HEAD');
  assert.ok(registered.length > 0, 'could not read the route table');
  for (const r of registered) {
    if (!documented.has(`${r.method} ${r.path}`))
      problems.push(`${r.method} ${r.path} is not in the OpenAPI document (hidden from the fuzzer)`);
  }

  const rng = createRng(SEED);
  const gen: GenContext = { rng, resolve: resolver, harvested };
  for (const o of operations.filter((x) => x.path.startsWith('/api/'))) {
    const url = o.path.replace(/\{([^}]+)\}/g, (_m, n: string) => {
      const p = o.pathParams.find((x) => x.name === n);
      return encodeURIComponent(String(generate(p?.schema ?? {}, gen, n)));
    });
    const res = await t0.inject({
      method: o.method as InjectOptions['method'],
      url,
      headers: { 'accept-language': 'en-US' },
    });
    if (o.secured) {
      // The access plugin documents permission and authenticated routes as `security`; anonymous callers get 401.
      const code = (parseJson(res.body) as { error?: { code?: unknown } } | undefined)?.error?.code;
      if (res.statusCode !== 401 || code !== 'AUTH_REQUIRED') {
        problems.push(
          `${o.method} ${o.path}: documented as secured but anonymous call got ${res.statusCode} ${excerpt(res.body, 120)}`,
        );
      }
    } else if (res.statusCode === 401 || res.statusCode === 403 || res.headers['x-ratelimit-limit'] === undefined) {
      // Without `security` a route must be declared public, which puts it under the public rate limit.
      problems.push(
        `${o.method} ${o.path}: no security in the document, yet not a public route (status ${res.statusCode}, ` +
          `x-ratelimit-limit ${String(res.headers['x-ratelimit-limit'])})`,
      );
    }
    if (o.method === 'POST' && o.op.responses?.['201'] !== undefined) {
      const hasKey = o.headerParams.some((p) => p.name.toLowerCase() === 'idempotency-key');
      if (!hasKey) problems.push(`POST ${o.path} creates (201) but does not document the Idempotency-Key header`);
    }
  }
  assert.deepEqual(problems, []);
});
