import { Type } from 'typebox';
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
  },
  { additionalProperties: false },
);

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
