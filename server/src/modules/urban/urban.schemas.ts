import { Type } from 'typebox';
import { GRID_CODE_PATTERN } from '../../platform/divisions.ts';
import { CHANNELS } from './urban.workflow.ts';

const Uuid = Type.String({ format: 'uuid' });

export const NewUrbanCase = Type.Object(
  {
    /** `report` (the loop) or `self-resolve` (自行处置: fixed on the spot, before/after photos). */
    action: Type.Optional(Type.Union([Type.Literal('report'), Type.Literal('self-resolve')])),
    location: Type.Object(
      {
        lng: Type.Number({ minimum: -180, maximum: 180 }),
        lat: Type.Number({ minimum: -90, maximum: 90 }),
        crs: Type.Optional(Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')])),
        address: Type.Optional(Type.String({ maxLength: 200 })),
      },
      { additionalProperties: false },
    ),
    category: Type.Object(
      {
        codeSet: Type.String({ minLength: 1, maxLength: 40, default: 'cjt214.event' }),
        code: Type.String({ minLength: 1, maxLength: 16 }),
      },
      { additionalProperties: false },
    ),
    description: Type.String({ minLength: 2, maxLength: 2000 }),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    urgency: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('urgent'), Type.Literal('emergency')])),
    channel: Type.Optional(Type.Union(CHANNELS.map((c) => Type.Literal(c)))),
    attachments: Type.Optional(Type.Array(Uuid, { maxItems: 9 })),
    position: Type.Optional(
      Type.Object(
        {
          lon: Type.Number({ minimum: -180, maximum: 180 }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          accuracy: Type.Optional(Type.Number({ minimum: 0 })),
        },
        {
          additionalProperties: false,
          description:
            'self-resolve only: where the worker stood (phone GPS, WGS84); the log keeps its distance from the location',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const CategoryUsageQuery = Type.Object(
  {
    grid: Type.String({ pattern: GRID_CODE_PATTERN, description: '网格编码 (15 characters)' }),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 90, description: 'the last N days' })),
  },
  { additionalProperties: false },
);

export const CategoryUsageView = Type.Object({
  grid: Type.String(),
  days: Type.Integer(),
  since: Type.String({ format: 'date-time' }),
  items: Type.Array(
    Type.Object({
      codeSet: Type.String(),
      code: Type.String(),
      name: Type.String({ description: 'in the language asked for' }),
      nameZh: Type.String(),
      nameEn: Type.String(),
      count: Type.Integer({ description: 'cases reported in the grid in the period' }),
      lastReportedAt: Type.String({ format: 'date-time' }),
    }),
    { description: 'most used first (then the most recently used), at most 50' },
  ),
});

const Limit = Type.Object({
  amount: Type.Number(),
  unit: Type.Union([Type.Literal('working_hours'), Type.Literal('working_days'), Type.Literal('natural_hours')]),
});

export const DispatchProposalView = Type.Object({
  lead: Type.String(),
  assist: Type.Array(Type.String()),
  limit: Limit,
  source: Type.Union([
    Type.Object({
      kind: Type.Literal('rule'),
      ruleId: Type.String(),
      version: Type.Integer(),
      divisionCode: Type.String(),
    }),
    Type.Object({ kind: Type.Literal('fallback'), divisionCode: Type.String() }),
  ]),
  explanation: Type.String(),
  limitSource: Type.String(),
});

export const DuplicatesView = Type.Object({
  candidates: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.Union([Type.String(), Type.Null()]),
      state: Type.String(),
      description: Type.String(),
      openedAt: Type.String(),
      distanceM: Type.Number(),
      similarity: Type.Number({ description: 'character-bigram Dice coefficient of the descriptions, 0–1' }),
      score: Type.Number({ description: 'what the list is ranked by: 0.7 × similarity + 0.3 × nearness' }),
    }),
  ),
  merged: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.Union([Type.String(), Type.Null()]),
      openedBy: Type.String(),
      openedAt: Type.String(),
    }),
  ),
});

export const MergeBody = Type.Object(
  { into: Uuid, note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

export const SplitBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
);
