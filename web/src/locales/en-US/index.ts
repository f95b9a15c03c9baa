import type { Messages } from '../types';
import { audit } from './audit';
import { auth } from './auth';
import { calendar } from './calendar';
import { caseDetail } from './case-detail';
import { cases } from './cases';
import { command } from './command';
import { common } from './common';
import { config } from './config';
import { errors } from './errors';
import { grants } from './grants';
import { grids } from './grids';
import { jobs } from './jobs';
import { menu } from './menu';
import { mobile } from './mobile';
import { notifications } from './notifications';
import { orgUnits } from './org-units';
import { overview } from './overview';
import { people } from './people';
import { portal } from './portal';
import { profile } from './profile';
import { roles } from './roles';
import { session } from './session';
import { users } from './users';

export const enUS: Messages = {
  common,
  menu,
  session,
  auth,
  profile,
  overview,
  jobs,
  config,
  users,
  roles,
  grants,
  orgUnits,
  audit,
  people,
  grids,
  calendar,
  cases,
  caseDetail,
  notifications,
  errors,
  mobile,
  portal,
  command,
};
