import type { Messages } from '../types';

export const people: Messages['people'] = {
  title: 'People',
  subtitle: 'People recorded in your area; mobile, ID card and address are shown masked',
  search: 'Search',
  searchPlaceholder: 'Name or mobile number',
  name: 'Name',
  phone: 'Mobile',
  idCard: 'ID card',
  address: 'Address',
  division: 'Division',
  updatedAt: 'Updated',
  maskedHint: 'Masked',
  unmask: 'Show in full',
  unmaskedTag: 'Shown in full',
  unmaskConfirmTitle: 'Show the personal data of {name} in full?',
  unmaskConfirmText:
    'This view is recorded in the audit log (who, when, which fields). Only look when your work needs it.',
  unmaskConfirmOk: 'Show',
  empty: 'No people found',
};
