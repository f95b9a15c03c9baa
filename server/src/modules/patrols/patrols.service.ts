import type { Logger } from 'pino';
import type { Db } from '../../db/database.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { ConfigService } from '../config/config.service.ts';
import type { GridsService } from '../grids/grids.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';

export interface PatrolsDeps {
  db: Db;
  time: BusinessTime;
  config: ConfigService;
  audit: AuditService;
  grids: GridsService;
  identity: IdentityService;
  log: Logger;
}

/**
 * Patrols (巡查): a grid worker's walk through a grid, started and ended on the phone, with its trail
 * (轨迹) sent in batches, possibly late; patrols left open are ended by a job; the duty check (定时)
 * compares the patrols done with the grids' duty schedules.
 */
export class PatrolsService {
  constructor(readonly deps: PatrolsDeps) {}
}
