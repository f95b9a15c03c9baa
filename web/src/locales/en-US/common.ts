import type { Messages } from '../types';

export const common: Messages['common'] = {
  productName: 'CivicGrid Grid Governance Platform',
  productShort: 'CivicGrid',
  language: 'Language',
  loading: 'Loading…',
  retry: 'Retry',
  refresh: 'Refresh',
  cancel: 'Cancel',
  submit: 'Submit',
  no: 'No',
  actions: 'Actions',
  total: '{total} in total',
  backHome: 'Back to overview',
  save: 'Save',
  edit: 'Edit',
  search: 'Search',
  required: 'Required',
  everywhere: 'Whole installation',
  updatedAt: 'Updated',
  divisionHelp:
    'Division code, 2, 4, 6, 9 or 12 digits, e.g. 140403 (Luzhou District); empty for the whole installation',
  divisionInvalid: 'A division code has 2, 4, 6, 9 or 12 digits',
};
