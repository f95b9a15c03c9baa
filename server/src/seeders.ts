import { DateTime } from 'luxon';
import type { Seeder } from './db/seeds.ts';
import { WorkingHours } from './modules/config/config.registry.ts';
import { DEMO_ACCOUNTS, INITIAL_ADMIN } from './modules/identity/identity.demo.ts';
import { operatorActor } from './platform/access.ts';

/** Every module's seeders, in dependency order. */
export const SEEDERS: Seeder[] = [
  {
    name: 'access.builtin-roles',
    demo: false,
    // The server refreshes them at every start too; here so that `seed` alone can grant them.
    async run(ctx, tx) {
      const written = await ctx.access.ensureBuiltinRoles(tx);
      return `${written.length} built-in roles written`;
    },
  },
  {
    name: 'demo.access.org-units',
    demo: true,
    // A plausible Changzhi structure: the city government with its departments and command centres,
    // 潞州区 with a street office, a community and a mediation committee. Codes are made up but valid.
    async run(ctx, tx) {
      if (ctx.settings.rootDivision !== '1404') return `no org units: the demo structure is Changzhi's (1404)`;
      const actor = operatorActor();
      const unit = async (
        name: string,
        kind: Parameters<typeof ctx.access.createOrgUnit>[1]['kind'],
        divisionCode: string,
        parentId: string | null,
        uscc: string | null = null,
      ) => (await ctx.access.createOrgUnit(actor, { name, kind, divisionCode, parentId, uscc }, tx)).id;
      const city = await unit('长治市人民政府', 'government', '1404', null);
      const cityManagement = await unit('长治市城市管理综合执法局', 'department', '1404', city, '11140400MB1979235F');
      await unit('长治市数字化城市管理指挥中心', 'command_centre', '1404', cityManagement, '12140400MB1A662139');
      await unit('长治市12345政务服务便民热线', 'command_centre', '1404', city);
      const county = await unit('潞州区人民政府', 'government', '140403', city);
      const street = await unit('潞州区东街街道办事处', 'street_office', '140403001', county);
      await unit('潞州区人民调解委员会', 'mediation_room', '140403001', street);
      await unit('东街街道府后社区居民委员会', 'community', '140403001001', street);
      return '8 org units of 长治市 (1404)';
    },
  },
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
  {
    name: 'demo.identity.accounts',
    demo: true,
    // One account per role, named by the role, all with CIVICGRID_DEMO_PASSWORD; no forced change, no
    // second factor (demo mode), and the password policy does not apply to the shared demo password.
    async run(ctx, tx) {
      const system = operatorActor();
      await ctx.access.ensureBuiltinRoles(tx);
      const created: string[] = [];
      for (const demo of DEMO_ACCOUNTS) {
        if (await ctx.identity.findByUsername(demo.username, tx)) continue;
        const { account } = await ctx.identity.createUser(
          system,
          {
            username: demo.username,
            password: ctx.settings.demoPassword,
            displayName: demo.displayName,
            ownerDivision: demo.division,
            phone: demo.phone,
            mustChangePassword: false,
          },
          tx,
          { bypassPasswordPolicy: true },
        );
        await ctx.access.grant(
          system,
          { accountId: account.id, roleCode: demo.role, scopeKind: 'division', scopeValues: [demo.division] },
          tx,
        );
        created.push(demo.username);
      }
      return `demo accounts ${created.join(', ') || '(none: they exist already)'}`;
    },
  },
  {
    name: 'identity.initial-admin',
    demo: false,
    // Outside demo mode the first start makes the system administrator alone, with a random password shown
    // once on the console (never logged) that must be changed at the first sign-in; a second factor is
    // required too. The security and audit administrators are created and granted afterwards (三员分立).
    async run(ctx, tx) {
      if (await ctx.identity.hasAccounts(tx)) return 'accounts exist already: no initial administrator';
      const system = operatorActor();
      await ctx.access.ensureBuiltinRoles(tx);
      const { account, temporaryPassword } = await ctx.identity.createUser(
        system,
        { username: INITIAL_ADMIN.username, displayName: INITIAL_ADMIN.displayName, ownerDivision: '' },
        tx,
      );
      await ctx.access.grant(
        system,
        { accountId: account.id, roleCode: INITIAL_ADMIN.role, scopeKind: 'division', scopeValues: [''] },
        tx,
      );
      console.log(
        [
          '',
          '================================================================================',
          ` 系统管理员账号已创建 / System administrator account created`,
          `   username: ${INITIAL_ADMIN.username}`,
          `   password: ${temporaryPassword}`,
          ' 此密码只显示这一次;首次登录须修改密码并绑定身份验证器(双因素认证)。',
          ' This password is shown only this once: change it and set up an authenticator at first sign-in.',
          '================================================================================',
          '',
        ].join('\n'),
      );
      return `system administrator "${INITIAL_ADMIN.username}" created (one-time password printed on the console)`;
    },
  },
];
