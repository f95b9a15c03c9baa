import { Type } from 'typebox';
import { LocalDate, Timestamp } from '../../platform/schemas.ts';

const L = Type.Literal;

/** A code set's key: lower case, dotted (`cjt214.event`, `12345.demand`). */
export const CODE_SET_KEY_PATTERN = '^[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*$';
/** A category's full code within its set: digits or letters (`01`, `0102`, `06010`). */
export const CATEGORY_CODE_PATTERN = '^[0-9A-Za-z]{1,16}$';
/** The longest limit the taxonomy takes, in its unit (a thousand working days is four years). */
export const LIMIT_AMOUNT_MAX = 1000;
/** Codes one crosswalk entry may name. */
export const CROSSWALK_CODES_MAX = 100;

const SetKey = Type.String({
  pattern: CODE_SET_KEY_PATTERN,
  maxLength: 40,
  description: 'the code set, e.g. cjt214.event, cjt214.component, gbt47678.matter, 12345.demand',
});
const Code = Type.String({
  pattern: CATEGORY_CODE_PATTERN,
  description: 'the full code within the set: class 01, subclass 0102 (CJ/T 214); 06010 (GB/T 47678.5)',
});
const Name = Type.String({ minLength: 1, maxLength: 100 });
const LocalText = (description: string) =>
  Type.Object(
    {
      'zh-CN': Type.String({ minLength: 1, maxLength: 500 }),
      'en-US': Type.String({ minLength: 1, maxLength: 500 }),
    },
    { additionalProperties: false, description },
  );

export const CodeSetKind = Type.Union([L('event'), L('component'), L('matter'), L('demand')], {
  description: 'event 事件 | component 部件 | matter 事项 (GB/T 47678.5) | demand 诉求 (12345)',
});
export const Level = Type.Union([L('class'), L('subclass')], { description: 'class 大类 | subclass 小类' });
export const LimitUnit = Type.Union([L('working_hours'), L('working_days'), L('natural_hours')], {
  description: 'working_hours 工作时 | working_days 工作日 | natural_hours 自然时',
});
export const UrgencyLevelName = Type.Union([L('normal'), L('urgent'), L('emergency')], {
  description: 'normal 一般 | urgent 紧急 | emergency 特急',
});

export const Limit = Type.Object(
  {
    amount: Type.Number({ exclusiveMinimum: 0, maximum: LIMIT_AMOUNT_MAX, description: 'more than 0; 0.5 allowed' }),
    unit: LimitUnit,
  },
  { additionalProperties: false },
);

export const Rules = Type.Object(
  {
    registration: Type.Union([LocalText('立案条件: when a report becomes a case'), Type.Null()]),
    closing: Type.Union([LocalText('结案条件: when a case may be closed'), Type.Null()]),
    limits: Type.Object(
      {
        verify: Type.Optional(Limit),
        dispatch: Type.Optional(Limit),
        handle: Limit,
        check: Type.Optional(Limit),
      },
      {
        additionalProperties: false,
        description: 'stage limits: verify 核实, dispatch 派遣, handle 处置 (required), check 核查',
      },
    ),
    urgency: Type.Array(
      Type.Object(
        { level: UrgencyLevelName, name: LocalText('the level as people say it'), handle: Limit },
        { additionalProperties: false },
      ),
      { maxItems: 3, description: '紧急程度: each level with the handle limit it carries instead of the ordinary one' },
    ),
  },
  { additionalProperties: false, description: 'a subclass’s rules; a class carries none' },
);

export const SetParams = Type.Object({ set: SetKey }, { additionalProperties: false });
export const CategoryParams = Type.Object({ set: SetKey, code: Code }, { additionalProperties: false });

const At = Type.Optional(
  Type.String({ format: 'date', description: 'read the versions in force on this business date (default today)' }),
);
export const AtQuery = Type.Object({ at: At }, { additionalProperties: false });
export const CategoriesQuery = Type.Object(
  {
    at: At,
    level: Type.Optional(Level),
    parent: Type.Optional(
      Type.String({ pattern: CATEGORY_CODE_PATTERN, description: 'only the subclasses of this class' }),
    ),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 60,
        description: 'the start of the code, or part of the Chinese or English name',
      }),
    ),
  },
  { additionalProperties: false },
);
export const RetireQuery = Type.Object(
  {
    effectiveFrom: Type.Optional(
      Type.String({ format: 'date', description: 'the first day it is no longer in force (default today)' }),
    ),
  },
  { additionalProperties: false },
);

export const CodeSetView = Type.Object({
  key: Type.String(),
  kind: CodeSetKind,
  name: Type.String({ description: "in the caller's language" }),
  nameZh: Type.String(),
  nameEn: Type.String(),
  standard: Type.Union([Type.String(), Type.Null()], {
    description: 'the standard it comes from; null for a local set',
  }),
  active: Type.Boolean({ description: 'whether new cases may be classified with it' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const CodeSetList = Type.Object({ items: Type.Array(CodeSetView) });

export const NewCodeSet = Type.Object(
  {
    key: SetKey,
    kind: CodeSetKind,
    nameZh: Name,
    nameEn: Name,
    standard: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
    active: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

export const CategoryView = Type.Object({
  codeSet: Type.String(),
  code: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()], { description: 'the class of a subclass; null for a class' }),
  level: Level,
  name: Type.String({ description: "in the caller's language" }),
  nameZh: Type.String(),
  nameEn: Type.String(),
  rules: Type.Union([Rules, Type.Null()], { description: 'a subclass’s rules; null for a class' }),
  position: Type.Integer({ description: 'display order within its parent' }),
  version: Type.Integer({ description: '1 for the first version of the code, +1 for each later one' }),
  validFrom: LocalDate,
  validTo: Type.Union([LocalDate, Type.Null()], { description: 'exclusive; null while in force' }),
  updatedAt: Timestamp,
  updatedBy: Type.String({ description: "account id, or 'operator'" }),
});

export const CategoryList = Type.Object({
  codeSet: Type.String(),
  at: LocalDate,
  items: Type.Array(CategoryView, { description: 'each class followed by its subclasses' }),
});

export const VersionSummary = Type.Object({
  version: Type.Integer(),
  validFrom: LocalDate,
  validTo: Type.Union([LocalDate, Type.Null()]),
});
export const CategoryDetail = Type.Object({
  ...CategoryView.properties,
  versions: Type.Array(VersionSummary, { description: 'every version of the code, oldest first' }),
});

export const NewCategory = Type.Object(
  {
    code: Code,
    parentCode: Type.Optional(
      Type.Union([Type.String({ pattern: CATEGORY_CODE_PATTERN }), Type.Null()], {
        description: 'the class of a new subclass; absent or null for a new class',
      }),
    ),
    nameZh: Name,
    nameEn: Name,
    rules: Type.Optional(Rules),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: 'default: after its siblings' })),
    validFrom: Type.Optional(Type.String({ format: 'date', description: 'the first day in force (default today)' })),
  },
  { additionalProperties: false },
);

export const CategoryRevision = Type.Object(
  {
    effectiveFrom: Type.String({
      format: 'date',
      description: 'the first day of the new version: today or later, and after the latest version begins',
    }),
    nameZh: Name,
    nameEn: Name,
    rules: Type.Optional(Rules),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: 'default: as before' })),
  },
  { additionalProperties: false },
);

export const CrosswalkQuery = Type.Object(
  {
    from: SetKey,
    code: Code,
    to: SetKey,
    at: At,
  },
  { additionalProperties: false },
);
export const CrosswalkBody = Type.Object(
  {
    from: SetKey,
    code: Code,
    to: SetKey,
    codes: Type.Array(Type.String({ pattern: CATEGORY_CODE_PATTERN }), {
      maxItems: CROSSWALK_CODES_MAX,
      uniqueItems: true,
      description: 'every code of `to` that corresponds to `code`; [] removes the correspondence',
    }),
  },
  { additionalProperties: false },
);
export const CrosswalkView = Type.Object({
  from: Type.String(),
  code: Type.String(),
  to: Type.String(),
  codes: Type.Array(Type.String(), { description: 'the corresponding codes of `to`, read both ways round' }),
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.Union([Type.String(), Type.Null()], {
        description: "in the caller's language, from the version in force on `at`; null when none is",
      }),
    }),
  ),
});
