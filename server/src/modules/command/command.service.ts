import type { Actor } from '../../platform/access.ts';
import type { BusinessTime } from '../../platform/clock.ts';
import { commonDivision, DIVISION_LEVELS } from '../../platform/divisions.ts';
import type { CasesService } from '../cases/cases.service.ts';
import { commandPolicy } from './command.policy.ts';

/** Days in the trend (today and the 29 before it). */
export const TREND_DAYS = 30;

export interface Situation {
  division: string;
  /** `divisions`: a row per child division (and the division itself for cases owned at its level); `grids`: per grid. */
  mode: 'divisions' | 'grids';
  at: Date;
  rows: { code: string; open: number; overdue: number }[];
  today: { opened: number; closed: number; open: number; overdue: number };
  trend: { date: string; opened: number; closed: number }[];
}

/** The command centre (驾驶舱): the live counts behind its map and today's figures, read through the cases service. */
export class CommandService {
  constructor(private readonly deps: { cases: CasesService; time: BusinessTime }) {}

  async situation(actor: Actor, division: string | undefined): Promise<Situation> {
    const base = division ?? commonDivision(actor.scope.divisions);
    const scope = commandPolicy.read(actor, base);
    const next = DIVISION_LEVELS.find((n) => n > base.length);
    const rows = next === undefined ? 'grid' : next;
    const counts = await this.deps.cases.situation({ scope, division: base, rows, days: TREND_DAYS });
    return {
      division: base,
      mode: rows === 'grid' ? 'grids' : 'divisions',
      at: this.deps.time.now(),
      rows: counts.rows.map((r) => ({ code: r.key, open: r.open, overdue: r.overdue })),
      today: counts.today,
      trend: counts.trend.map((t, i) => ({ date: counts.dates[i] ?? '', ...t })),
    };
  }
}
