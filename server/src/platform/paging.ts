import { type Static, type TProperties, type TSchema, Type } from 'typebox';

/**
 * The one convention for lists: `page` (from 1), `pageSize` (1–200, default 20), `sort` as a
 * comma-separated list of fields, `-` for descending (`sort=-createdAt,key`); filters are plain named
 * query parameters documented per route. Responses are `{ items, page, pageSize, total }`.
 */
export function PageQuery<const F extends string, P extends TProperties = TProperties>(
  sortFields: readonly F[],
  filters?: P,
) {
  const pattern = `^-?(${sortFields.join('|')})(,-?(${sortFields.join('|')}))*$`;
  return Type.Object(
    {
      page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
      pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
      sort: Type.Optional(Type.String({ pattern, maxLength: 200, description: `fields: ${sortFields.join(', ')}` })),
      ...((filters ?? {}) as P),
    },
    { additionalProperties: false },
  );
}

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    total: Type.Integer(),
  });
}

export interface PageRequest<F extends string = string> {
  page: number;
  pageSize: number;
  sort: { field: F; descending: boolean }[];
}

export function pageRequest<F extends string>(
  q: { page?: number; pageSize?: number; sort?: string },
  fallback: string,
): PageRequest<F> {
  const sort = (q.sort ?? fallback)
    .split(',')
    .filter(Boolean)
    .map((s) => ({ field: s.replace(/^-/, '') as F, descending: s.startsWith('-') }));
  return { page: q.page ?? 1, pageSize: q.pageSize ?? 20, sort };
}

export type PageOf<T> = { items: T[]; page: number; pageSize: number; total: number };
export type PageQueryOf<T extends TSchema> = Static<T>;
