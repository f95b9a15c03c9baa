import { index, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { instant, ownerDivision } from '../../db/columns.ts';

/**
 * A human the city knows: staff, grid worker, resident, volunteer, caller, party to a dispute. One
 * person, one record, however many roles they play. Personal data is stored sealed (authenticated
 * encryption, platform/personal-data) with a blind index to find a person by it; never in plain text.
 */
export const people = pgTable(
  'person',
  {
    id: uuid('id').primaryKey(),
    displayName: text('display_name').notNull(),
    phoneSealed: text('phone_sealed'),
    phoneIndex: varchar('phone_index', { length: 80 }),
    idCardSealed: text('id_card_sealed'),
    idCardIndex: varchar('id_card_index', { length: 80 }),
    addressSealed: text('address_sealed'),
    ownerDivision: ownerDivision(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('person_phone_idx').on(t.phoneIndex),
    index('person_id_card_idx').on(t.idCardIndex),
    index('person_division_idx').on(t.ownerDivision),
  ],
);
