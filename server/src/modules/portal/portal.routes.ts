import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { canonicalJson, sha256Hex } from '../../platform/canonical-json.ts';
import { AppError, PlatformErrors } from '../../platform/errors.ts';
import { formatBytes } from '../../platform/files.ts';
import { IdempotencyHeaders, IdParams } from '../../platform/schemas.ts';
import { withIdempotency } from '../../plugins/idempotency.ts';
import type { ReceivedContent } from '../files/files.service.ts';
import { PortalErrors, portalActor } from './portal.policy.ts';
import {
  ChallengeView,
  ContactQuery,
  NewPortalReportBody,
  PhotoQuery,
  PhotoUploaded,
  PortalCategories,
  PortalContact,
  PortalReportCreated,
  PublicCase,
  PublicMap,
  Published,
  RatingBody,
  ServiceArea,
  TrackParams,
  Unpublished,
} from './portal.schemas.ts';

/**
 * The citizen portal (市民门户): public routes, rate limited per client by the platform; report submission
 * has its own, stricter limit per client and hour (`portal.report-limit`).
 */
export async function portalRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { portal, time } = ctx;
  const tags = ['portal'];

  app.get('/api/portal/categories', {
    config: { access: { public: true, why: 'citizens choose what kind of problem they report' } },
    schema: {
      tags,
      summary: 'What a citizen may report: the CJ/T 214 event subclasses in force today, grouped by class',
      description: 'Names and hints (what counts as the problem) in the language of Accept-Language.',
      response: { 200: PortalCategories },
    },
    handler: async (request) => portal.categories(request.locale),
  });

  app.get('/api/portal/area', {
    config: {
      access: { public: true, why: 'citizens without GPS point at the place on a map of where reports are taken' },
    },
    schema: {
      tags,
      summary: 'Where reports are taken: the outlines and names of the communities that have grids (WGS84)',
      response: { 200: ServiceArea },
    },
    handler: async () => portal.serviceArea(),
  });

  app.get('/api/portal/challenge', {
    config: { access: { public: true, why: 'citizens report without an account: the check question comes first' } },
    schema: {
      tags,
      summary: 'A small sum to answer before a report (against bots): signed, expires in 10 minutes, usable once',
      response: { 200: ChallengeView },
    },
    handler: async () => {
      const c = portal.challenge();
      return { ...c, expiresAt: time.format(c.expiresAt) };
    },
  });

  app.post('/api/portal/photos', {
    config: {
      access: { public: true, why: 'citizens attach photos to the report they are about to send' },
      idempotent: true,
    },
    schema: {
      tags,
      summary: 'Upload one photo for a portal report (multipart, part `file`); images only',
      description:
        'The first photo returns an upload token; send it as ?uploadToken= with the next ones and in the report. Photos are usable only by that report, for an hour; at most `portal.report-limit` maxPhotos per token.',
      consumes: ['multipart/form-data'],
      headers: IdempotencyHeaders,
      querystring: PhotoQuery,
      response: { 201: PhotoUploaded },
    },
    handler: async (request, reply) => {
      if (!request.isMultipart()) throw PortalErrors.PORTAL_PHOTO_FORM();
      const maxBytes = ctx.settings.uploadMaxBytes;
      let received: ReceivedContent | undefined;
      let filename: string | undefined;
      const parts = request.parts({ limits: { fileSize: maxBytes + 1, files: 1 } });
      try {
        for (;;) {
          const next = await parts.next().catch((err: unknown) => {
            if (err instanceof AppError || !(err instanceof Error)) throw err;
            const code = (err as { code?: unknown }).code;
            if (typeof code === 'string' && code.startsWith('FST_')) throw err;
            throw PlatformErrors.MALFORMED_BODY({ reason: err.message.slice(0, 200) });
          });
          if (next.done) break;
          const part = next.value;
          if (part.type !== 'file' || part.fieldname !== 'file' || received) {
            if (part.type === 'file') part.file.resume();
            throw PortalErrors.PORTAL_PHOTO_FORM();
          }
          received = await ctx.files.receive(portalActor('resident', true), part.file);
          if (part.file.truncated) throw PlatformErrors.PAYLOAD_TOO_LARGE({ limit: formatBytes(maxBytes) });
          filename = part.filename;
        }
      } finally {
        await parts.return?.(undefined).catch(() => undefined);
      }
      if (!received) throw PortalErrors.PORTAL_PHOTO_FORM();
      const photo = received;
      // The same photo for the same upload token is the same request, whatever the multipart framing.
      const requestHash = sha256Hex(
        canonicalJson({ sha256: photo.sha256, uploadToken: request.query.uploadToken ?? null }),
      );
      return withIdempotency(
        ctx.idempotency,
        request,
        reply,
        async (tx) => ({
          status: 201,
          body: await portal.uploadPhoto(photo, filename, request.query.uploadToken, request.ip, tx),
        }),
        requestHash,
      );
    },
  });

  app.post('/api/portal/reports', {
    config: {
      access: { public: true, why: 'citizens report problems without an account (anonymously if they wish)' },
      idempotent: true,
    },
    schema: {
      tags,
      summary: 'Report a problem: opens an urban case (channel public) and returns its tracking code',
      description:
        'Needs the answer to a challenge (422 PORTAL_CHALLENGE_WRONG / _EXPIRED / _USED). At most `portal.report-limit` reports per client and hour (429 PORTAL_TOO_MANY_REPORTS with Retry-After). The contact, if given, is sealed and never shown on the portal. Idempotency-Key honoured.',
      headers: IdempotencyHeaders,
      body: NewPortalReportBody,
      response: { 201: PortalReportCreated },
    },
    handler: async (request, reply) => {
      try {
        await portal.refuseWrongAnswer(request.body.challenge);
        const placed = await portal.place(request.body);
        const result = await withIdempotency(ctx.idempotency, request, reply, async (tx) => ({
          status: 201,
          body: await portal.report(request.body, placed, request.ip, request.locale, tx),
        }));
        ctx.events.committed();
        return result;
      } catch (err) {
        if (err instanceof AppError && err.code === 'PORTAL_TOO_MANY_REPORTS') {
          const details = err.details as { retryAfter?: number } | null;
          if (details?.retryAfter) reply.header('retry-after', String(details.retryAfter));
        }
        throw err;
      }
    },
  });

  app.get('/api/portal/track/:code', {
    config: { access: { public: true, why: 'the citizen follows a report by its tracking code' } },
    schema: {
      tags,
      summary: 'A report by its tracking code: status in plain words and the public steps (poll `version`)',
      description: 'Codes are case-insensitive; dashes and spaces are ignored. 404 PORTAL_CODE_UNKNOWN.',
      params: TrackParams,
      response: { 200: PublicCase },
    },
    handler: async (request) => {
      const v = await portal.track(request.params.code, request.locale);
      const at = (d: Date | null) => (d ? time.format(d) : null);
      return {
        ...v,
        reportedAt: time.format(v.reportedAt),
        updatedAt: time.format(v.updatedAt),
        closedAt: at(v.closedAt),
        history: v.history.map((h) => ({ ...h, at: time.format(h.at) })),
      };
    },
  });

  app.post('/api/portal/track/:code/rating', {
    config: { access: { public: true, why: 'the citizen rates how the report was handled (回访)' } },
    schema: {
      tags,
      summary: 'Rate a closed case (满意度): recorded as its 回访 with the citizen’s words',
      description:
        '409 PORTAL_NOT_CLOSED while the case is open, 409 PORTAL_ALREADY_RATED the second time in a round. Dissatisfied lets the duty chief redo the case.',
      params: TrackParams,
      body: RatingBody,
      response: { 200: PublicCase },
    },
    handler: async (request) => {
      await ctx.database.db.transaction((tx) => portal.rate(request.params.code, request.body, request.locale, tx));
      ctx.events.committed();
      const v = await portal.track(request.params.code, request.locale);
      return {
        ...v,
        reportedAt: time.format(v.reportedAt),
        updatedAt: time.format(v.updatedAt),
        closedAt: v.closedAt ? time.format(v.closedAt) : null,
        history: v.history.map((h) => ({ ...h, at: time.format(h.at) })),
      };
    },
  });

  app.get('/api/portal/map', {
    config: { access: { public: true, why: 'the public map of cases, when the city turns it on' } },
    schema: {
      tags,
      summary: 'The public map: moderated public reports, anonymised (position to ~100 m, category, status)',
      description: '404 PORTAL_MAP_DISABLED unless `portal.public-map` is enabled.',
      response: { 200: PublicMap },
    },
    handler: async (request) => portal.map(request.locale),
  });

  app.post('/api/portal/map/:id/publish', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags,
      summary: 'Approve a public report for the public map (acceptor, duty chief)',
      description: '403 PORTAL_MAP_MODERATOR_ONLY for other roles; 409 PORTAL_MAP_NOT_PUBLIC_CASE for other cases.',
      params: IdParams,
      response: { 200: Published },
    },
    handler: async (request) => {
      const r = await portal.publish(request.actor, request.params.id, request.locale);
      return { caseId: r.caseId, publishedAt: time.format(r.publishedAt) };
    },
  });

  app.delete('/api/portal/map/:id', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags,
      summary: 'Take a case off the public map (acceptor, duty chief)',
      description: '403 PORTAL_MAP_MODERATOR_ONLY for other roles; the case must be in the caller’s scope.',
      params: IdParams,
      response: { 200: Unpublished },
    },
    handler: async (request) => portal.unpublish(request.actor, request.params.id, request.locale),
  });

  app.get('/api/portal/reports/:id/contact', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags,
      summary: 'The contact a citizen left with a portal report (masked; in full with personal-data.unmask, audited)',
      description:
        'For staff reading the case (its scope is checked: 404 otherwise). 404 PORTAL_REPORT_NONE when the case did not come through the portal. `unmask=true` needs personal-data.unmask (受理员, 12345 话务员) and writes an audit record.',
      params: IdParams,
      querystring: ContactQuery,
      response: { 200: PortalContact },
    },
    handler: async (request) =>
      portal.contact(
        request.actor,
        request.params.id,
        { unmask: request.query.unmask === true, origin: { ip: request.ip, requestId: String(request.id) } },
        request.locale,
      ),
  });
}
