import { Type } from 'typebox';
import { DIVISION_CODE_PATTERN } from './divisions.ts';

/** Schemas shared by many routes. */
export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 with offset, business time zone' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
export const LocalDate = Type.String({ format: 'date', description: 'calendar date in the business time zone' });
export const DivisionCode = Type.String({
  pattern: DIVISION_CODE_PATTERN,
  description: 'division code in significant digits: 2 province, 4 city, 6 county, 9 town, 12 community',
});
/** A division or '' for the whole installation. */
export const OwnerDivision = Type.Union([DivisionCode, Type.Literal('')]);
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'retry-safe creation: same key and body → first response',
    }),
  ),
});
