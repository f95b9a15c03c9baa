import { type TString, type TStringOptions, Type } from 'typebox';
import type { PersonalDataKind } from './normalize.ts';

const WHAT: Record<PersonalDataKind, string> = {
  phone: 'Phone number',
  idCard: 'ID card number',
  address: 'Address',
  name: 'Name',
  credential: 'Secret',
};

const EXAMPLE: Record<PersonalDataKind, string> = {
  phone: '138****5678',
  idCard: '140402********1234',
  address: '山西省长治市潞州区英雄中路***',
  name: '张**',
  credential: '******',
};

/**
 * A personal-data field in a response. The OpenAPI document says it is masked (with an example) unless the
 * caller's role may see it in full and asked to unmask, and that each unmasking is audited, so clients do not
 * treat a masked value as the value. (A description, not a custom keyword: Ajv's strict mode refuses those.)
 */
export function MaskedString(kind: PersonalDataKind, options: TStringOptions = {}): TString {
  return Type.String({
    description:
      `${WHAT[kind]}, masked (e.g. ${EXAMPLE[kind]}) unless the caller's role may see it in full and the request ` +
      'asked to unmask it; every unmasked view is recorded in the audit log',
    examples: [EXAMPLE[kind]],
    ...options,
  });
}
