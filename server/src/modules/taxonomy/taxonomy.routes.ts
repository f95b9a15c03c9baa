import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Locale } from '../../platform/errors.ts';
import { IdempotencyHeaders } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import {
  AtQuery,
  CategoriesQuery,
  CategoryDetail,
  CategoryList,
  CategoryParams,
  CategoryRevision,
  CategoryView,
  CodeSetList,
  CodeSetView,
  CrosswalkBody,
  CrosswalkQuery,
  CrosswalkView,
  NewCategory,
  NewCodeSet,
  RetireQuery,
  SetParams,
} from './taxonomy.schemas.ts';
import type { CategoryVersion, CategoryWithVersions, CodeSet } from './taxonomy.service.ts';

export async function taxonomyRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { taxonomy, time } = ctx;
  const tags = ['taxonomy'];
  // Reference data: whoever classifies a report or handles a case must read it.
  const signedIn = { access: { authenticated: true as const } };
  const manage = { access: { permission: 'taxonomy.manage' as const } };
  const nameIn = (row: { nameZh: string; nameEn: string }, locale: Locale) =>
    locale === 'en-US' ? row.nameEn : row.nameZh;

  const codeSetView = (row: CodeSet, locale: Locale): Static<typeof CodeSetView> => ({
    key: row.key,
    kind: row.kind,
    name: nameIn(row, locale),
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    standard: row.standard,
    active: row.active,
    createdAt: time.format(row.createdAt),
    updatedAt: time.format(row.updatedAt),
  });
  const categoryView = (row: CategoryVersion, locale: Locale): Static<typeof CategoryView> => ({
    codeSet: row.codeSet,
    code: row.code,
    parentCode: row.parentCode,
    level: row.level,
    name: nameIn(row, locale),
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    rules: row.rules,
    position: row.position,
    version: row.version,
    validFrom: row.validFrom,
    validTo: row.validTo,
    updatedAt: time.format(row.updatedAt),
    updatedBy: row.updatedBy,
  });
  const detailView = (d: CategoryWithVersions, locale: Locale): Static<typeof CategoryDetail> => ({
    ...categoryView(d.category, locale),
    versions: d.versions.map((v) => ({ version: v.version, validFrom: v.validFrom, validTo: v.validTo })),
  });
  const crosswalkView = async (from: string, code: string, to: string, codes: string[], at: string, locale: Locale) => {
    const names = new Map<string, string>();
    for (const c of codes) {
      const row = await taxonomy.categoryAt(to, c, at);
      if (row) names.set(c, nameIn(row, locale));
    }
    return { from, code, to, codes, items: codes.map((c) => ({ code: c, name: names.get(c) ?? null })) };
  };

  app.get('/api/taxonomy/code-sets', {
    config: signedIn,
    schema: {
      tags,
      summary:
        '分类代码集: the classifications in use (CJ/T 214 events and components, GB/T 47678.5 matters, 12345 demands…)',
      response: { 200: CodeSetList },
    },
    handler: async (request) => ({
      items: (await taxonomy.codeSets()).map((s) => codeSetView(s, request.locale)),
    }),
  });

  app.post('/api/taxonomy/code-sets', {
    config: { ...manage, idempotent: true },
    schema: {
      tags,
      summary: 'A new code set (a local classification, or another standard read across with a crosswalk)',
      description: '409 TAXONOMY_CODE_SET_EXISTS when the key is taken. Its categories are added next.',
      headers: IdempotencyHeaders,
      body: NewCodeSet,
      response: { 201: CodeSetView },
    },
    handler: async (request, reply) =>
      withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: codeSetView(await taxonomy.createCodeSet(request.actor, request.body, tx), request.locale),
      })),
  });

  app.get('/api/taxonomy/code-sets/:set/categories', {
    config: signedIn,
    schema: {
      tags,
      summary: 'The classes (大类) and subclasses (小类) of a code set in force on a date, with their rules',
      description:
        'Each class is followed by its subclasses. `at` defaults to today (business date). `level`, `parent` (the ' +
        'subclasses of one class) and `q` (the start of the code, or part of the Chinese or English name) narrow ' +
        'the list. `name` is in the language of Accept-Language.',
      params: SetParams,
      querystring: CategoriesQuery,
      response: { 200: CategoryList },
    },
    handler: async (request) => {
      const { set } = request.params;
      const { level, parent, q } = request.query;
      const at = request.query.at ?? time.today();
      await taxonomy.requireCodeSet(set);
      const rows = await taxonomy.categoriesAt(set, at, { level, parent, q });
      return { codeSet: set, at, items: rows.map((r) => categoryView(r, request.locale)) };
    },
  });

  app.post('/api/taxonomy/code-sets/:set/categories', {
    config: { ...manage, idempotent: true },
    schema: {
      tags,
      summary: 'A new class or subclass, in force from validFrom (today or later)',
      description:
        'A subclass names its class (`parentCode`, in force on validFrom) and carries rules: registration and ' +
        'closing conditions, stage limits (verify 核实, dispatch 派遣, handle 处置 required, check 核查) and urgency ' +
        'levels; a class carries none. In a CJ/T 214 set a class code has 2 digits and a subclass code 4 (its ' +
        'class and 2 more); in any set a subclass code starts with its class code. Every problem is listed in ' +
        'details.problems of a 400 TAXONOMY_CATEGORY_INVALID. 409 TAXONOMY_CATEGORY_EXISTS when the code has ' +
        'versions already (revise it with PUT).',
      params: SetParams,
      headers: IdempotencyHeaders,
      body: NewCategory,
      response: { 201: CategoryView },
    },
    handler: async (request, reply) =>
      withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: categoryView(
          await taxonomy.createCategory(request.actor, request.params.set, request.body, request.locale, tx),
          request.locale,
        ),
      })),
  });

  app.get('/api/taxonomy/code-sets/:set/categories/:code', {
    config: signedIn,
    schema: {
      tags,
      summary: 'One category as in force on a date, with every version of its code',
      description:
        '`at` defaults to today. 404 TAXONOMY_CATEGORY_NOT_FOUND for a code the set never had; 404 ' +
        'TAXONOMY_CATEGORY_NOT_IN_FORCE when no version is in force on `at` (details.versions lists them).',
      params: CategoryParams,
      querystring: AtQuery,
      response: { 200: CategoryDetail },
    },
    handler: async (request) => {
      const { set, code } = request.params;
      const at = request.query.at ?? time.today();
      return detailView(await taxonomy.detail(set, code, at), request.locale);
    },
  });

  app.put('/api/taxonomy/code-sets/:set/categories/:code', {
    config: manage,
    schema: {
      tags,
      summary: 'A new version of a category from effectiveFrom: names, rules and position',
      description:
        'The latest version is closed on effectiveFrom and the new one opens then; until that day the present ' +
        'rules apply. 409 TAXONOMY_EFFECTIVE_TOO_EARLY on or before the day the latest version begins, 409 ' +
        'TAXONOMY_PAST_DATE before today, 404 for a code the set never had. A retired code is revived by a ' +
        'version from its retirement or later. Answers the new version and every version of the code.',
      params: CategoryParams,
      body: CategoryRevision,
      response: { 200: CategoryDetail },
    },
    handler: async (request) => {
      const { set, code } = request.params;
      return detailView(
        await taxonomy.reviseCategory(request.actor, set, code, request.body, request.locale),
        request.locale,
      );
    },
  });

  app.delete('/api/taxonomy/code-sets/:set/categories/:code', {
    config: manage,
    schema: {
      tags,
      summary: 'Retire a category from effectiveFrom (default today): no new case may use it from that day',
      description:
        'Its latest version gets validTo = effectiveFrom; history stays. 409 TAXONOMY_CATEGORY_RETIRED when ' +
        'retired already, 409 TAXONOMY_CLASS_HAS_SUBCLASSES for a class whose subclasses are still in force then, ' +
        '409 TAXONOMY_EFFECTIVE_TOO_EARLY / TAXONOMY_PAST_DATE as for a revision.',
      params: CategoryParams,
      querystring: RetireQuery,
      response: { 200: CategoryDetail },
    },
    handler: async (request) => {
      const { set, code } = request.params;
      return detailView(
        await taxonomy.retireCategory(request.actor, set, code, request.query.effectiveFrom),
        request.locale,
      );
    },
  });

  app.get('/api/taxonomy/crosswalk', {
    config: signedIn,
    schema: {
      tags,
      summary: '对照: the codes of one code set that correspond to a code of another (read both ways round)',
      description:
        'e.g. from=gbt47678.matter&code=06010&to=cjt214.event → 0102. Names from the versions in force on `at`.',
      querystring: CrosswalkQuery,
      response: { 200: CrosswalkView },
    },
    handler: async (request) => {
      const { from, code, to } = request.query;
      await taxonomy.requireCodeSet(from);
      await taxonomy.requireCodeSet(to);
      const codes = await taxonomy.crosswalk(from, code, to);
      return crosswalkView(from, code, to, codes, request.query.at ?? time.today(), request.locale);
    },
  });

  app.put('/api/taxonomy/crosswalk', {
    config: manage,
    schema: {
      tags,
      summary: 'Set the codes of `to` that correspond to `code` of `from`, replacing what was there',
      description:
        'Stored once and read both ways round. Every code must exist in its set (retired ones included); 404 ' +
        'TAXONOMY_CROSSWALK_CODES_UNKNOWN lists those that do not. `codes: []` removes the correspondence.',
      body: CrosswalkBody,
      response: { 200: CrosswalkView },
    },
    handler: async (request) => {
      const { from, code, to, codes } = request.body;
      const now = await taxonomy.setCrosswalk(request.actor, { fromSet: from, code, toSet: to, codes });
      return crosswalkView(from, code, to, now, time.today(), request.locale);
    },
  });
}
