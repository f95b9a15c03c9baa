export {
  aesGcmSha256Suite,
  BUILT_IN_SUITES,
  type CipherSuite,
  SM_SUITE_AVAILABLE,
  sm4CbcHmacSm3Suite,
} from './cipher-suite.ts';
export {
  DATA_KEY_BYTES,
  DATA_KEYS_ENV,
  type KeyMaterial,
  KeyRing,
  KeyRingError,
  keysFileIn,
  loadKeyRing,
  newKeyRingJson,
  parseKeyRing,
} from './key-ring.ts';
export { mask, maskAddress, maskIdCard, maskName, maskPhone } from './masking.ts';
export {
  idCardCheckDigit,
  isPersonalDataKind,
  isValidIdCard,
  normalizeAddress,
  normalizeForIndex,
  normalizeIdCard,
  normalizeName,
  normalizePhone,
  PERSONAL_DATA_KINDS,
  PersonalDataErrors,
  type PersonalDataKind,
} from './normalize.ts';
export { PersonalDataError, PersonalDataProtector, type PersonalDataProtectorOptions } from './personal-data.ts';
export { MaskedString } from './schemas.ts';
