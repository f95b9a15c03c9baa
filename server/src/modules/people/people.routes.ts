import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { AppContext } from '../../context.ts';
import { Page, pageRequest } from '../../platform/paging.ts';
import { IdempotencyHeaders, IdParams } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import { NewPerson, PeopleQuery, PersonPatch, PersonView, UnmaskRequest } from './people.schemas.ts';
import type { PersonSortField, PersonView as PersonViewModel } from './people.service.ts';

export async function peopleRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { people, time } = ctx;
  const tags = ['people'];
  const toView = (p: PersonViewModel): Static<typeof PersonView> => ({
    ...p,
    createdAt: time.format(p.createdAt),
    updatedAt: time.format(p.updatedAt),
  });

  app.get('/api/people', {
    config: { access: { permission: 'people.read' } },
    schema: {
      tags,
      summary: 'People in your area, personal data masked (q: part of the name or a phone number)',
      querystring: PeopleQuery,
      response: { 200: Page(PersonView) },
    },
    handler: async (request) => {
      const { q, phone, division } = request.query;
      const page = await people.list(request.actor, pageRequest<PersonSortField>(request.query, '-createdAt'), {
        q,
        phone,
        division,
      });
      return { ...page, items: page.items.map(toView) };
    },
  });

  app.post('/api/people', {
    config: { access: { permission: 'people.manage' }, idempotent: true },
    schema: {
      tags,
      summary: 'Record a person; phone, ID card and address are stored encrypted and returned masked',
      headers: IdempotencyHeaders,
      body: NewPerson,
      response: { 201: PersonView },
    },
    handler: async (request, reply) =>
      withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
        status: 201,
        body: toView(await people.create(request.actor, request.body, tx)),
      })),
  });

  app.get('/api/people/:id', {
    config: { access: { permission: 'people.read' } },
    schema: {
      tags,
      summary: 'One person, personal data masked (POST …/unmask to see it in full)',
      params: IdParams,
      response: { 200: PersonView },
    },
    handler: async (request) => toView(await people.get(request.actor, request.params.id)),
  });

  app.post('/api/people/:id/unmask', {
    config: { access: { permission: 'personal-data.unmask' } },
    schema: {
      tags,
      summary: 'One person with the named fields in full; every call is recorded in the audit log',
      params: IdParams,
      body: UnmaskRequest,
      response: { 200: PersonView },
    },
    handler: async (request) =>
      toView(
        await people.get(request.actor, request.params.id, {
          unmask: request.body.fields,
          origin: { ip: request.ip, requestId: String(request.id) },
        }),
      ),
  });

  app.patch('/api/people/:id', {
    config: { access: { permission: 'people.manage' } },
    schema: {
      tags,
      summary: 'Change a person (null removes a phone number, ID card or address)',
      params: IdParams,
      body: PersonPatch,
      response: { 200: PersonView },
    },
    handler: async (request) => toView(await people.update(request.actor, request.params.id, request.body)),
  });
}
