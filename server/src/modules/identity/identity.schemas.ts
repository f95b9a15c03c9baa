import { Type } from 'typebox';
import { PERMISSIONS, type Permission } from '../../platform/access.ts';
import { PageQuery } from '../../platform/paging.ts';
import { NullableTimestamp, OwnerDivision, Timestamp, Uuid } from '../../platform/schemas.ts';

// Bounds against abuse only; the service checks the values (bilingual messages).
const Username = Type.String({ minLength: 1, maxLength: 200, description: 'case-insensitive' });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const NewPassword = Type.String({
  minLength: 1,
  maxLength: 1024,
  description: 'at least 10 characters mixing 3 of upper case, lower case, digits and symbols (security.passwords)',
});
const TotpCode = Type.String({
  minLength: 1,
  maxLength: 12,
  description: 'the 6-digit code from the authenticator app',
});
const DisplayName = Type.String({ minLength: 1, maxLength: 100 });

export const AccountSummary = Type.Object({
  id: Uuid,
  username: Type.String(),
  mustChangePassword: Type.Boolean(),
  totpEnabled: Type.Boolean(),
});

export const LoginRequest = Type.Object(
  { username: Username, password: Password, totp: Type.Optional(TotpCode) },
  { additionalProperties: false },
);

export const LoginResponse = Type.Object({
  account: AccountSummary,
  secondFactorRequired: Type.Boolean({
    description:
      'the session opens only /api/auth/totp/* and /api/auth/me until a code is given (verify), or set up (setup, enable) when totpEnabled is false',
  }),
});

export const PermissionName = Type.Unsafe<Permission>({ type: 'string', enum: [...PERMISSIONS] });

export const Me = Type.Object({
  person: Type.Object({ id: Uuid, displayName: Type.String() }),
  account: AccountSummary,
  roles: Type.Array(Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String() })),
  permissions: Type.Array(PermissionName),
  scopes: Type.Object({
    divisions: Type.Array(Type.String()),
    grids: Type.Array(Type.String()),
    orgUnits: Type.Array(Type.String()),
  }),
  demo: Type.Boolean(),
  secondFactorRequired: Type.Boolean({ description: 'this session still waits for the second factor' }),
});

export const SessionItem = Type.Object({
  id: Uuid,
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
});

export const SessionList = Type.Object({ items: Type.Array(SessionItem) });
export const Ended = Type.Object({ ended: Type.Integer() });

export const PasswordChange = Type.Object(
  { currentPassword: Password, newPassword: NewPassword },
  { additionalProperties: false },
);

export const TotpSetup = Type.Object({
  secret: Type.String({ description: 'base32; type it into the authenticator app if the QR code cannot be scanned' }),
  otpauthUrl: Type.String({ description: 'otpauth:// URI to show as a QR code' }),
});

export const TotpCodeBody = Type.Object({ code: TotpCode }, { additionalProperties: false });

const Status = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);

export const User = Type.Object({
  id: Uuid,
  username: Type.String(),
  personId: Uuid,
  displayName: Type.String(),
  status: Status,
  orgUnitId: Type.Union([Uuid, Type.Null()]),
  ownerDivision: Type.String({ description: "'' = the whole installation" }),
  mustChangePassword: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  failedAttempts: Type.Integer(),
  lockedUntil: NullableTimestamp,
  lastLoginAt: NullableTimestamp,
  passwordChangedAt: Timestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreatedUser = Type.Object({
  ...User.properties,
  temporaryPassword: Type.Union([Type.String(), Type.Null()], {
    description: 'when no password was given: shown this once, to be changed at the first sign-in',
  }),
});

export const NewUser = Type.Object(
  {
    username: Type.String({
      minLength: 3,
      maxLength: 64,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
      description: 'letters, digits and . _ -; stored in lower case',
    }),
    password: Type.Optional(NewPassword),
    displayName: DisplayName,
    ownerDivision: OwnerDivision,
    orgUnitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    idCard: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    mustChangePassword: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

export const UserPatch = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    status: Type.Optional(Status),
    orgUnitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UsersQuery = PageQuery(['username', 'createdAt', 'lastLoginAt'] as const, {
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'part of the username' })),
  status: Type.Optional(Status),
  orgUnitId: Type.Optional(Uuid),
  division: Type.Optional(OwnerDivision),
});

export const TemporaryPassword = Type.Object({ temporaryPassword: Type.String() });
