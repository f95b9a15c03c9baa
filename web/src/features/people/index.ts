export {
  maskedFields,
  type PeoplePage,
  type PeopleQuery,
  type Person,
  type PersonalField,
  searchPeople,
  unmaskPerson,
} from './people-api';
export { PeopleTable, type PeopleTableProps } from './people-table';
