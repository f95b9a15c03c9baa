import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { Page, pageRequest } from '../../platform/paging.ts';
import { IdempotencyHeaders } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import {
  NewRuleBody,
  RetireQuery,
  RuleAtQuery,
  RuleDetailView,
  RuleIdParams,
  RuleListQuery,
  RuleRevisionBody,
  RuleVersionView,
  SuggestionView,
  SuggestQuery,
} from './routing.schemas.ts';
import { type RoutingRuleRow, type RuleDetail, type RuleSortField, windowText } from './routing.service.ts';

export async function routingRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { routing, time } = ctx;
  const tags = ['routing'];
  const version = (v: RoutingRuleRow) => ({
    ...v,
    window: windowText(v.fromMinute, v.toMinute),
    updatedAt: time.format(v.updatedAt),
  });
  const detail = (d: RuleDetail) => ({
    ...d,
    current: d.current === null ? null : version(d.current),
    versions: d.versions.map(version),
  });

  app.get('/api/routing/rules', {
    config: { access: { permission: 'routing.read' } },
    schema: {
      tags,
      summary: '派遣规则: the rule versions in force on a date, in your area and above it',
      description:
        'at: the date (default today). category: rules for that code and, for a class, for its subclasses. division: rules for that division and the divisions under it. unit: rules in which that org unit leads or assists. Rules of divisions above your area (a city-wide rule) are listed too: they apply in it.',
      querystring: RuleListQuery,
      response: { 200: Page(RuleVersionView) },
    },
    handler: async (request) => {
      const { at, codeSet, category, division, unit } = request.query;
      const page = await routing.list(
        request.actor,
        pageRequest<RuleSortField>(request.query, 'divisionCode,categoryCode,-priority'),
        { at, codeSet, category, division, unit },
      );
      return { items: page.items.map(version), page: page.page, pageSize: page.pageSize, total: page.total };
    },
  });

  app.get('/api/routing/rules/:ruleId', {
    config: { access: { permission: 'routing.read' } },
    schema: {
      tags,
      summary: 'A routing rule with every version and the one in force on a date',
      params: RuleIdParams,
      querystring: RuleAtQuery,
      response: { 200: RuleDetailView },
    },
    handler: async (request) => detail(await routing.get(request.actor, request.params.ruleId, request.query.at)),
  });

  app.post('/api/routing/rules', {
    config: { access: { permission: 'routing.manage' }, idempotent: true },
    schema: {
      tags,
      summary: 'A new routing rule: category × division (× time of day) → lead unit (主办) and assisting units (协办)',
      description:
        'Version 1 takes effect on effectiveFrom (default today; not in the past). The division must be in your area and exist; the category must exist in its code set; every unit must exist and be active. Problems of form are a 400 ROUTING_RULE_INVALID listing each in details.problems; unknown or dissolved references a 422 ROUTING_RULE_REFERENCES_INVALID naming each.',
      headers: IdempotencyHeaders,
      body: NewRuleBody,
      response: { 201: RuleDetailView },
    },
    handler: async (request, reply) =>
      withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: detail(await routing.create(request.actor, request.body, tx, request.locale)),
      })),
  });

  app.put('/api/routing/rules/:ruleId', {
    config: { access: { permission: 'routing.manage' } },
    schema: {
      tags,
      summary: 'Revise a routing rule: a new version from effectiveFrom; the current one ends that day',
      description:
        'The body is the whole rule as it will be from effectiveFrom, which must be today or later and after the day the current version took effect (409 ROUTING_REVISION_TOO_EARLY). Versions already in force are never rewritten. A retired rule cannot be revised (409).',
      params: RuleIdParams,
      body: RuleRevisionBody,
      response: { 200: RuleDetailView },
    },
    handler: async (request) =>
      detail(await routing.revise(request.actor, request.params.ruleId, request.body, undefined, request.locale)),
  });

  app.delete('/api/routing/rules/:ruleId', {
    config: { access: { permission: 'routing.manage' } },
    schema: {
      tags,
      summary: 'Retire a routing rule from effectiveFrom (default today): from that day it no longer applies',
      description:
        'The version in force on that day ends then; a version that would only start later is withdrawn. The versions stay readable.',
      params: RuleIdParams,
      querystring: RetireQuery,
      response: { 200: RuleDetailView },
    },
    handler: async (request) =>
      detail(
        await routing.retire(
          request.actor,
          request.params.ruleId,
          request.query.effectiveFrom,
          undefined,
          request.locale,
        ),
      ),
  });

  app.get('/api/routing/suggest', {
    config: { access: { permission: 'routing.read' } },
    schema: {
      tags,
      summary: 'Where would a problem go: the lead and assisting units, from which rule version or the fallback',
      description:
        'The rules in force on the business date of `at` (default now) for the category or its class and the division or a division above it, whose time window contains the local time of `at`: the most specific division wins, then a subclass over a class, a time window over all day, the higher priority, the later version. Rules naming a dissolved unit are skipped (listed in skipped). With no rule the town/street the division lies in leads (属地兜底): its street office or government; if it has none, 422 ROUTING_NO_RESPONSIBLE_UNIT. The explanation is in both languages; the dispatcher may choose otherwise.',
      querystring: SuggestQuery,
      response: { 200: SuggestionView },
    },
    handler: async (request) => {
      const { codeSet, category, division } = request.query;
      const at = request.query.at === undefined ? time.now() : new Date(request.query.at);
      const suggestion = await routing.suggestFor(request.actor, {
        codeSet,
        categoryCode: category,
        divisionCode: division,
        at,
      });
      return { ...suggestion, at: time.format(at) };
    },
  });
}
