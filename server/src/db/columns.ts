import { timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Shared column shapes. Business timestamps carry no database default: the application writes them
 * from its clock, so tests can move time and replays reproduce it.
 */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The division that owns a row (significant-digit code, '' = the whole installation). Every business
 * row has one: scope checks filter on it, and the largest tables add the county (its first 6 digits)
 * to their keys so they can be partitioned by county later without touching the application.
 */
export const ownerDivision = () => varchar('owner_division', { length: 12 }).notNull();
