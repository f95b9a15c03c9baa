import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Locale } from '../../platform/errors.ts';
import { Page, pageRequest } from '../../platform/paging.ts';
import { IdParams } from '../../platform/schemas.ts';
import { Notification, NotificationListQuery, ReadAllResult, UnreadCount } from './notifications.schemas.ts';
import type { InboxRow } from './notifications.service.ts';
import { renderNotification } from './notifications.texts.ts';

export async function notificationsRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { notifications, time } = ctx;
  const tags = ['notifications'];
  const local = (at: Date) => time.local(at).toFormat('yyyy-MM-dd HH:mm');
  const view = (n: InboxRow, locale: Locale) => {
    const dueAt = typeof n.data.dueAt === 'string' ? new Date(n.data.dueAt) : null;
    return {
      id: n.id,
      kind: n.kind,
      ...renderNotification(n, locale, local),
      caseId: n.caseId,
      taskId: n.taskId,
      caseNumber: typeof n.data.number === 'string' ? n.data.number : null,
      dueAt: dueAt && !Number.isNaN(dueAt.getTime()) ? time.format(dueAt) : null,
      recipient: n.recipientAccount ? ('account' as const) : ('unit' as const),
      unitId: n.recipientUnit,
      read: n.readAt !== null,
      readAt: n.readAt ? time.format(n.readAt) : null,
      createdAt: time.format(n.createdAt),
    };
  };

  app.get('/api/notifications', {
    // Everyone's own inbox: what was addressed to their account or to their org units.
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: 'My notifications, newest first (unread=true: only unread)',
      querystring: NotificationListQuery,
      response: { 200: Page(Notification) },
    },
    handler: async (request) => {
      const page = await notifications.list(request.actor, pageRequest(request.query, '-createdAt'), {
        unread: request.query.unread,
      });
      return { ...page, items: page.items.map((n) => view(n, request.locale)) };
    },
  });

  app.get('/api/notifications/unread-count', {
    config: { access: { authenticated: true } },
    schema: { tags, summary: 'How many of my notifications I have not read', response: { 200: UnreadCount } },
    handler: async (request) => ({ count: await notifications.unreadCount(request.actor) }),
  });

  app.post('/api/notifications/:id/read', {
    config: { access: { authenticated: true } },
    schema: {
      tags,
      summary: 'Mark one of my notifications read (for me only: other members of a unit keep theirs unread)',
      params: IdParams,
      response: { 200: Notification },
    },
    handler: async (request) => view(await notifications.markRead(request.actor, request.params.id), request.locale),
  });

  app.post('/api/notifications/read-all', {
    config: { access: { authenticated: true } },
    schema: { tags, summary: 'Mark all my notifications read', response: { 200: ReadAllResult } },
    handler: async (request) => ({ marked: await notifications.markAllRead(request.actor) }),
  });
}
