import { Type } from 'typebox';
import { PageQuery } from '../../platform/paging.ts';
import { NullableTimestamp, Timestamp, Uuid } from '../../platform/schemas.ts';

const NullableUuid = Type.Union([Uuid, Type.Null()]);

export const Notification = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('task.assigned'), Type.Literal('deadline.yellow'), Type.Literal('deadline.red')], {
    description:
      'task.assigned: a task was given to you or your unit; deadline.yellow / deadline.red: its clock turned yellow / ran out',
  }),
  title: Type.String({ description: "in the request's language" }),
  body: Type.String({ description: "in the request's language" }),
  caseId: NullableUuid,
  taskId: NullableUuid,
  caseNumber: Type.Union([Type.String(), Type.Null()]),
  dueAt: Type.Union([Timestamp, Type.Null()], { description: 'deadline notifications: when the clock runs out' }),
  recipient: Type.Union([Type.Literal('account'), Type.Literal('unit')], {
    description: 'addressed to you, or to an org unit you belong to (its unitId)',
  }),
  unitId: NullableUuid,
  read: Type.Boolean(),
  readAt: NullableTimestamp,
  createdAt: Timestamp,
});

export const NotificationListQuery = PageQuery(['createdAt'] as const, {
  unread: Type.Optional(Type.Boolean({ description: 'true: only those you have not read' })),
});

export const UnreadCount = Type.Object({ count: Type.Integer({ minimum: 0 }) });
export const ReadAllResult = Type.Object({ marked: Type.Integer({ minimum: 0, description: 'how many were unread' }) });
