import { Type } from 'typebox';
import { NullableTimestamp, Timestamp } from '../../platform/schemas.ts';

const Uuid = Type.String({ format: 'uuid' });
const Bilingual = Type.String();

export const ChallengeView = Type.Object({
  question: Type.String({ description: 'in Chinese, e.g. 3 加 4 等于几?' }),
  questionEn: Type.String(),
  token: Type.String({ description: 'send back with the answer; signed, expires after 10 minutes, usable once' }),
  expiresAt: Timestamp,
});

const ChallengeAnswer = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    answer: Type.String({ minLength: 1, maxLength: 10 }),
  },
  { additionalProperties: false },
);

export const NewPortalReportBody = Type.Object(
  {
    location: Type.Object(
      {
        lng: Type.Number({ minimum: -180, maximum: 180 }),
        lat: Type.Number({ minimum: -90, maximum: 90 }),
        crs: Type.Optional(Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')])),
        address: Type.Optional(Type.String({ maxLength: 200 })),
      },
      { additionalProperties: false },
    ),
    category: Type.String({ minLength: 1, maxLength: 16, description: 'a CJ/T 214 event subclass code, e.g. 0104' }),
    description: Type.String({ minLength: 2, maxLength: 2000 }),
    anonymous: Type.Optional(Type.Boolean({ description: 'true: no contact kept, the history says 匿名市民' })),
    contact: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
          phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
        },
        { additionalProperties: false },
      ),
    ),
    challenge: ChallengeAnswer,
    photos: Type.Optional(
      Type.Object(
        {
          uploadToken: Type.String({ minLength: 1, maxLength: 100 }),
          ids: Type.Array(Uuid, { minItems: 1, maxItems: 9 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Status = Type.Object({ key: Type.String(), name: Bilingual });

export const PortalReportCreated = Type.Object({
  code: Type.String({ description: 'the tracking code, e.g. K7QM-2XPA-9D4C' }),
  number: Type.Union([Type.String(), Type.Null()]),
  status: Status,
});

export const TrackParams = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 30 }) },
  { additionalProperties: false },
);

export const PublicCase = Type.Object({
  code: Type.String(),
  number: Type.Union([Type.String(), Type.Null()]),
  category: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  status: Status,
  reportedAt: Timestamp,
  updatedAt: Timestamp,
  closedAt: NullableTimestamp,
  version: Type.Integer({ description: 'changes with every step: poll and compare' }),
  canRate: Type.Boolean(),
  rating: Type.Union([
    Type.Object({
      satisfaction: Type.String(),
      name: Type.String(),
      comment: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  history: Type.Array(
    Type.Object({
      step: Type.String(),
      name: Type.String(),
      at: Timestamp,
      unit: Type.Union([Type.String(), Type.Null()]),
      detail: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const RatingBody = Type.Object(
  {
    satisfaction: Type.Union([Type.Literal('satisfied'), Type.Literal('basically'), Type.Literal('dissatisfied')]),
    comment: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const PublicMap = Type.Object({
  points: Type.Array(
    Type.Object({
      lng: Type.Number(),
      lat: Type.Number(),
      category: Type.Object({ code: Type.String(), name: Type.String() }),
      status: Status,
      reportedOn: Type.String({ format: 'date' }),
    }),
  ),
});

export const Published = Type.Object({ caseId: Uuid, publishedAt: Timestamp });
export const Unpublished = Type.Object({
  caseId: Uuid,
  wasPublished: Type.Boolean({ description: 'false when the case was not on the map' }),
});

export const ContactQuery = Type.Object({
  unmask: Type.Optional(
    Type.Boolean({ description: 'in full (needs personal-data.unmask; recorded in the audit log)', default: false }),
  ),
});
export const PortalContact = Type.Object({
  anonymous: Type.Boolean({ description: 'the citizen asked to stay anonymous: no contact was kept' }),
  name: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  masked: Type.Boolean(),
});

export const PhotoUploaded = Type.Object({
  id: Uuid,
  uploadToken: Type.String({ description: 'name it with the next photos and in the report' }),
});

export const PhotoQuery = Type.Object(
  { uploadToken: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
);

export const PortalCategories = Type.Object({
  classes: Type.Array(
    Type.Object({
      code: Type.String({ description: 'the class (大类), e.g. 01' }),
      name: Type.String(),
      subclasses: Type.Array(
        Type.Object({
          code: Type.String({ description: 'what a report names as `category`, e.g. 0104' }),
          name: Type.String(),
          hint: Type.Union([Type.String(), Type.Null()], {
            description: 'what counts as this problem (the registration criterion), in the language asked for',
          }),
        }),
      ),
    }),
  ),
});

export const ServiceArea = Type.Object({
  type: Type.Literal('FeatureCollection'),
  synthetic: Type.Boolean({ description: 'true when the outlines are generated demo geometry, not real boundaries' }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String({ description: 'the community code' }),
      geometry: Type.Unknown({ description: 'GeoJSON Polygon or MultiPolygon, WGS84' }),
      properties: Type.Object({
        code: Type.String(),
        name: Type.String(),
        label: Type.Union([Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }), Type.Null()]),
      }),
    }),
  ),
});
