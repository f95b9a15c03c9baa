import { DateTime } from 'luxon';
import type { Seeder } from './db/seeds.ts';
import { WorkingHours } from './modules/config/config.registry.ts';
import { generateDemoGeography } from './modules/grids/grids.demo.ts';
import { DEMO_ACCOUNTS, INITIAL_ADMIN } from './modules/identity/identity.demo.ts';
import { operatorActor } from './platform/access.ts';

/** Every module's seeders, in dependency order. */
export const SEEDERS: Seeder[] = [
  {
    name: 'regions.root-division',
    demo: false,
    // Divisions resolve from the first start: the installation's city comes from the dataset shipped with
    // it. A county root imports its whole city (a county alone would leave its parents unknown, and the
    // neighbours are cheap); a province root imports nothing — its cities are imported one by one with
    // `civicgrid regions import --city CODE` as they come on board.
    async run(ctx, tx) {
      const root = ctx.settings.rootDivision;
      if (root.length !== 4 && root.length !== 6)
        return `no divisions imported: the root division ${root || "''"} is not a city or county; use civicgrid regions import --city CODE`;
      if (await ctx.regions.get(root, {}, tx)) return `${root} is there already: nothing imported`;
      const r = await ctx.regions.importCity(operatorActor(), { cityCode: root.slice(0, 4) }, tx);
      return `city ${r.cityCode} from ${r.source}, valid from ${r.validFrom}: ${r.created} created, ${r.renamed} renamed, ${r.retired} retired, ${r.unchanged} unchanged`;
    },
  },
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
    name: 'taxonomy.builtin',
    demo: false,
    // The classifications every installation starts with (CJ/T 214 events and components, GB/T 47678.5 matters
    // as reported, 12345 demand types) with the default rules of each subclass, valid from 2000-01-01; a city
    // edits them afterwards as new versions.
    async run(ctx, tx) {
      const r = await ctx.taxonomy.installBuiltin(operatorActor(), tx);
      return `${r.codeSets} code sets, ${r.categories} categories, ${r.crosswalk} crosswalk pairs`;
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
    name: 'demo.grids.geography',
    demo: true,
    // No public polygons exist at village level: the demo draws a synthetic, deterministic tessellation
    // (real county seats as anchors, Voronoi cells clipped to their parent) and splits each community
    // into grids. Marked synthetic wherever it shows. CIVICGRID_DEMO_GEOGRAPHY limits the grids to one
    // subtree (tests use a single town); counties and towns are always drawn for the whole city.
    async run(ctx, tx) {
      const root = ctx.settings.rootDivision;
      if (root.length !== 4) return `no demo geography: the root division ${root || "''"} is not a city`;
      const city = await ctx.regions.get(root, {}, tx);
      if (!city) return `no demo geography: ${root} has no divisions (civicgrid regions import --city ${root})`;
      const levels = ['county', 'town', 'village'] as const;
      const all = [city];
      for (const level of levels) all.push(...(await ctx.regions.descendants(root, level, tx)));
      const only = ctx.settings.demoGeography || undefined;
      const geography = generateDemoGeography(
        all.map((d) => ({ code: d.code, name: d.name, level: d.level, kind: d.kind, parentCode: d.parentCode })),
        { cityCode: root, only },
      );
      const actor = operatorActor();
      const outlines = [...geography.divisions].map(([code, g]) => ({
        code,
        geometry: g.geometry,
        source: 'synthetic' as const,
      }));
      await ctx.regions.setGeometries(actor, outlines, tx);
      await ctx.grids.createTrusted(
        actor,
        geography.grids.map((g) => ({ ...g, geometrySource: 'synthetic' as const })),
        tx,
      );
      return `synthetic outlines for ${outlines.length} divisions and ${geography.grids.length} grids${only ? ` under ${only}` : ''}`;
    },
  },
  {
    name: 'demo.grids.staffing',
    demo: true,
    // 定人定岗: the demo town's grids get a full-time worker each (the demo grid worker takes the first),
    // a grid leader per community and duty schedules; a few gaps are left on purpose so the staffing
    // flags have something to show (a grid without a full-time worker, a lunch hour nobody covers, a
    // part-time worker holding posts in four grids).
    async run(ctx, tx) {
      const town = '140403001';
      const actor = operatorActor();
      const page = await ctx.grids.list(
        actor,
        { page: 1, pageSize: 200, sort: [{ field: 'code', descending: false }] },
        { under: town },
        tx,
      );
      if (page.items.length === 0) return `no demo staffing: no grids under ${town}`;
      const gridworker = await ctx.identity.findByUsername('gridworker', tx);
      const names = demoNames();
      let people = 0;
      const person = async (division: string) => {
        people++;
        return (
          await ctx.people.create(
            actor,
            {
              displayName: names.next().value!,
              ownerDivision: division,
              phone: `1380356${String(people).padStart(4, '0')}`,
            },
            tx,
          )
        ).id;
      };
      const floater = await person(town);
      const leaders = new Map<string, string>();
      for (const [i, grid] of page.items.entries()) {
        if (i === page.items.length - 1) continue; // left without a full-time worker on purpose
        const workerId = i === 0 && gridworker ? gridworker.personId : await person(grid.communityCode);
        const worker = await ctx.grids.addPost(actor, grid.code, { personId: workerId, post: 'full_time' }, tx);
        // Weekday hours with a lunch break nobody covers in every third grid.
        const covered = i % 3 !== 1;
        await ctx.grids.addSchedule(
          actor,
          grid.code,
          {
            postId: worker.postId,
            weekdays: [1, 2, 3, 4, 5],
            startTime: '08:30',
            endTime: covered ? '17:30' : '12:00',
            patrolsPerDay: 2,
          },
          tx,
        );
        if (!covered)
          await ctx.grids.addSchedule(
            actor,
            grid.code,
            {
              postId: worker.postId,
              weekdays: [1, 2, 3, 4, 5],
              startTime: '14:30',
              endTime: '17:30',
              patrolsPerDay: 1,
            },
            tx,
          );
        await ctx.grids.addSchedule(
          actor,
          grid.code,
          { postId: worker.postId, weekdays: [6, 7], startTime: '09:00', endTime: '12:00', patrolsPerDay: 1 },
          tx,
        );
        let leader = leaders.get(grid.communityCode);
        if (!leader) {
          leader = await person(grid.communityCode);
          leaders.set(grid.communityCode, leader);
        }
        await ctx.grids.addPost(actor, grid.code, { personId: leader, post: 'leader' }, tx);
        if (i < 4) await ctx.grids.addPost(actor, grid.code, { personId: floater, post: 'part_time' }, tx);
      }
      return `${people} grid staff in ${page.items.length} grids of ${town}`;
    },
  },
  {
    name: 'demo.urban.departments',
    demo: true,
    // The departments the demo's cases go to: 潞州区's sanitation centre (the demo handler works there) and
    // municipal works office (the station staff), with dispatch rules for their kinds of problem in the
    // county. 暴露垃圾 has no rule on purpose: it falls to the street office (属地兜底), which the demo
    // shows too.
    async run(ctx, tx) {
      if (ctx.settings.rootDivision !== '1404') return `no demo departments: the demo structure is Changzhi's (1404)`;
      const actor = operatorActor();
      const [county] = (await ctx.access.unitsServing('140403', ['government'], tx)).map((u) => u.id);
      const department = async (name: string, username: string, role: string, categories: string[]) => {
        const unit = await ctx.access.createOrgUnit(
          actor,
          { name, kind: 'department', divisionCode: '140403', parentId: county ?? null },
          tx,
        );
        const account = await ctx.identity.findByUsername(username, tx);
        if (account)
          await ctx.access.grant(
            actor,
            { accountId: account.id, roleCode: role, scopeKind: 'org_unit', scopeValues: [unit.id] },
            tx,
          );
        for (const categoryCode of categories)
          await ctx.routing.create(
            actor,
            { codeSet: 'cjt214.event', categoryCode, divisionCode: '140403', leadUnitId: unit.id },
            tx,
          );
        return categories.length;
      };
      const rules =
        (await department('潞州区环境卫生服务中心', 'handler', 'handler', ['0103', '0104', '0106'])) +
        (await department('潞州区市政工程管理处', 'stationstaff', 'stationstaff', ['0401', '0404', '0406']));
      return `2 departments of 潞州区 with their staff, ${rules} dispatch rules`;
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

/** Plausible, deterministic names for demo grid staff (common surnames × given names). */
function* demoNames(): Generator<string> {
  const surnames =
    '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
  const given = [
    '建华',
    '秀英',
    '丽娟',
    '志明',
    '海燕',
    '国强',
    '淑珍',
    '晓东',
    '红梅',
    '俊杰',
    '玉兰',
    '卫东',
    '春花',
    '振宇',
    '桂芳',
    '文斌',
    '小红',
    '永刚',
    '雪梅',
    '立新',
  ];
  for (let i = 0; ; i++) yield `${surnames[(i * 7) % surnames.length]}${given[i % given.length]}`;
}
