import { Type } from 'typebox';
import { PageQuery } from '../../platform/paging.ts';
import { LocalDate, OwnerDivision, Timestamp, Uuid } from '../../platform/schemas.ts';

const ConfigKeyName = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9.-]+$' });

export const ConfigKeyInfo = Type.Object({
  key: Type.String(),
  description: Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() }),
  default: Type.Unknown(),
  schema: Type.Unknown({ description: 'JSON Schema the value must satisfy' }),
});

export const ConfigVersion = Type.Object({
  id: Uuid,
  key: Type.String(),
  divisionCode: Type.String({ description: "'' = the whole installation" }),
  effectiveFrom: LocalDate,
  effectiveTo: Type.Union([LocalDate, Type.Null()], { description: 'exclusive; null = until further notice' }),
  value: Type.Unknown(),
  note: Type.String(),
  createdBy: Type.String(),
  createdAt: Timestamp,
});

export const NewConfigVersion = Type.Object(
  {
    key: ConfigKeyName,
    divisionCode: OwnerDivision,
    effectiveFrom: LocalDate,
    value: Type.Unknown(),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const VersionsQuery = PageQuery(['effectiveFrom', 'divisionCode', 'createdAt'] as const, {
  key: Type.Optional(ConfigKeyName),
  division: Type.Optional(OwnerDivision),
});

export const ResolveQuery = Type.Object(
  {
    key: ConfigKeyName,
    division: OwnerDivision,
    at: Type.Optional(LocalDate),
  },
  { additionalProperties: false },
);

export const Resolved = Type.Object({
  key: Type.String(),
  divisionCode: Type.String(),
  at: LocalDate,
  value: Type.Unknown(),
  source: Type.Object({
    versionId: Type.Union([Uuid, Type.Null()]),
    divisionCode: Type.Union([Type.String(), Type.Null()]),
    effectiveFrom: Type.Union([LocalDate, Type.Null()]),
  }),
});
