import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { demoSessionCookie, launchBrowser, type RunningServer, screenshot, startServer } from './harness.ts';

// The demo (harness: CIVICGRID_DEMO_GEOGRAPHY=140403001) has grids in 东街街道 only. The portal allows 5 reports per client and hour by default (portal.report-limit).
const TOWN = '140403001';
const PER_HOUR = 5;

let server: RunningServer;
let browser: Browser;
let photoDir: string;
let photo: string;
/** A point inside a demo grid: where the citizen's phone says it is. */
let here: { lng: number; lat: number };
/** The case the first journey reports and closes; the public map shows it later. */
let reportedCase: string | undefined;

type Json = Record<string, unknown>;
const sessions = new Map<string, string>();

/** The staff's side, over HTTP as the console would call it. */
async function call<T = Json>(
  method: string,
  url: string,
  options: { as?: string; body?: unknown; form?: FormData } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (options.as) headers.cookie = await sessionOf(options.as);
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(new URL(url, server.url), {
    method,
    headers,
    body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
}

async function sessionOf(username: string): Promise<string> {
  const known = sessions.get(username) ?? (await demoSessionCookie(server, username));
  sessions.set(username, known);
  return known;
}

async function ok<T = Json>(method: string, url: string, options: Parameters<typeof call>[2] = {}): Promise<T> {
  const r = await call<T>(method, url, options);
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The check question answered as a person would: the two numbers of 「3 加 4 等于几?」 added. */
function solve(question: string): string {
  const m = /(\d+)\s*加\s*(\d+)/.exec(question);
  assert.ok(m, `a sum in Chinese: ${question}`);
  return String(Number(m[1]) + Number(m[2]));
}

/**
 * A report sent straight to the API, as another page or script of the same client would; `localAddress`
 * picks the loopback address it comes from (the server counts reports per client address).
 */
function reportFrom(localAddress: string): Promise<{ status: number; body: Json }> {
  const send = (method: string, url: string, body?: unknown) =>
    new Promise<{ status: number; body: Json }>((resolve, reject) => {
      const req = httpRequest(
        new URL(url, server.url),
        { method, localAddress, headers: body ? { 'content-type': 'application/json' } : {} },
        (res) => {
          let text = '';
          res.on('data', (c) => {
            text += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || 'null') as Json }));
        },
      );
      req.on('error', reject);
      req.end(body ? JSON.stringify(body) : undefined);
    });
  return send('GET', '/api/portal/challenge').then(({ body: c }) =>
    send('POST', '/api/portal/reports', {
      location: here,
      category: '0104',
      description: '人行道上有积水和泥沙',
      anonymous: true,
      challenge: { token: c.token, answer: solve(String(c.question)) },
    }),
  );
}

interface Phone {
  context: BrowserContext;
  page: Page;
  /** Requests that tried to leave the machine (each aborted). */
  blocked: string[];
}

/**
 * A phone (390×844, touch) whose GPS answers with a point in a demo grid, behind the same fence as the
 * harness's contexts: anything but localhost is aborted and recorded.
 */
async function phone(options: { gps?: boolean } = {}): Promise<Phone> {
  const gps = options.gps ?? true;
  const context = await browser.newContext({
    baseURL: server.url,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    ...(gps
      ? { geolocation: { longitude: here.lng, latitude: here.lat, accuracy: 12 }, permissions: ['geolocation'] }
      : {}),
  });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !['localhost', '127.0.0.1'].includes(url.hostname)) {
      blocked.push(url.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  return { context, page: await context.newPage(), blocked };
}

/** Fills the report form the way a resident does: photo, place from GPS, kind, words, the sum. */
async function fillReport(page: Page, description: string): Promise<void> {
  await page.getByTestId('report-photo-input').setInputFiles(photo);
  await page.locator('[data-testid="report-photos"][data-uploaded="1"]').waitFor();
  await page.locator('[data-testid="report-location"][data-source="gps"]').waitFor();
  await page.getByTestId('report-category').selectOption('0104');
  await page.getByTestId('report-category-hint').waitFor();
  await page.getByTestId('report-description').fill(description);
  const question = (await page.getByTestId('challenge-question').getAttribute('data-question')) ?? '';
  await page.getByTestId('challenge-answer').fill(solve(question));
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  photoDir = await mkdtemp(path.join(tmpdir(), 'civicgrid-portal-e2e-'));
  photo = path.join(photoDir, 'leaves.jpg');
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#8a6' } })
    .jpeg()
    .toFile(photo);
  const grids = await ok<{ items: { code: string }[] }>('GET', `/api/grids?under=${TOWN}&pageSize=1`, {
    as: 'admin',
  });
  const code = grids.items[0]?.code;
  assert.ok(code, 'a demo grid');
  const grid = await ok<{ label: [number, number] }>('GET', `/api/grids/${code}`, { as: 'admin' });
  here = { lng: grid.label[0], lat: grid.label[1] };
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (photoDir) await rm(photoDir, { recursive: true, force: true });
});

describe('the citizen portal on a phone', () => {
  test('a citizen reports anonymously with a photo, follows it by code, sees it closed and rates it into 回访', async () => {
    const { context, page, blocked } = await phone();
    try {
      // The home screen: report and track; no map while the city has it off (the default).
      const mapAsked = page.waitForResponse((r) => r.url().endsWith('/api/portal/map'));
      await page.goto('/portal/');
      await page.getByTestId('home-report').waitFor();
      assert.equal((await mapAsked).status(), 404);
      assert.equal(await page.getByTestId('home-map').count(), 0, 'the public map is off');
      const box = await page.getByTestId('home-report').boundingBox();
      assert.ok(box && box.height >= 48, 'a large touch target');
      await screenshot(page, 'portal-1-home');

      await page.getByTestId('home-report').tap();
      await page.waitForURL('**/portal/report');
      await fillReport(page, '府后街人行道上满是落叶和泥沙,老人走路容易滑倒');
      assert.equal(await page.getByTestId('report-anonymous').getAttribute('aria-checked'), 'true', 'anonymous');
      await screenshot(page, 'portal-2-report');
      await page.getByTestId('report-submit').tap();

      const done = page.getByTestId('report-done');
      await done.waitFor();
      const code = (await done.getAttribute('data-code')) ?? '';
      assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      assert.equal((await page.getByTestId('report-code').textContent())?.trim(), code, 'the code, shown large');
      const remembered = await page.evaluate(() => localStorage.getItem('civicgrid.portal.reports') ?? '');
      assert.ok(remembered.includes(code), 'my reports (我的反映) on this device');
      await screenshot(page, 'portal-3-done');

      // Following it: typed loosely on the track screen, then the progress page by the code.
      await page.goto('/portal/track');
      await page.getByTestId('track-code').fill(code.replaceAll('-', '').toLowerCase());
      await page.getByTestId('track-submit').tap();
      await page.waitForURL(`**/portal/track/${code}`);
      const view = page.getByTestId('track-view');
      await page.locator('[data-testid="track-view"][data-status="received"]').waitFor();
      assert.equal((await page.getByTestId('track-status').textContent())?.trim(), '受理中');
      assert.deepEqual(
        await page
          .locator('[data-testid="track-history"] li')
          .evaluateAll((li) => li.map((e) => e.getAttribute('data-step'))),
        ['report'],
      );

      // The staff take it through the urban loop to closure.
      const number = (await view.getAttribute('data-number')) ?? '';
      assert.match(number, /^140403\d{13}$/, 'the case number, for the staff');
      const created = await ok<{ items: { id: string }[] }>('GET', `/api/cases?q=${number}`, { as: 'acceptor' });
      const id = created.items[0]?.id;
      assert.ok(id, 'the staff find the case by its number');
      reportedCase = id;
      await closeCase(id);

      // The open page notices by itself (it asks again every 30 s), without a reload.
      await page.locator('[data-testid="track-view"][data-status="closed"]').waitFor({ timeout: 45_000 });
      assert.equal((await page.getByTestId('track-status').textContent())?.trim(), '已办结');
      const steps = await page
        .locator('[data-testid="track-history"] li')
        .evaluateAll((li) => li.map((e) => e.getAttribute('data-step')));
      for (const s of ['report', 'accept', 'register', 'dispatch', 'feedback', 'check-pass', 'close'])
        assert.ok(steps.includes(s), `the public history shows ${s}: ${steps.join(', ')}`);
      assert.ok(!(await view.textContent())?.includes('徐芳'), 'no names of staff');
      await screenshot(page, 'portal-4-closed');

      // 满意, with a comment.
      const comment = '清理得很干净,谢谢!';
      await page.getByTestId('rate-satisfied').tap();
      await page.getByTestId('rate-comment').fill(comment);
      await page.getByTestId('rate-submit').tap();
      await page.locator('[data-testid="track-rating"][data-satisfaction="satisfied"]').waitFor();
      assert.match((await page.getByTestId('track-rating').textContent()) ?? '', /满意[\s\S]*清理得很干净/);
      assert.equal(await page.getByTestId('rating-form').count(), 0, 'rated once a round');
      await screenshot(page, 'portal-5-rated');

      // The staff see it as the case's 回访.
      const history = await ok<{ action: string; inputs: Json }[]>('GET', `/api/cases/${id}/history`, {
        as: 'dutychief',
      });
      const followUp = history.find((h) => h.action === 'follow-up');
      assert.equal(followUp?.inputs.satisfaction, 'satisfied');
      assert.equal(followUp?.inputs.comment, comment);

      // The home screen lists it under 我的反映 with what was last seen.
      await page.goto('/portal/');
      const mine = page.locator(`[data-testid="my-reports"] li[data-code="${code}"]`);
      await mine.waitFor();
      assert.match((await mine.textContent()) ?? '', /已办结/);
    } finally {
      await context.close();
      assert.deepEqual(blocked, [], 'no request left the machine');
    }
  });

  test('without GPS the place is chosen on a map of the service area (no tiles), or typed', async () => {
    const { context, page, blocked } = await phone({ gps: false });
    try {
      await page.goto('/portal/report');
      await page.getByTestId('location-gps-error').waitFor();
      // Sent empty: each missing part says so, and the first is brought into view.
      await page.getByTestId('report-submit').tap();
      await page.getByText('请先补全上面标红的内容').waitFor();
      for (const missing of ['请提供问题所在的位置', '请选择问题类型', '请用几个字说明问题', '请填写验证题的答案'])
        await page.getByRole('alert').filter({ hasText: missing }).waitFor();
      await page.getByTestId('location-pick-map').tap();
      await page.locator('[data-testid="picker-map"][data-ready="true"]').waitFor();
      await page.waitForFunction(
        () => (window.__portalMap?.queryRenderedFeatures({ layers: ['area-fill'] }).length ?? 0) > 0,
      );
      assert.ok((await page.locator('.portal-map-label').count()) > 0, 'the communities are named');
      await page.getByTestId('picker-confirm').tap();
      await page.getByRole('alert').filter({ hasText: '请先在地图上点一下' }).waitFor();
      // A finger on the spot the GPS would have given.
      const at = await page.evaluate(
        ([lng, lat]) => {
          const map = window.__portalMap;
          if (!map) throw new Error('no map');
          const p = map.project([lng, lat]);
          const box = map.getContainer().getBoundingClientRect();
          return { x: box.left + p.x, y: box.top + p.y };
        },
        [here.lng, here.lat] as const,
      );
      await page.touchscreen.tap(at.x, at.y);
      await screenshot(page, 'portal-7-picker');
      await page.getByTestId('picker-confirm').tap();
      const place = page.locator('[data-testid="report-location"][data-source="map"]');
      await place.waitFor();
      assert.equal(await page.getByRole('alert').filter({ hasText: '请提供问题所在的位置' }).count(), 0, 'put right');
      assert.ok(Math.abs(Number(await place.getAttribute('data-lng')) - here.lng) < 0.001, 'the tapped longitude');
      assert.ok(Math.abs(Number(await place.getAttribute('data-lat')) - here.lat) < 0.001, 'the tapped latitude');

      await page.getByTestId('location-type').tap();
      await page.getByTestId('location-lng').fill('１１３．１');
      await page.getByTestId('location-lat').fill('36,2');
      await page.getByTestId('location-use-typed').tap();
      const typed = page.locator('[data-testid="report-location"][data-source="typed"]');
      await typed.waitFor();
      assert.equal(await typed.getAttribute('data-lng'), '113.1');
      assert.equal(await typed.getAttribute('data-lat'), '36.2');
    } finally {
      await context.close();
      assert.deepEqual(blocked, [], 'no request left the machine (no tiles, no glyphs)');
    }
  });

  test('the public map, once the city turns it on, shows the published report', async () => {
    assert.ok(reportedCase, 'the first journey reported a case');
    const { today } = await ok<{ today: string }>('GET', '/api/system/status');
    await ok('POST', '/api/admin/config/versions', {
      as: 'admin',
      body: {
        key: 'portal.public-map',
        divisionCode: '',
        effectiveFrom: today,
        value: { enabled: true, sensitiveCategories: [] },
      },
    });
    await ok('POST', `/api/portal/map/${reportedCase}/publish`, { as: 'acceptor' });

    const { context, page, blocked } = await phone();
    try {
      await page.goto('/portal/');
      await page.getByTestId('home-map').tap();
      await page.waitForURL('**/portal/map');
      await page.locator('[data-testid="portal-map"][data-ready="true"]').waitFor();
      await page.waitForFunction(
        () => (window.__portalMap?.queryRenderedFeatures({ layers: ['points-circle'] }).length ?? 0) === 1,
      );
      await screenshot(page, 'portal-8-map');
      await page.getByText('列表', { exact: true }).tap();
      assert.match((await page.getByTestId('map-list').textContent()) ?? '', /道路不洁[\s\S]*已办结/);
    } finally {
      await context.close();
      assert.deepEqual(blocked, [], 'no request left the machine');
    }
  });

  test('a flood from one client is refused with a clear message; another client goes on', async () => {
    // Fill this client's hour from the test process (the same address as the browser: 127.0.0.1).
    let sent = 0;
    for (;;) {
      const r = await reportFrom('127.0.0.1');
      if (r.status === 429) break;
      assert.equal(r.status, 201, JSON.stringify(r.body));
      sent++;
      assert.ok(sent <= PER_HOUR, 'the limit holds');
    }

    const { context, page, blocked } = await phone();
    try {
      await page.goto('/portal/report');
      await fillReport(page, '小区门口垃圾堆了好几天');
      await page.getByTestId('report-submit').tap();
      const refused = page.locator('[data-testid="report-error"][data-code="PORTAL_TOO_MANY_REPORTS"]');
      await refused.waitFor();
      assert.match(
        (await refused.textContent()) ?? '',
        /提交过于频繁:每小时最多提交 5 条举报,请在 \d\d:\d\d\(\d+ 分钟后\)再试/,
        'the limit and when to try again',
      );
      assert.equal(await page.getByTestId('report-done').count(), 0);
      await screenshot(page, 'portal-6-flood');

      // In English, the server says it in English.
      await page.getByTestId('language-switch').tap();
      await page.getByTestId('report-submit').tap();
      await page.locator('[data-testid="report-error"]', { hasText: /Too many reports: at most 5 an hour/ }).waitFor();
    } finally {
      await context.close();
      assert.deepEqual(blocked, [], 'no request left the machine');
    }

    const other = await reportFrom('127.0.0.2');
    assert.equal(other.status, 201, `another client is not affected: ${JSON.stringify(other.body)}`);
  });
});

/** Report → 受理 → 立案 → 派遣 → 签收 → 处置反馈 → 核查 → 结案, by the demo users (urban.workflow.test.ts). */
async function closeCase(id: string): Promise<void> {
  const act = (who: string, action: string, body: Json = {}) =>
    ok<{ state: string; tasks: { id: string; kind: string; closedAt: string | null }[] }>(
      'POST',
      `/api/cases/${id}/actions/${action}`,
      { as: who, body },
    );
  const openTask = (c: { tasks: { id: string; kind: string; closedAt: string | null }[] }, kind: string) => {
    const task = c.tasks.find((x) => x.kind === kind && x.closedAt === null);
    assert.ok(task, `an open ${kind} task`);
    return task.id;
  };
  const upload = async (who: string) => {
    const form = new FormData();
    form.append('file', new Blob([await readFile(photo)], { type: 'image/jpeg' }), 'site.jpg');
    return (await ok<{ id: string }>('POST', '/api/attachments', { as: who, form })).id;
  };

  await act('acceptor', 'accept');
  await act('dutychief', 'register');
  const proposal = await ok<{ lead: string; limit: unknown }>('GET', `/api/cases/${id}/dispatch-proposal`, {
    as: 'dispatcher',
  });
  let c = await act('dispatcher', 'dispatch', { inputs: { lead: proposal.lead, limit: proposal.limit } });
  c = await act('handler', 'sign', { taskId: openTask(c, 'lead') });
  await act('handler', 'feedback', {
    taskId: openTask(c, 'lead'),
    inputs: { note: '已清扫干净' },
    attachments: [await upload('handler')],
  });
  const worker = await ok<{ account: { id: string } }>('GET', '/api/auth/me', { as: 'gridworker' });
  c = await act('dispatcher', 'request-check', { inputs: { checker: worker.account.id } });
  await act('gridworker', 'check-pass', { taskId: openTask(c, 'check'), attachments: [await upload('gridworker')] });
  c = await act('dutychief', 'close', { inputs: { closureType: 'normal' } });
  assert.equal(c.state, 'closed');
}
