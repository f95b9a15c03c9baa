import { Type } from 'typebox';
import { Page, PageQuery } from '../../platform/paging.ts';
import { NullableTimestamp, Timestamp, Uuid } from '../../platform/schemas.ts';
import { CASE_SORT_FIELDS } from './cases.repo.ts';

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
  assigneeUnitName: Type.Union([Type.String(), Type.Null()]),
  assigneeAccount: Type.Union([Type.String(), Type.Null()]),
  assigneeAccountName: Type.Union([Type.String(), Type.Null()]),
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

const DateOnly = (description: string) => Type.String({ format: 'date', description });

export const CaseListQuery = PageQuery(CASE_SORT_FIELDS, {
  workflow: Type.Optional(Type.String({ maxLength: 40 })),
  state: Type.Optional(Type.String({ maxLength: 400, description: 'one or more states, comma-separated' })),
  division: Type.Optional(
    Type.String({ pattern: '^[0-9]{2,12}$', description: 'the owning division or one above it (its subtree)' }),
  ),
  grid: Type.Optional(Type.String({ maxLength: 15 })),
  category: Type.Optional(Type.String({ maxLength: 16, description: 'a subclass code (data.category.code)' })),
  channel: Type.Optional(Type.String({ maxLength: 20 })),
  unit: Type.Optional(Type.String({ format: 'uuid', description: 'an org unit with an open task on the case' })),
  deadlineStatus: Type.Optional(
    Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')], {
      description: 'the worst colour among the running clocks',
    }),
  ),
  open: Type.Optional(Type.Boolean({ description: 'true: not closed; false: closed' })),
  from: Type.Optional(DateOnly('opened on or after this local date')),
  to: Type.Optional(DateOnly('opened on or before this local date')),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'part of the number or the title' })),
  queue: Type.Optional(
    Type.String({
      pattern: '^[a-z][a-z0-9-]{0,39}$',
      description: 'a work queue of GET /api/cases/queues: its states and "my tasks" apply on top of the other filters',
    }),
  ),
});

export const QueueView = Type.Object({
  key: Type.String(),
  workflow: Type.String(),
  name: Type.String(),
  description: Type.String(),
  count: Type.Integer({ description: 'open cases waiting in it for the reader' }),
});

export const CandidatesView = Type.Object({
  units: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), divisionCode: Type.String() }),
    { description: 'active units serving the case’s division or one above it, nearest first' },
  ),
  accounts: Type.Array(
    Type.Object({
      action: Type.String(),
      input: Type.String(),
      label: Type.String(),
      options: Type.Array(
        Type.Object({ id: Type.String(), displayName: Type.String(), roles: Type.Array(Type.String()) }),
      ),
    }),
    { description: 'for each account input of the actions you may take now: who holds a role to work it there' },
  ),
  divisions: Type.Array(
    Type.Object({
      action: Type.String(),
      input: Type.String(),
      direction: Type.Union([Type.Literal('up'), Type.Literal('down')]),
      options: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() })),
    }),
    {
      description:
        'for each action that moves the case between levels (上报/交办): the levels above (nearest first) or directly below',
    },
  ),
});

export const CaseListItemView = Type.Object({
  id: Type.String(),
  number: Type.Union([Type.String(), Type.Null()]),
  workflow: Type.String(),
  state: Type.String(),
  stateName: Type.String(),
  title: Type.Union([Type.String(), Type.Null()]),
  categoryCode: Type.Union([Type.String(), Type.Null()]),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  channel: Type.Union([Type.String(), Type.Null()]),
  divisionCode: Type.String(),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  leadUnit: Type.Union([Type.String(), Type.Null()]),
  leadUnitName: Type.Union([Type.String(), Type.Null()]),
  deadlineStatus: Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red'), Type.Null()]),
  dueAt: NullableTimestamp,
  openedAt: Timestamp,
  updatedAt: Timestamp,
  closedAt: NullableTimestamp,
});

export const CaseListView = Page(CaseListItemView);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const XlsxContent = Type.Unsafe<Buffer>({
  description: 'an .xlsx workbook (Excel, WPS, LibreOffice)',
  content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
});
export const XLSX_MEDIA_TYPE = XLSX;
