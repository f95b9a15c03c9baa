import { Type } from 'typebox';
import { NullableTimestamp, Timestamp, Uuid } from '../../platform/schemas.ts';

export const CaseParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const ActionParams = Type.Object(
  { id: Uuid, action: Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,39}$' }) },
  { additionalProperties: false },
);

export const ApplyBody = Type.Object(
  {
    taskId: Type.Optional(Uuid),
    version: Type.Optional(
      Type.Integer({ minimum: 0, description: 'the case version you saw; if someone acted since, 409 CASE_STALE' }),
    ),
    inputs: Type.Optional(
      Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), {
        description: 'what the action asks for (see GET /api/cases/{id}/actions)',
      }),
    ),
    attachments: Type.Optional(Type.Array(Uuid, { maxItems: 30, description: 'uploaded file ids (photos…)' })),
  },
  { additionalProperties: false },
);

const ActionInput = Type.Object({
  name: Type.String(),
  type: Type.String(),
  label: Type.String(),
  required: Type.Boolean(),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: Type.String() }))),
});

export const AvailableActionView = Type.Object({
  action: Type.String(),
  name: Type.String(),
  to: Type.Union([Type.String(), Type.Null()]),
  inputs: Type.Array(ActionInput),
  attachments: Type.Union([
    Type.Object({ min: Type.Integer(), max: Type.Union([Type.Integer(), Type.Null()]), label: Type.String() }),
    Type.Null(),
  ]),
  taskIds: Type.Array(Type.String()),
});

export const ActionsView = Type.Object({
  version: Type.Integer(),
  state: Type.String(),
  actions: Type.Array(AvailableActionView),
});

const DeadlineView = Type.Object({
  clock: Type.String(),
  clockName: Type.String(),
  taskId: Type.Union([Type.String(), Type.Null()]),
  unit: Type.String(),
  amount: Type.Number(),
  state: Type.String({ description: 'running, paused or stopped' }),
  status: Type.String({ description: 'green, yellow or red' }),
  startedAt: Timestamp,
  dueAt: NullableTimestamp,
  yellowAt: NullableTimestamp,
  stoppedAt: NullableTimestamp,
  explanation: Type.String(),
});

const TaskView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  kindName: Type.String(),
  state: Type.String(),
  stateName: Type.String(),
  assigneeUnit: Type.Union([Type.String(), Type.Null()]),
  assigneeAccount: Type.Union([Type.String(), Type.Null()]),
  openedAt: Timestamp,
  closedAt: NullableTimestamp,
});

export const CaseDetail = Type.Object({
  id: Type.String(),
  workflow: Type.String(),
  workflowName: Type.String(),
  number: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  stateName: Type.String(),
  closed: Type.Boolean(),
  version: Type.Integer(),
  divisionCode: Type.String(),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  openedAt: Timestamp,
  closedAt: NullableTimestamp,
  updatedAt: Timestamp,
  tasks: Type.Array(TaskView),
  deadlines: Type.Array(DeadlineView),
  actions: Type.Array(AvailableActionView),
});

export const HistoryEntry = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  actionName: Type.String(),
  taskId: Type.Union([Type.String(), Type.Null()]),
  fromState: Type.Union([Type.String(), Type.Null()]),
  toState: Type.String(),
  taskFromState: Type.Union([Type.String(), Type.Null()]),
  taskToState: Type.Union([Type.String(), Type.Null()]),
  actorId: Type.String(),
  actorName: Type.String(),
  actorRole: Type.String(),
  inputs: Type.Record(Type.String(), Type.Unknown()),
  attachments: Type.Array(Type.String()),
  at: Timestamp,
});

const LocalText = Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() });
export const WorkflowSummary = Type.Object({
  key: Type.String(),
  version: Type.Integer(),
  name: LocalText,
  states: Type.Record(Type.String(), Type.Object({ name: LocalText, terminal: Type.Boolean() })),
  actions: Type.Record(
    Type.String(),
    Type.Object({
      name: LocalText,
      from: Type.Array(Type.String()),
      to: Type.Union([Type.String(), Type.Null()]),
      roles: Type.Array(Type.String()),
      task: Type.Union([
        Type.Object({ kinds: Type.Array(Type.String()), from: Type.Array(Type.String()), to: Type.String() }),
        Type.Null(),
      ]),
    }),
  ),
  clocks: Type.Record(Type.String(), Type.Object({ name: LocalText, holder: Type.String() })),
});

export const RebuildQuery = Type.Object(
  { dryRun: Type.Optional(Type.Boolean({ default: true, description: 'only report differences (default)' })) },
  { additionalProperties: false },
);
export const RebuildReportView = Type.Object({
  cases: Type.Integer(),
  actions: Type.Integer(),
  differences: Type.Array(Type.String()),
});
export const SweepView = Type.Object({ yellow: Type.Integer(), red: Type.Integer() });
