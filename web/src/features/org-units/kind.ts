import type { Translate } from '../../locales';
import type { OrgUnitKind } from './org-units-api';

export function orgUnitKindLabel(kind: OrgUnitKind, t: Translate): string {
  switch (kind) {
    case 'government':
      return t('orgUnits.kindGovernment');
    case 'department':
      return t('orgUnits.kindDepartment');
    case 'street_office':
      return t('orgUnits.kindStreetOffice');
    case 'community':
      return t('orgUnits.kindCommunity');
    case 'committee':
      return t('orgUnits.kindCommittee');
    case 'command_centre':
      return t('orgUnits.kindCommandCentre');
    case 'mediation_room':
      return t('orgUnits.kindMediationRoom');
    case 'station':
      return t('orgUnits.kindStation');
    default:
      return t('orgUnits.kindOther');
  }
}
