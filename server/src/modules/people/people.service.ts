import type { Logger } from 'pino';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { divisionCodeParam } from '../../platform/divisions.ts';
import { newId } from '../../platform/ids.ts';
import type { PageOf, PageRequest } from '../../platform/paging.ts';
import {
  isValidIdCard,
  mask,
  normalizeAddress,
  normalizeIdCard,
  normalizeName,
  normalizePhone,
  PersonalDataError,
  type PersonalDataProtector,
} from '../../platform/personal-data/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { PeopleErrors, peoplePolicy } from './people.policy.ts';
import { type PersonPatchRow, type PersonRow, type PersonSortField, peopleRepo } from './people.repo.ts';
import { ADDRESS_MAX, NAME_MAX, PERSONAL_FIELDS, type PersonalField } from './people.schemas.ts';

export type { PersonSortField } from './people.repo.ts';
export type { PersonalField } from './people.schemas.ts';

/**
 * A person as other modules and the API see them. `phone`, `idCard` and `address` are masked
 * (138****5678) unless the caller may unmask and asked to; `masked` says which are.
 */
export interface PersonView {
  id: string;
  displayName: string;
  ownerDivision: string;
  phone: string | null;
  idCard: string | null;
  address: string | null;
  masked: Record<PersonalField, boolean>;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewPersonInput {
  displayName: string;
  ownerDivision: string;
  phone?: string;
  idCard?: string;
  address?: string;
}

/** What to change; `null` removes a phone number, ID card or address. */
export interface PersonPatch {
  displayName?: string;
  ownerDivision?: string;
  phone?: string | null;
  idCard?: string | null;
  address?: string | null;
}

export interface PeopleFilter {
  /** Part of the name, or a phone number (found through the blind index). */
  q?: string;
  /** The exact phone number, in any format. */
  phone?: string;
  /** Division subtree. */
  division?: string;
}

/** Where a request came from, for the audit record of an unmasking. */
export interface RequestOrigin {
  ip: string | null;
  requestId: string | null;
}

export interface GetOptions {
  /** Fields to show in full: needs `personal-data.unmask`; recorded in the audit log, one record per call. */
  unmask?: readonly PersonalField[];
  origin?: RequestOrigin;
}

export interface ResealResult {
  /** Rows rewritten with the active key. */
  resealed: number;
  /** Rows with a value that does not open (its key is missing from the ring, or it was altered). */
  failed: number;
  /** The run stopped at its row limit: more rows may still wait. */
  more: boolean;
}

export const UNMASK_ACTION = 'people.personal-data.unmasked';
/** People sharing one phone number (a family, a shop) returned by `findByPhone` at most. */
const PHONE_MATCHES_MAX = 100;

const MOBILE = /^1[3-9]\d{9}$/;
// Beijing (010) and the 02x cities have 3-digit area codes and 8-digit local numbers; elsewhere the area
// code has 4 digits and the local number 7 or 8.
const LANDLINE = [/^(0(?:10|2\d))([2-9]\d{7})$/, /^(0[3-9]\d{2})([2-9]\d{6,7})$/];

/**
 * A phone number in the form it is sealed in: a mainland mobile as 11 digits, a landline as
 * `<area code>-<local number>`. Anything else is refused (400).
 */
export function canonicalPhone(value: string): string {
  const digits = normalizePhone(value);
  if (MOBILE.test(digits)) return digits;
  for (const pattern of LANDLINE) {
    const m = pattern.exec(digits);
    if (m) return `${m[1]}-${m[2]}`;
  }
  throw PeopleErrors.PERSON_PHONE_INVALID();
}

/** An ID card number (GB 11643, check character verified) in its sealed form: 18 characters, upper-case X. */
export function canonicalIdCard(value: string): string {
  if (!isValidIdCard(value)) throw PeopleErrors.PERSON_ID_CARD_INVALID();
  return normalizeIdCard(value);
}

function canonicalAddress(value: string): string {
  const address = normalizeAddress(value);
  if (!address || Array.from(address).length > ADDRESS_MAX)
    throw PeopleErrors.PERSON_ADDRESS_INVALID({ max: ADDRESS_MAX });
  return address;
}

function canonicalName(value: string): string {
  const name = normalizeName(value);
  if (!name || Array.from(name).length > NAME_MAX) throw PeopleErrors.PERSON_NAME_INVALID({ max: NAME_MAX });
  return name;
}

/**
 * People the city knows — residents, callers, parties to a dispute, staff — and their personal data.
 *
 * Phone numbers, ID card numbers and addresses are sealed with `PersonalDataProtector` (authenticated
 * encryption, keys outside the database) and phone numbers and ID cards carry a blind index, so the
 * database never holds them in plain text and an operator still finds a caller by number. Responses
 * mask them; a caller with `personal-data.unmask` asks for them explicitly, and each such view goes on
 * the audit record in the transaction that reads it.
 *
 * A person outside the caller's data scope does not exist for them: 404, and never in a list or a count.
 */
export class PeopleService {
  constructor(
    private readonly deps: {
      db: Db;
      time: BusinessTime;
      audit: AuditService;
      personalData: PersonalDataProtector;
    },
  ) {}

  async create(actor: Actor, input: NewPersonInput, db: Db = this.deps.db): Promise<PersonView> {
    peoplePolicy.manage(actor);
    const ownerDivision = divisionCodeParam(input.ownerDivision);
    peoplePolicy.place(actor, ownerDivision);
    const displayName = canonicalName(input.displayName);
    const sealed = {
      ...this.#sealPhone(input.phone ?? null),
      ...this.#sealIdCard(input.idCard ?? null),
      ...this.#sealAddress(input.address ?? null),
    };
    const now = this.deps.time.now();
    return db.transaction(async (tx) => {
      const row = await peopleRepo.insert(tx, {
        id: newId(),
        displayName,
        ownerDivision,
        ...sealed,
        createdAt: now,
        updatedAt: now,
      });
      await this.deps.audit.record(
        {
          actor,
          action: 'people.person.created',
          target: { type: 'person', id: row.id },
          ownerDivision,
          // Which kinds of personal data were given, never the values.
          details: { personalData: PERSONAL_FIELDS.filter((f) => input[f] !== undefined) },
        },
        tx,
      );
      return this.#view(row);
    });
  }

  /**
   * One person, masked. With `unmask`, the named fields in full: the caller needs `personal-data.unmask`,
   * and one audit record (fields, person, actor, origin) is written in the same transaction as the read.
   */
  async get(actor: Actor, id: string, options: GetOptions = {}, db: Db = this.deps.db): Promise<PersonView> {
    peoplePolicy.read(actor);
    const fields = [...new Set(options.unmask ?? [])];
    if (fields.length === 0) return this.#view(await this.#visible(actor, id, db));
    peoplePolicy.unmask(actor);
    return db.transaction(async (tx) => {
      const row = await this.#visible(actor, id, tx);
      const view = this.#view(row, fields);
      await this.deps.audit.record(
        {
          actor,
          action: UNMASK_ACTION,
          target: { type: 'person', id: row.id },
          ownerDivision: row.ownerDivision,
          ip: options.origin?.ip ?? null,
          requestId: options.origin?.requestId ?? null,
          details: { fields, revealed: fields.filter((f) => view[f] !== null) },
        },
        tx,
      );
      return view;
    });
  }

  /** The people in the caller's scope with this phone number, in whatever format it was typed (masked). */
  async findByPhone(actor: Actor, phone: string, db: Db = this.deps.db): Promise<PersonView[]> {
    peoplePolicy.read(actor);
    const index = this.deps.personalData.blindIndex('phone', canonicalPhone(phone));
    const rows = await peopleRepo.byPhoneIndex(db, index, actor.scope.divisions, PHONE_MATCHES_MAX);
    return rows.map((row) => this.#view(row));
  }

  /** People in the caller's scope (filtered in SQL, so the total counts only those), masked. */
  async list(
    actor: Actor,
    page: PageRequest<PersonSortField>,
    filters: PeopleFilter = {},
    db: Db = this.deps.db,
  ): Promise<PageOf<PersonView>> {
    peoplePolicy.read(actor);
    const { personalData } = this.deps;
    const q = filters.q?.trim();
    let orPhoneIndex: string | undefined;
    if (q) {
      try {
        orPhoneIndex = personalData.blindIndex('phone', canonicalPhone(q));
      } catch {
        // Not a phone number: a name only.
      }
    }
    const { items, total } = await peopleRepo.page(db, page, {
      nameContains: q || undefined,
      orPhoneIndex,
      phoneIndex:
        filters.phone === undefined ? undefined : personalData.blindIndex('phone', canonicalPhone(filters.phone)),
      division: filters.division === undefined ? undefined : divisionCodeParam(filters.division),
      scopes: actor.scope.divisions,
    });
    return { items: items.map((row) => this.#view(row)), total, page: page.page, pageSize: page.pageSize };
  }

  async update(actor: Actor, id: string, patch: PersonPatch, db: Db = this.deps.db): Promise<PersonView> {
    peoplePolicy.manage(actor);
    return db.transaction(async (tx) => {
      const row = await this.#visible(actor, id, tx, true);
      const set: PersonPatchRow = {};
      const changed: string[] = [];
      if (patch.displayName !== undefined) {
        const displayName = canonicalName(patch.displayName);
        if (displayName !== row.displayName) {
          set.displayName = displayName;
          changed.push('displayName');
        }
      }
      if (patch.ownerDivision !== undefined) {
        const ownerDivision = divisionCodeParam(patch.ownerDivision);
        if (ownerDivision !== row.ownerDivision) {
          peoplePolicy.place(actor, ownerDivision);
          set.ownerDivision = ownerDivision;
          changed.push('ownerDivision');
        }
      }
      if (patch.phone !== undefined) {
        const phone = this.#sealPhone(patch.phone);
        if (phone.phoneIndex !== row.phoneIndex) {
          Object.assign(set, phone);
          changed.push('phone');
        }
      }
      if (patch.idCard !== undefined) {
        const idCard = this.#sealIdCard(patch.idCard);
        if (idCard.idCardIndex !== row.idCardIndex) {
          Object.assign(set, idCard);
          changed.push('idCard');
        }
      }
      if (patch.address !== undefined) {
        const address = patch.address === null ? null : canonicalAddress(patch.address);
        const current = row.addressSealed === null ? null : this.#open('address', row.addressSealed);
        if (address !== current) {
          Object.assign(set, this.#sealAddress(address));
          changed.push('address');
        }
      }
      if (changed.length === 0) return this.#view(row);
      set.updatedAt = this.deps.time.now();
      const updated = await peopleRepo.update(tx, row.id, set);
      await this.deps.audit.record(
        {
          actor,
          action: 'people.person.updated',
          target: { type: 'person', id: row.id },
          ownerDivision: updated.ownerDivision,
          details: {
            changed,
            ...(set.ownerDivision !== undefined ? { fromDivision: row.ownerDivision } : {}),
          },
        },
        tx,
      );
      return this.#view(updated);
    });
  }

  /**
   * Key rotation: rewrites values sealed with an older key (or suite) with the active one, in id order,
   * `batchSize` rows at a time and at most `maxRows` per call, inside the caller's transaction (the
   * scheduler's). A value that does not open is left as it is and counted; it does not stop the others.
   */
  async resealBatch(
    tx: Db,
    options: { batchSize: number; maxRows: number; log?: Pick<Logger, 'error'> },
  ): Promise<ResealResult> {
    const { personalData } = this.deps;
    const prefix = this.#activePrefix();
    let resealed = 0;
    let failed = 0;
    let seen = 0;
    let afterId: string | null = null;
    while (seen < options.maxRows) {
      const limit = Math.min(options.batchSize, options.maxRows - seen);
      const rows = await peopleRepo.sealedOtherwise(tx, prefix, afterId, limit);
      for (const row of rows) {
        try {
          const set: PersonPatchRow = {};
          if (row.phoneSealed !== null && personalData.needsReseal(row.phoneSealed)) {
            set.phoneSealed = personalData.reseal('phone', row.phoneSealed);
          }
          if (row.idCardSealed !== null && personalData.needsReseal(row.idCardSealed)) {
            set.idCardSealed = personalData.reseal('idCard', row.idCardSealed);
          }
          if (row.addressSealed !== null && personalData.needsReseal(row.addressSealed)) {
            set.addressSealed = personalData.reseal('address', row.addressSealed);
          }
          // updated_at stays: the person did not change, only the key their data is sealed with.
          if (Object.keys(set).length > 0) {
            await peopleRepo.update(tx, row.id, set);
            resealed++;
          }
        } catch (err) {
          if (!(err instanceof PersonalDataError)) throw err;
          failed++;
          // The message names the kind and key id, never the value.
          options.log?.error({ personId: row.id, err: err.message }, 'personal data could not be resealed');
        }
      }
      seen += rows.length;
      if (rows.length < limit) return { resealed, failed, more: false };
      afterId = rows.at(-1)!.id;
    }
    return { resealed, failed, more: true };
  }

  /**
   * Name and masked phone of people who hold a public post (the grid staff notice board, 网格员公示牌
   * shows both), whatever the caller's scope: other modules show who is responsible for a place.
   * Never unmasked here.
   */
  async profiles(
    ids: readonly string[],
    db: Db = this.deps.db,
  ): Promise<Map<string, { id: string; displayName: string; phone: string | null }>> {
    const rows = await peopleRepo.findByIds(db, [...new Set(ids)]);
    return new Map(
      rows.map((row) => {
        const view = this.#view(row);
        return [row.id, { id: row.id, displayName: row.displayName, phone: view.phone }];
      }),
    );
  }

  /** The person if the caller may see them; otherwise the same 404 as for one who does not exist. */
  async #visible(actor: Actor, id: string, db: Db, forUpdate = false): Promise<PersonRow> {
    const row = await peopleRepo.findById(db, id, { forUpdate });
    if (!row || !peoplePolicy.sees(actor, row.ownerDivision)) throw PeopleErrors.PERSON_NOT_FOUND({ id });
    return row;
  }

  #view(row: PersonRow, unmask: readonly PersonalField[] = []): PersonView {
    const show = (field: PersonalField, sealed: string | null): { value: string | null; masked: boolean } => {
      if (sealed === null) return { value: null, masked: false };
      const plain = this.#open(field, sealed);
      return unmask.includes(field) ? { value: plain, masked: false } : { value: mask(field, plain), masked: true };
    };
    const phone = show('phone', row.phoneSealed);
    const idCard = show('idCard', row.idCardSealed);
    const address = show('address', row.addressSealed);
    return {
      id: row.id,
      displayName: row.displayName,
      ownerDivision: row.ownerDivision,
      phone: phone.value,
      idCard: idCard.value,
      address: address.value,
      masked: { phone: phone.masked, idCard: idCard.masked, address: address.masked },
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  #open(field: PersonalField, sealed: string): string {
    return this.deps.personalData.open(field, sealed);
  }

  #sealPhone(value: string | null): Pick<PersonRow, 'phoneSealed' | 'phoneIndex'> {
    if (value === null) return { phoneSealed: null, phoneIndex: null };
    const phone = canonicalPhone(value);
    const { personalData } = this.deps;
    return { phoneSealed: personalData.seal('phone', phone), phoneIndex: personalData.blindIndex('phone', phone) };
  }

  #sealIdCard(value: string | null): Pick<PersonRow, 'idCardSealed' | 'idCardIndex'> {
    if (value === null) return { idCardSealed: null, idCardIndex: null };
    const idCard = canonicalIdCard(value);
    const { personalData } = this.deps;
    return {
      idCardSealed: personalData.seal('idCard', idCard),
      idCardIndex: personalData.blindIndex('idCard', idCard),
    };
  }

  #sealAddress(value: string | null): Pick<PersonRow, 'addressSealed'> {
    if (value === null) return { addressSealed: null };
    return { addressSealed: this.deps.personalData.seal('address', canonicalAddress(value)) };
  }

  /**
   * `pd1.<suite>.<key id>.`: what every value sealed with the active key and suite starts with, so the
   * database can skip those. Taken from a fresh seal (the protector does not expose its key id); each
   * candidate is still confirmed with `needsReseal`.
   */
  #activePrefix(): string {
    const probe = this.deps.personalData.seal('name', '-');
    return `${probe.split('.').slice(0, 3).join('.')}.`;
  }
}
