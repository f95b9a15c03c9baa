import { DateTime } from 'luxon';
import type { Seeder } from './db/seeds.ts';
import { WorkingHours } from './modules/config/config.registry.ts';
import { operatorActor } from './platform/access.ts';

/** Every module's seeders, in dependency order. */
export const SEEDERS: Seeder[] = [
  {
    name: 'demo.config.summer-working-hours',
    demo: true,
    // Many northern cities switch to summer hours (夏季作息) on 1 May; 沁源县 keeps a longer lunch break.
    async run(ctx, tx) {
      const today = DateTime.fromISO(ctx.time.today());
      let mayFirst = today.set({ month: 5, day: 1 });
      if (mayFirst <= today) mayFirst = mayFirst.plus({ years: 1 });
      const from = mayFirst.toISODate()!;
      const actor = operatorActor();
      await ctx.config.addVersion(
        actor,
        {
          key: WorkingHours.key,
          divisionCode: ctx.settings.rootDivision,
          effectiveFrom: from,
          value: {
            periods: [
              { start: '08:30', end: '12:00' },
              { start: '15:00', end: '18:30' },
            ],
          },
          note: '夏季作息时间(演示数据)',
        },
        tx,
      );
      // The county override only makes sense in the Changzhi demo installation.
      if (ctx.settings.rootDivision !== '1404')
        return `summer working hours from ${from} for ${ctx.settings.rootDivision}`;
      await ctx.config.addVersion(
        actor,
        {
          key: WorkingHours.key,
          divisionCode: '140431',
          effectiveFrom: from,
          value: {
            periods: [
              { start: '08:00', end: '12:00' },
              { start: '15:00', end: '18:00' },
            ],
          },
          note: '沁源县夏季作息时间(演示数据)',
        },
        tx,
      );
      return `summer working hours from ${from} for ${ctx.settings.rootDivision} and 140431`;
    },
  },
];
