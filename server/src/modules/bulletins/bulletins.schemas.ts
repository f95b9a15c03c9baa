import { type TSchema, Type } from 'typebox';
import { DivisionCode, LocalDate, Timestamp, Uuid } from '../../platform/schemas.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const BulletinKind = Type.Union([Type.Literal('half-month'), Type.Literal('month')], {
  description: 'half-month (半月督查: 1st–15th, 16th–end) or month (月度通报)',
});

export const GenerateBody = Type.Object(
  {
    kind: BulletinKind,
    period: { ...LocalDate, description: 'any day inside the period reported on' },
    division: { ...DivisionCode, description: 'the division reported on (the city, a county…); in your area' },
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    kind: Type.Optional(BulletinKind),
    division: Type.Optional(DivisionCode),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  { additionalProperties: false },
);

const Figure = Type.Object({ numerator: Type.Integer(), denominator: Type.Integer(), rate: Nullable(Type.Number()) });
const RankRow = Type.Object({
  key: Type.String(),
  name: Type.String(),
  figures: Type.Record(Type.String(), Figure),
  composite: Nullable(Type.Number()),
});

export const FiguresView = Type.Object({
  kind: BulletinKind,
  from: LocalDate,
  to: LocalDate,
  division: Type.String(),
  divisionName: Type.String(),
  issuer: Type.String(),
  number: Type.String(),
  title: Type.String(),
  salutation: Type.String(),
  issuedOn: LocalDate,
  indicators: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      numeratorName: Type.String(),
      denominatorName: Type.String(),
    }),
  ),
  total: RankRow,
  previous: Nullable(Type.Object({ from: LocalDate, to: LocalDate, total: RankRow })),
  units: Type.Array(RankRow),
  divisions: Type.Array(RankRow),
  overdue: Type.Array(
    Type.Object({
      number: Type.String(),
      category: Type.String(),
      unit: Type.String(),
      division: Type.String(),
      dueAt: Type.String({ description: 'local business time, yyyy-MM-dd HH:mm' }),
      daysOverdue: Type.Integer(),
    }),
  ),
  weights: Type.Object({ values: Type.Record(Type.String(), Type.Number()), versionId: Nullable(Uuid) }),
});

const Summary = {
  id: Uuid,
  kind: BulletinKind,
  periodFrom: LocalDate,
  periodTo: LocalDate,
  division: Type.String(),
  number: Type.String({ description: '文号, e.g. 长城管通〔2026〕12号' }),
  title: Type.String(),
  generatedAt: Timestamp,
  generatedBy: Type.String({ description: 'the account that asked for it, or "scheduler"' }),
  weightsVersionId: Nullable(Uuid),
  docxFileId: Uuid,
  xlsxFileId: Uuid,
  docxSha256: Type.String(),
  xlsxSha256: Type.String(),
  ownerDivision: Type.String(),
};
export const BulletinSummaryView = Type.Object(Summary);
export const BulletinView = Type.Object({ ...Summary, figures: FiguresView });
export const BulletinListView = Type.Object({
  items: Type.Array(BulletinSummaryView),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

const Hash = Type.Object({ sha256: Type.String(), archived: Type.String(), matches: Type.Boolean() });
export const RegenerateView = Type.Object({
  identical: Type.Boolean({ description: 'both files made again byte for byte equal the archived ones' }),
  docx: Hash,
  xlsx: Hash,
});

export const DocxContent = Type.Unsafe<Buffer>({
  description: 'the bulletin as a Word document (.docx)',
  content: { [DOCX]: { schema: { type: 'string', format: 'binary' } } },
});
export const XlsxContent = Type.Unsafe<Buffer>({
  description: 'the bulletin’s appendix (.xlsx)',
  content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
});
