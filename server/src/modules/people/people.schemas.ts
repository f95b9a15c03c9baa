import { Type } from 'typebox';
import { PageQuery } from '../../platform/paging.ts';
import { MaskedString } from '../../platform/personal-data/index.ts';
import { OwnerDivision, Timestamp, Uuid } from '../../platform/schemas.ts';

/** The personal data of a person that is sealed in the database and masked in responses. */
export const PERSONAL_FIELDS = ['phone', 'idCard', 'address'] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

export const NAME_MAX = 100;
export const ADDRESS_MAX = 300;

const PersonalFieldName = Type.Union(
  PERSONAL_FIELDS.map((f) => Type.Literal(f)),
  { description: 'phone, idCard or address' },
);

export const PersonView = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  ownerDivision: Type.String({ description: "the division the person belongs to ('' = the whole installation)" }),
  phone: Type.Union([MaskedString('phone'), Type.Null()]),
  idCard: Type.Union([MaskedString('idCard'), Type.Null()]),
  address: Type.Union([MaskedString('address'), Type.Null()]),
  masked: Type.Object(
    { phone: Type.Boolean(), idCard: Type.Boolean(), address: Type.Boolean() },
    { description: 'true where the field holds a value and is shown masked' },
  ),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

// Lengths are generous bounds against abuse; the service checks the values themselves (bilingual errors).
const Phone = Type.String({
  minLength: 1,
  maxLength: 40,
  description: "mainland mobile (13803551234, '+86 138 0355 1234') or landline with area code (0355-2021234)",
});
const IdCard = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'resident identity card number (18 characters)',
});
const Address = Type.String({ minLength: 1, maxLength: ADDRESS_MAX });
const DisplayName = Type.String({ minLength: 1, maxLength: NAME_MAX });

export const NewPerson = Type.Object(
  {
    displayName: DisplayName,
    ownerDivision: OwnerDivision,
    phone: Type.Optional(Phone),
    idCard: Type.Optional(IdCard),
    address: Type.Optional(Address),
  },
  { additionalProperties: false },
);

export const PersonPatch = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    ownerDivision: Type.Optional(OwnerDivision),
    phone: Type.Optional(Type.Union([Phone, Type.Null()], { description: 'null removes it' })),
    idCard: Type.Optional(Type.Union([IdCard, Type.Null()], { description: 'null removes it' })),
    address: Type.Optional(Type.Union([Address, Type.Null()], { description: 'null removes it' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UnmaskRequest = Type.Object(
  {
    fields: Type.Array(PersonalFieldName, {
      minItems: 1,
      maxItems: PERSONAL_FIELDS.length,
      uniqueItems: true,
      description: 'the fields to show in full; each request is recorded in the audit log',
    }),
  },
  { additionalProperties: false },
);

export const PeopleQuery = PageQuery(['displayName', 'createdAt', 'updatedAt'] as const, {
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'part of the name; a phone number typed here also finds its owner',
    }),
  ),
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'the exact phone number, any format' })),
  division: Type.Optional(OwnerDivision),
});
