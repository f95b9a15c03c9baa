import { type TSchema, Type } from 'typebox';
import { DivisionCode, LocalDate, NullableTimestamp, Timestamp, Uuid } from '../../platform/schemas.ts';
import { INDICATOR_KEYS, MEASURE_KEYS, PERIOD_KINDS } from './indicators.definitions.ts';

const Text = Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const Filters = {
  period: Type.Optional(
    Type.Enum(PERIOD_KINDS, {
      default: 'month',
      description: 'day, half-month (1st–15th, 16th–end), month, quarter or year, in business time',
    }),
  ),
  date: Type.Optional({ ...LocalDate, description: 'any day inside the period (default today)' }),
  by: Type.Optional(
    Type.Union([Type.Literal('unit'), Type.Literal('division'), Type.Literal('grid')], {
      default: 'unit',
      description:
        'rows: the lead unit (主办单位; "" for cases never dispatched), the divisions one level below `division`, or the grid ("" none)',
    }),
  ),
  division: Type.Optional({
    ...DivisionCode,
    description:
      'only cases owned in this division (and below); for by=division the rows are its children. Default: your area',
  }),
};

export const FigureQuery = Type.Object(Filters, { additionalProperties: false });

export const CasesQuery = Type.Object(
  {
    ...Filters,
    row: Type.Optional(
      Type.String({
        maxLength: 40,
        description: 'the row (unit id, division code or grid code; "" the row without one). Default: every row',
      }),
    ),
    part: Type.Optional(
      Type.Union([Type.Literal('numerator'), Type.Literal('denominator')], { default: 'denominator' }),
    ),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  { additionalProperties: false },
);

export const IndicatorKeyParams = Type.Object(
  { key: Type.String({ maxLength: 40, description: `one of ${INDICATOR_KEYS.join(', ')}` }) },
  { additionalProperties: false },
);

const PeriodView = Type.Object({
  kind: Type.Enum(PERIOD_KINDS),
  from: LocalDate,
  to: LocalDate,
});

const FigureView = Type.Object({
  key: Type.Enum(INDICATOR_KEYS),
  numerator: Type.Integer({ minimum: 0 }),
  denominator: Type.Integer({ minimum: 0 }),
  rate: Type.Union([Type.Number(), Type.Null()], {
    description: 'numerator / denominator (4 decimals); null: none due',
  }),
});

const RowView = Type.Object({
  key: Type.String({ description: 'unit id, division code or grid code; "" the row without one (or the total)' }),
  name: Nullable(Type.String()),
  figures: Type.Array(FigureView),
  composite: Type.Union([Type.Number(), Type.Null()], {
    description: 'composite score 0–100 under the weights in force on the period’s first day; null: nothing due',
  }),
});

export const FigureTableView = Type.Object({
  period: PeriodView,
  by: Type.Union([Type.Literal('unit'), Type.Literal('division'), Type.Literal('grid')]),
  division: Type.String({ description: 'the division the rows lie in ("" the installation)' }),
  rows: Type.Array(RowView),
  total: RowView,
  weights: Type.Object({
    values: Type.Record(Type.String(), Type.Number()),
    versionId: Nullable(Uuid),
    divisionCode: Nullable(Type.String()),
    effectiveFrom: Nullable(LocalDate),
    at: LocalDate,
  }),
});

export const CaseBehindView = Type.Object({
  caseId: Uuid,
  ref: Type.String({ description: 'the item within the case: "" the case, a task id (dispatch, check), a visit' }),
  day: LocalDate,
  rowKey: Type.String(),
  number: Nullable(Type.String()),
  state: Type.String(),
  categoryCode: Nullable(Type.String()),
  categoryName: Nullable(Text),
  ownerDivision: Type.String(),
  gridCode: Nullable(Type.String()),
  leadUnit: Nullable(Uuid),
  reportedAt: Timestamp,
  handleDueAt: NullableTimestamp,
  handledAt: NullableTimestamp,
  closedAt: NullableTimestamp,
  closureType: Nullable(
    Type.String({ description: '结案类型: normal, overdue, error or special (shown, not counted)' }),
  ),
});

export const CasesBehindView = Type.Object({
  items: Type.Array(CaseBehindView),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer(),
  period: PeriodView,
  measure: Type.Enum(MEASURE_KEYS),
});

export const DefinitionsView = Type.Object({
  indicators: Type.Array(
    Type.Object({
      key: Type.Enum(INDICATOR_KEYS),
      name: Text,
      numerator: Type.String(),
      denominator: Type.String(),
      lowerIsBetter: Type.Boolean(),
    }),
  ),
  measures: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Text,
      item: Type.String(),
      date: Text,
    }),
  ),
});

export const RebuildView = Type.Object({ cases: Type.Integer(), marks: Type.Integer() });
export const VerifyView = Type.Object({
  cases: Type.Integer(),
  marks: Type.Integer(),
  differences: Type.Array(Type.String(), { description: 'at most 200 lines' }),
  differenceCount: Type.Integer(),
});
