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
};
