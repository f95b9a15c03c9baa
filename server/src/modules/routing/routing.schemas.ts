import { Type } from 'typebox';
import { DIVISION_CODE_PATTERN } from '../../platform/divisions.ts';
import { PageQuery } from '../../platform/paging.ts';
import { LocalDate, Timestamp, Uuid } from '../../platform/schemas.ts';

/** At most this many assisting units (协办) on one rule. */
export const ASSIST_MAX = 20;
/** Priorities run from 0 (the default) to this; the higher wins among otherwise equal rules. */
export const PRIORITY_MAX = 1000;
export const NOTE_MAX = 500;
/** Minutes after local midnight: 0 = 00:00 … 1439 = 23:59. */
export const MINUTE_MAX = 1439;
/** A code set's key as the taxonomy names it (`cjt214.event`, `gbt47678.matter`, `12345.demand`). */
export const CODE_SET_PATTERN = '^[0-9a-z][0-9a-z._-]{0,39}$';
/** A class or subclass code within its set (`01`, `0102`, `06010`). */
export const CATEGORY_CODE_PATTERN = '^[0-9A-Za-z]{1,16}$';

const CodeSet = Type.String({ pattern: CODE_SET_PATTERN, description: 'the code set, e.g. cjt214.event' });
const CategoryCode = Type.String({
  pattern: CATEGORY_CODE_PATTERN,
  description: 'a subclass (0102 暴露垃圾) or a class (01 市容环境: then every subclass of it)',
});
const minute = (description: string) => Type.Integer({ minimum: 0, maximum: MINUTE_MAX, description });
const date = (description: string) => Type.String({ format: 'date', description });
const uuid = (description: string) => Type.String({ format: 'uuid', description });
const division = (description: string) => Type.String({ pattern: DIVISION_CODE_PATTERN, description });

export const RuleIdParams = Type.Object({ ruleId: Uuid }, { additionalProperties: false });

const ruleFields = {
  codeSet: CodeSet,
  categoryCode: CategoryCode,
  divisionCode: division('the division whose subtree the rule covers (significant digits: 6 county, 9 town…)'),
  fromMinute: Type.Optional(
    minute(
      'start of the time window, minutes after local midnight (1320 = 22:00); with toMinute, or neither (all day)',
    ),
  ),
  toMinute: Type.Optional(
    minute('end of the time window, exclusive (360 = 06:00); smaller than fromMinute: the window crosses midnight'),
  ),
  leadUnitId: uuid('主办: the org unit that handles the problem'),
  assistUnitIds: Type.Optional(
    Type.Array(Uuid, { maxItems: ASSIST_MAX, uniqueItems: true, description: '协办: org units that assist' }),
  ),
  priority: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: PRIORITY_MAX,
      description: 'among rules of the same division, category level and time-window kind the higher wins; default 0',
    }),
  ),
  note: Type.Optional(Type.String({ maxLength: NOTE_MAX })),
};
/** Both ends of a window or neither: listed with every other problem by the validator. */
const windowPair = { dependencies: { fromMinute: ['toMinute'], toMinute: ['fromMinute'] } };

export const NewRuleBody = Type.Object(
  {
    ...ruleFields,
    effectiveFrom: Type.Optional(date('the first day the rule applies (default today); not in the past')),
  },
  { additionalProperties: false, ...windowPair },
);

export const RuleRevisionBody = Type.Object(
  {
    ...ruleFields,
    effectiveFrom: date('the first day of the new version: after the current version took effect, and not in the past'),
  },
  { additionalProperties: false, ...windowPair },
);

export const RetireQuery = Type.Object(
  {
    effectiveFrom: Type.Optional(date('the first day the rule no longer applies (default today)')),
  },
  { additionalProperties: false },
);

export const RuleListQuery = PageQuery(
  ['divisionCode', 'categoryCode', 'priority', 'validFrom', 'updatedAt'] as const,
  {
    at: Type.Optional(date('the versions in force on this date (default today)')),
    codeSet: Type.Optional(CodeSet),
    category: Type.Optional(
      Type.String({
        pattern: CATEGORY_CODE_PATTERN,
        description: 'rules for this category and, for a class, for its subclasses',
      }),
    ),
    division: Type.Optional(division('rules for this division and the divisions under it')),
    unit: Type.Optional(uuid('rules in which this org unit leads or assists')),
  },
);

export const RuleAtQuery = Type.Object(
  { at: Type.Optional(date('which version is current (default today)')) },
  { additionalProperties: false },
);

export const SuggestQuery = Type.Object(
  {
    codeSet: CodeSet,
    category: CategoryCode,
    division: division("the case's division (a community, town…)"),
    at: Type.Optional(
      Type.String({ format: 'date-time', description: 'when the problem is dispatched (default now)' }),
    ),
  },
  { additionalProperties: false },
);

export const RuleVersionView = Type.Object({
  id: Type.String({ description: 'this version' }),
  ruleId: Type.String({ description: 'the rule, the same in every version' }),
  version: Type.Integer(),
  codeSet: Type.String(),
  categoryCode: Type.String(),
  divisionCode: Type.String(),
  fromMinute: Type.Union([Type.Integer(), Type.Null()]),
  toMinute: Type.Union([Type.Integer(), Type.Null()]),
  window: Type.Union([Type.String(), Type.Null()], {
    description: 'the time window as HH:MM–HH:MM in business time; null: all day',
  }),
  leadUnitId: Type.String(),
  assistUnitIds: Type.Array(Type.String()),
  priority: Type.Integer(),
  note: Type.Union([Type.String(), Type.Null()]),
  validFrom: LocalDate,
  validTo: Type.Union([LocalDate, Type.Null()], { description: 'exclusive; null while in force' }),
  updatedAt: Timestamp,
  updatedBy: Type.String({ description: "account id, or 'operator'" }),
});

export const RuleDetailView = Type.Object({
  ruleId: Type.String(),
  at: LocalDate,
  current: Type.Union([RuleVersionView, Type.Null()], {
    description: 'the version in force on `at`; null before the first or after the rule was retired',
  }),
  versions: Type.Array(RuleVersionView, { description: 'every version, the first first' }),
});

const Bilingual = Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() });

export const SuggestionView = Type.Object({
  leadUnitId: Type.String({ description: '主办' }),
  assistUnitIds: Type.Array(Type.String(), { description: '协办' }),
  source: Type.Union(
    [
      Type.Object({
        kind: Type.Literal('rule'),
        ruleId: Type.String(),
        version: Type.Integer(),
        divisionCode: Type.String({ description: "the rule's division" }),
      }),
      Type.Object({
        kind: Type.Literal('fallback'),
        divisionCode: Type.String({ description: 'the town/street whose own unit is responsible (属地兜底)' }),
      }),
    ],
    { description: 'a rule version, or the territorial fallback' },
  ),
  explanation: Bilingual,
  skipped: Type.Array(
    Type.Object({ ruleId: Type.String(), version: Type.Integer(), inactiveUnitIds: Type.Array(Type.String()) }),
    { description: 'rules that would have applied but name an org unit that does not exist or was dissolved' },
  ),
  at: Timestamp,
});
