import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';

export type PeopleQuery = NonNullable<paths['/api/people']['get']['parameters']['query']>;

export function searchPeople(query: PeopleQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/people', { params: { query }, signal }));
}
export type PeoplePage = Awaited<ReturnType<typeof searchPeople>>;
export type Person = PeoplePage['items'][number];
export type PersonalField = keyof Person['masked'];

/** The person with `fields` in full. The server records every such view in the audit log. */
export function unmaskPerson(id: string, fields: PersonalField[]) {
  return unwrap(api.POST('/api/people/{id}/unmask', { params: { path: { id } }, body: { fields } }));
}

/** The fields of `person` that hold a value and are shown masked: what "unmask" would reveal. */
export function maskedFields(person: Person): PersonalField[] {
  return (Object.keys(person.masked) as PersonalField[]).filter((f) => person.masked[f]);
}
