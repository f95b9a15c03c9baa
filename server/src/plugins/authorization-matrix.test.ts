import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createTestApp, sessionCookie, type TestApp } from '../../test/app.ts';
import {
  AUTHORIZATION_MATRIX,
  type Fixture,
  ROLE_CODES,
  type RoleCode,
  type Rule,
} from '../../test/authorization-matrix.ts';
import { injectOnce, isEventStreamOperation } from '../../test/sse.ts';
import { runSeeders } from '../db/seeds.ts';
import type { WorkflowDefinition } from '../engine/workflow.ts';
import { BUILTIN_ROLES } from '../modules/access/access.catalogue.ts';
import { operatorActor } from '../platform/access.ts';
import { SEEDERS } from '../seeders.ts';

/** The resource's town, and a county no "outside" user's scope reaches into it from. */
const INSIDE = '140403001';
const OUTSIDE = '140404';
const PASSWORD = 'Matrix-Check-2026!q';
const ROLES: readonly RoleCode[] = ROLE_CODES;
/** Bodies for routes whose body does not decide the scope; enough to pass validation. */
const BODIES: Record<string, unknown> = {
  'PATCH /api/people/{id}': { displayName: '矩阵改名' },
  'PATCH /api/admin/users/{id}': { displayName: '矩阵改名' },
  'PATCH /api/admin/org-units/{id}': { name: '矩阵改名单位' },
  'PATCH /api/admin/roles/{code}': { nameZh: '矩阵改名角色' },
  'POST /api/people/{id}/unmask': { fields: ['phone'] },
  // The test clock stands still: a point at the patrol's start (the time of its first point) is a duplicate, taken.
  'POST /api/patrols/{id}/points': { points: [{ at: '2026-03-02T10:00:00+08:00', lon: 113.11, lat: 36.19 }] },
  'POST /api/patrols/{id}/end': {},
};

/** A workflow in which every case reader may add a remark: the route's own rule is what the matrix tests. */
const MATRIX_WORKFLOW: WorkflowDefinition = {
  key: 'matrix',
  version: 1,
  name: { 'zh-CN': '矩阵流程', 'en-US': 'Matrix workflow' },
  states: { open: { name: { 'zh-CN': '处理中', 'en-US': 'open' } } },
  actions: {
    open: { name: { 'zh-CN': '登记', 'en-US': 'open' }, from: [], to: 'open', roles: ['acceptor'] },
    remark: {
      name: { 'zh-CN': '备注', 'en-US': 'remark' },
      from: ['open'],
      roles: [...BUILTIN_ROLES.filter((r) => r.permissions.includes('cases.read')).map((r) => r.code)],
      inputs: { text: { type: 'text', label: { 'zh-CN': '备注', 'en-US': 'remark' }, required: true } },
    },
  },
};
const MATRIX_OPENER = { ...operatorActor(), roles: ['acceptor'] };

interface Request {
  params: Record<string, string>;
  body?: unknown;
  multipart?: { payload: Buffer; contentType: string };
}

describe('authorization matrix: every route × every role, inside and outside the resource’s scope', () => {
  let t: TestApp;
  let png: Buffer;
  let n = 0;
  const users = new Map<string, Record<string, string>>();
  const routes: { key: string; method: string; path: string; stream: boolean }[] = [];

  const asOperator = async (method: 'POST' | 'GET', url: string, payload?: unknown) => {
    const r = await t.inject({ method, url, headers: t.operator, payload: payload as object });
    assert.ok(r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.json() as Record<string, unknown>;
  };

  function multipart(ownerDivision: string): Request['multipart'] {
    const boundary = `matrix${++n}`;
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="ownerDivision"\r\n\r\n${ownerDivision}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
  }

  const newUserBody = () => ({
    username: `mx${++n}`,
    displayName: `矩阵用户${n}`,
    ownerDivision: INSIDE,
    password: PASSWORD,
    mustChangePassword: false,
  });

  /** A fresh resource owned by town 140403001 (or the body that would create one). */
  async function build(kind: Fixture): Promise<Request> {
    switch (kind) {
      case 'person':
        return {
          params: {
            id: String(
              (
                await asOperator('POST', '/api/people', {
                  displayName: '矩阵居民',
                  ownerDivision: INSIDE,
                  phone: '13803559999',
                })
              ).id,
            ),
          },
        };
      case 'user':
        return { params: { id: String((await asOperator('POST', '/api/admin/users', newUserBody())).id) } };
      case 'orgUnit':
        return {
          params: {
            id: String(
              (
                await asOperator('POST', '/api/admin/org-units', {
                  name: `矩阵单位${++n}`,
                  kind: 'community',
                  divisionCode: `${INSIDE}001`,
                })
              ).id,
            ),
          },
        };
      case 'grant':
        return {
          params: { id: String((await asOperator('POST', '/api/admin/grants', (await build('newGrant')).body)).id) },
        };
      case 'attachment': {
        const m = multipart(INSIDE)!;
        const r = await t.inject({
          method: 'POST',
          url: '/api/attachments',
          headers: { ...t.operator, 'content-type': m.contentType },
          payload: m.payload,
        });
        assert.equal(r.statusCode, 201, r.body);
        return { params: { id: String((r.json() as { id: string }).id) } };
      }
      case 'configVersion':
        return {
          params: {
            id: String(
              (await asOperator('POST', '/api/admin/config/versions', (await build('newConfigVersion')).body)).id,
            ),
          },
        };
      case 'job':
        return {
          params: { id: String((await asOperator('POST', '/api/admin/jobs', (await build('newJob')).body)).id) },
        };
      case 'role':
        return {
          params: { code: String((await asOperator('POST', '/api/admin/roles', (await build('newRole')).body)).code) },
        };
      case 'newPerson':
        return { params: {}, body: { displayName: '矩阵新居民', ownerDivision: INSIDE } };
      case 'newUser':
        return { params: {}, body: newUserBody() };
      case 'newOrgUnit':
        return { params: {}, body: { name: `矩阵新单位${++n}`, kind: 'community', divisionCode: `${INSIDE}001` } };
      case 'newGrant': {
        const account = await asOperator('POST', '/api/admin/users', newUserBody());
        return {
          params: {},
          body: { accountId: account.id, roleCode: 'volunteer', scopeKind: 'division', scopeValues: [INSIDE] },
        };
      }
      case 'newAttachment':
        return { params: {}, multipart: multipart(INSIDE) };
      case 'newConfigVersion': {
        const day = String((++n % 27) + 1).padStart(2, '0');
        const month = String((Math.floor(n / 27) % 12) + 1).padStart(2, '0');
        return {
          params: {},
          body: {
            key: 'calendar.working-hours',
            divisionCode: INSIDE,
            effectiveFrom: `2030-${month}-${day}`,
            value: { periods: [{ start: '08:00', end: '12:00' }] },
          },
        };
      }
      case 'newJob':
        return {
          params: {},
          body: { type: 'system.heartbeat', key: `matrix.${++n}`, cron: '0 3 * * *', ownerDivision: INSIDE },
        };
      case 'newRole':
        return {
          params: {},
          body: { code: `matrix${++n}`, nameZh: '矩阵角色', nameEn: 'Matrix role', permissions: ['people.read'] },
        };
      case 'grid':
        return { params: { code: await demoGridCode() } };
      case 'newGrid':
        return { params: {}, body: await dedicatedGridBody() };
      case 'gridToChange': {
        const grid = await asOperator('POST', '/api/grids', await dedicatedGridBody());
        return { params: { code: String(grid.code) }, body: { version: grid.version, name: `矩阵改名${++n}` } };
      }
      case 'gridToRetire': {
        const grid = await asOperator('POST', '/api/grids', await dedicatedGridBody());
        return { params: { code: String(grid.code) }, body: { reason: '矩阵撤销' } };
      }
      case 'newPost': {
        const person = await asOperator('POST', '/api/people', { displayName: `网格员${++n}`, ownerDivision: INSIDE });
        return { params: { code: await demoGridCode() }, body: { personId: person.id, post: 'part_time' } };
      }
      case 'post':
      case 'newSchedule':
      case 'schedule': {
        const code = await demoGridCode();
        const person = await asOperator('POST', '/api/people', { displayName: `网格员${++n}`, ownerDivision: INSIDE });
        const post = await asOperator('POST', `/api/grids/${code}/posts`, { personId: person.id, post: 'part_time' });
        const schedule = {
          postId: post.postId,
          weekdays: [1, 2],
          startTime: '08:00',
          endTime: '12:00',
          patrolsPerDay: 1,
        };
        if (kind === 'post') return { params: { code, id: String(post.postId) }, body: { reason: '矩阵离岗' } };
        if (kind === 'newSchedule') return { params: { code }, body: schedule };
        const created = await asOperator('POST', `/api/grids/${code}/schedules`, schedule);
        return { params: { code, id: String(created.id) }, body: {} };
      }
      case 'case': {
        const opened = await t.ctx.engine.open(MATRIX_OPENER, MATRIX_WORKFLOW.key, 'open', { divisionCode: INSIDE });
        return { params: { id: opened.case.id, action: 'remark' }, body: { inputs: { text: '矩阵备注' } } };
      }
      case 'urbanCase': {
        // An urban case of 暴露垃圾 in the town, with a rule for it: the proposal has a unit to name.
        await asOperator('POST', '/api/routing/rules', await routingRuleBody());
        const opened = await t.ctx.engine.open(MATRIX_OPENER, 'urban', 'report', {
          divisionCode: INSIDE,
          data: {
            channel: 'public',
            category: { codeSet: 'cjt214.event', code: '0102' },
            urgency: 'normal',
            description: '矩阵:暴露垃圾',
            location: { lng: 113.1138, lat: 36.1932 },
          },
          inputs: { description: '矩阵:暴露垃圾' },
        });
        return { params: { id: opened.case.id } };
      }
      case 'portalCase': {
        // A citizen's report through the portal: an urban case of channel public with its tracking row.
        const opened = await t.ctx.engine.open(MATRIX_OPENER, 'urban', 'report', {
          divisionCode: INSIDE,
          data: {
            channel: 'public',
            category: { codeSet: 'cjt214.event', code: '0104' },
            urgency: 'normal',
            description: '矩阵:市民反映',
            location: { lng: 113.1138, lat: 36.1932 },
          },
          inputs: { description: '矩阵:市民反映' },
        });
        await t.ctx.database.query(
          `insert into portal_report (code, case_id, created_at, client_hash, anonymous, contact)
           values ($1, $2, now(), 'matrix', true, null)`,
          [`MATRIX${opened.case.id.slice(0, 6).toUpperCase()}`, opened.case.id],
        );
        return { params: { id: opened.case.id } };
      }
      case 'newRoutingRule':
        return { params: {}, body: await routingRuleBody() };
      case 'newPatrol':
        await endOpenPatrol();
        return { params: {}, body: { position: await townPosition() } };
      case 'patrol': {
        // Started by the grid worker inside the town: their own; everyone else reaches it only through scope.
        await endOpenPatrol();
        const r = await t.inject({
          method: 'POST',
          url: '/api/patrols',
          headers: users.get('gridworker/in')!,
          payload: { position: await townPosition() },
        });
        assert.equal(r.statusCode, 201, r.body);
        return { params: { id: (r.json() as { id: string }).id } };
      }
      case 'routingRule':
      case 'routingRuleToRevise':
      case 'routingRuleToRetire': {
        const rule = await asOperator('POST', '/api/routing/rules', await routingRuleBody());
        const params = { ruleId: String(rule.ruleId) };
        if (kind === 'routingRuleToRevise')
          return { params, body: { ...(await routingRuleBody()), effectiveFrom: '2030-01-01' } };
        return { params };
      }
    }
  }

  /** A point inside the town's first demo grid (where its grid worker patrols). */
  async function townPosition(): Promise<{ lon: number; lat: number }> {
    const grid = await asOperator('GET', `/api/grids/${await demoGridCode()}`);
    const [lon, lat] = grid.label as [number, number];
    return { lon, lat };
  }

  /** One patrol at a time per account: the town's grid worker ends theirs before the next fixture starts one. */
  async function endOpenPatrol(): Promise<void> {
    const headers = users.get('gridworker/in')!;
    const r = await t.inject({ method: 'GET', url: '/api/patrols/current', headers });
    const open = (r.json() as { patrol: { id: string } | null }).patrol;
    if (open) await t.inject({ method: 'POST', url: `/api/patrols/${open.id}/end`, headers, payload: {} });
  }

  /** A routing rule for 暴露垃圾 in the town, led by a unit of the town (made once). */
  let routingUnit: string | null = null;
  async function routingRuleBody() {
    routingUnit ??= String(
      (await asOperator('POST', '/api/admin/org-units', { name: '矩阵环卫所', kind: 'station', divisionCode: INSIDE }))
        .id,
    );
    return { codeSet: 'cjt214.event', categoryCode: '0102', divisionCode: INSIDE, leadUnitId: routingUnit };
  }

  /** The first demo grid of the town (demo mode draws the town's grids). */
  async function demoGridCode(): Promise<string> {
    const page = await asOperator('GET', `/api/grids?under=${INSIDE}&pageSize=1`);
    return String((page.items as { code: string }[])[0]!.code);
  }

  /** A 4 m square dedicated grid (its own layer) inside a demo grid, a little further along each time. */
  async function dedicatedGridBody() {
    const code = await demoGridCode();
    const grid = await asOperator('GET', `/api/grids/${code}`);
    const [lng, lat] = grid.label as [number, number];
    const d = 0.00002;
    const x = lng + (++n % 20) * 2 * d;
    const y = lat + Math.floor(n / 20) * 2 * d;
    return {
      communityCode: code.slice(0, 12),
      name: `专属网格${n}`,
      kind: 'dedicated',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + d, y],
            [x + d, y + d],
            [x, y + d],
            [x, y],
          ],
        ],
      },
    };
  }

  async function call(
    route: { method: string; path: string; key: string; stream: boolean },
    headers: Record<string, string>,
    req: Request,
  ) {
    let url = route.path.replace(
      /\{(\w+)\}/g,
      (_m, name: string) => req.params[name] ?? '00000000-0000-4000-8000-000000000000',
    );
    if (route.key === 'GET /api/admin/config/resolve') url += `?key=calendar.working-hours&division=${INSIDE}`;
    if (route.key === 'GET /api/routing/suggest') url += `?codeSet=cjt214.event&category=0102&division=${INSIDE}001`;
    if (route.key === 'GET /api/patrols/duty') url += `?division=${INSIDE}`;
    if (route.key === 'GET /api/urban/category-usage') url += `?grid=${req.params.code ?? '140403001001001'}`;
    const body = req.body ?? BODIES[route.key];
    if (req.multipart) {
      return t.inject({
        method: route.method as 'POST',
        url,
        headers: { ...headers, 'content-type': req.multipart.contentType },
        payload: req.multipart.payload,
      });
    }
    const options = {
      method: route.method as 'GET',
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    };
    // An event stream never ends: its status and first bytes are enough.
    return route.stream ? injectOnce(t.app, options) : t.inject(options);
  }

  before(async () => {
    // Demo mode keeps the three administrators free of the second factor here; TOTP has its own tests.
    t = await createTestApp({ settings: { demo: true, publicRateLimitPerMinute: 100_000 } });
    t.ctx.engine.register(MATRIX_WORKFLOW);
    // The demo divisions and the demo town's grids (no demo accounts: the matrix makes its own users).
    await runSeeders(
      t.ctx,
      SEEDERS.filter((s) => ['regions.root-division', 'taxonomy.builtin', 'demo.grids.geography'].includes(s.name)),
      { demo: true },
    );
    png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    for (const role of ROLES) {
      for (const [variant, division] of [
        ['in', INSIDE],
        ['out', OUTSIDE],
      ] as const) {
        const username = `${role}-${variant}`.toLowerCase();
        const created = await asOperator('POST', '/api/admin/users', {
          username,
          displayName: `${role} ${variant}`,
          ownerDivision: division,
          password: PASSWORD,
          mustChangePassword: false,
        });
        const accountId = String(created.id);
        await asOperator('POST', '/api/admin/grants', {
          accountId,
          roleCode: role,
          scopeKind: 'division',
          scopeValues: [division],
        });
        const login = await t.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: PASSWORD },
        });
        assert.equal(login.statusCode, 200, login.body);
        users.set(`${role}/${variant}`, { cookie: sessionCookie(login) });
      }
    }
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops))
        routes.push({
          key: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          stream: isEventStreamOperation(op as { responses?: Record<string, unknown> }),
        });
    }
  });
  after(() => t.close());

  test('the table knows every built-in role', () => {
    assert.deepEqual([...ROLE_CODES].sort(), BUILTIN_ROLES.map((r) => r.code).sort());
  });

  test('every route in the OpenAPI document is in the table, and the table names no route that is gone', () => {
    const documented = new Set(routes.map((r) => r.key));
    const missing = [...documented].filter((k) => !(k in AUTHORIZATION_MATRIX));
    const stale = Object.keys(AUTHORIZATION_MATRIX).filter((k) => !documented.has(k));
    assert.deepEqual(missing, [], 'add these routes to server/test/authorization-matrix.ts');
    assert.deepEqual(stale, [], 'these routes no longer exist');
  });

  test('each route allows exactly the roles in the table, within their scope', async () => {
    const failures: string[] = [];
    const shared = new Map<Fixture, Request>();
    for (const route of routes) {
      const rule: Rule | undefined = AUTHORIZATION_MATRIX[route.key];
      if (!rule) continue;
      if ('public' in rule) {
        if (route.key === 'POST /api/auth/login') continue; // anonymous by nature; has its own tests
        const r = await call(route, {}, { params: {} });
        if (r.statusCode === 401 || r.statusCode === 403) failures.push(`${route.key} anonymous: ${r.statusCode}`);
        continue;
      }
      const anonymous = await call(route, {}, { params: {} });
      if (anonymous.statusCode !== 401)
        failures.push(`${route.key} anonymous: expected 401, got ${anonymous.statusCode}`);

      for (const role of ROLES) {
        for (const variant of ['in', 'out'] as const) {
          const headers = users.get(`${role}/${variant}`)!;
          const allowed = 'signedIn' in rule || rule.roles.includes(role);
          const fixtureKind = 'roles' in rule ? (rule.scoped ?? rule.fixture) : undefined;
          let req: Request = { params: {} };
          if (fixtureKind && allowed) {
            // Reading routes share one resource; changing routes get a fresh one each time.
            const reusable = route.method === 'GET';
            req = reusable && shared.has(fixtureKind) ? shared.get(fixtureKind)! : await build(fixtureKind);
            if (reusable) shared.set(fixtureKind, req);
          }
          const r = await call(route, headers, req);
          const where = `${route.key} as ${role} (${variant === 'in' ? 'inside' : 'outside'} scope)`;
          if (!allowed) {
            if (r.statusCode !== 403) failures.push(`${where}: expected 403, got ${r.statusCode}`);
          } else if ('roles' in rule && rule.scoped && variant === 'out') {
            if (r.statusCode !== 403 && r.statusCode !== 404)
              failures.push(`${where}: expected 403/404, got ${r.statusCode} ${r.body.slice(0, 120)}`);
          } else if ('roles' in rule && (rule.scoped || rule.expect === 'success')) {
            if (r.statusCode >= 300)
              failures.push(`${where}: expected success, got ${r.statusCode} ${r.body.slice(0, 160)}`);
          } else if (r.statusCode === 401 || r.statusCode === 403) {
            failures.push(`${where}: expected to be let through, got ${r.statusCode} ${r.body.slice(0, 120)}`);
          }
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  test('a user outside a town sees none of its records in lists, and the totals agree', async () => {
    const person = await build('person');
    const user = await build('user');
    const unit = await build('orgUnit');
    const job = await build('job');
    const version = await build('configVersion');
    const hidden = new Set([person, user, unit, job, version].map((f) => f.params.id));
    const lists: [string, RoleCode][] = [
      ['/api/people?pageSize=200', 'gridworker'],
      ['/api/people?pageSize=200', 'leader'],
      ['/api/admin/users?pageSize=200', 'sysadmin'],
      ['/api/admin/org-units?pageSize=200', 'sysadmin'],
      ['/api/admin/jobs?pageSize=200', 'sysadmin'],
      ['/api/admin/config/versions?pageSize=200', 'sysadmin'],
    ];
    for (const [url, role] of lists) {
      for (const variant of ['in', 'out'] as const) {
        const r = await t.inject({ method: 'GET', url, headers: users.get(`${role}/${variant}`)! });
        assert.equal(r.statusCode, 200, `${url} as ${role}/${variant}: ${r.body}`);
        const page = r.json() as { items: { id: string }[]; total: number };
        const ids = page.items.map((i) => i.id);
        const seen = ids.filter((id) => id && hidden.has(id));
        if (variant === 'out') {
          assert.deepEqual(seen, [], `${url} as ${role} outside the town lists its records`);
          assert.equal(page.total, page.items.length, `${url}: the total counts only what may be seen`);
        } else {
          assert.ok(seen.length > 0, `${url} as ${role} inside the town sees its records`);
        }
      }
    }
  });
});
