import { Type } from 'typebox';
import { DivisionCode, LocalDate, Timestamp } from '../../platform/schemas.ts';

export const SituationQuery = Type.Object(
  {
    division: Type.Optional({
      ...DivisionCode,
      description: 'the division on screen (its cases and below). Default: your area',
    }),
  },
  { additionalProperties: false },
);

const Count = Type.Integer({ minimum: 0 });

export const SituationView = Type.Object({
  division: Type.String({ description: 'the division counted ("" the installation)' }),
  mode: Type.Union([Type.Literal('divisions'), Type.Literal('grids')], {
    description: 'divisions: rows are the divisions one level below (and the division itself); grids: grid codes',
  }),
  at: Timestamp,
  rows: Type.Array(
    Type.Object({
      code: Type.String({ description: 'a division code, a grid code, or "" (open cases in no grid)' }),
      open: Count,
      overdue: { ...Count, description: 'open with a running clock past due (red)' },
    }),
  ),
  today: Type.Object({
    opened: { ...Count, description: 'cases opened today (business date)' },
    closed: { ...Count, description: 'cases closed today' },
    open: { ...Count, description: 'open now' },
    overdue: { ...Count, description: 'open now with a running clock past due' },
  }),
  trend: Type.Array(Type.Object({ date: LocalDate, opened: Count, closed: Count }), {
    description: 'the last 30 business days, today last',
  }),
});
