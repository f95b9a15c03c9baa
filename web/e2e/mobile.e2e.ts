/**
 * The grid worker's phone app (/m/) in a phone: offline reporting through the service worker and the outbox, a
 * report whose answer is lost on the way, the taps a report takes, and a task result recorded offline.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import sharp from 'sharp';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  callApi,
  DEMO_PASSWORD,
  demoSessionCookie,
  fence,
  type RunningServer,
  screenshot,
  startServer,
} from './harness.ts';

const TOWN = '140403001';

let server: RunningServer;
let workDir: string;
let jpeg: string;
let afterJpeg: string;
let operator: Record<string, string>;
/** A point inside the first demo grid of the town (its label point), where the phone's GPS says it is. */
let point: { code: string; name: string; lng: number; lat: number };

const api = <T>(method: string, url: string, headers: Record<string, string>, body?: unknown) =>
  callApi<T>(server, method, url, headers, body);

/** A demo user's session, for the API calls the other people in the story make. */
const sessionOf = async (username: string) => ({ cookie: await demoSessionCookie(server, username) });

before(async () => {
  server = await startServer();
  operator = { authorization: `Bearer ${await server.operatorToken()}` };
  workDir = await mkdtemp(path.join(tmpdir(), 'civicgrid-mobile-e2e-'));
  jpeg = path.join(workDir, 'pavement.jpg');
  await sharp({ create: { width: 96, height: 72, channels: 3, background: '#8a6' } })
    .jpeg()
    .toFile(jpeg);
  afterJpeg = path.join(workDir, 'cleaned.jpg');
  await sharp({ create: { width: 96, height: 72, channels: 3, background: '#ccc' } })
    .jpeg()
    .toFile(afterJpeg);
  const grids = await api<{ items: { code: string }[] }>(
    'GET',
    `/api/grids?under=${TOWN}&status=active&sort=code&pageSize=1`,
    operator,
  );
  const code = grids.items[0]?.code;
  assert.ok(code, 'the demo has grids in the town');
  const grid = await api<{ code: string; name: string; label: [number, number] }>(
    'GET',
    `/api/grids/${code}`,
    operator,
  );
  point = { code: grid.code, name: grid.name, lng: grid.label[0], lat: grid.label[1] };
});

after(async () => {
  await server?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

interface Phone {
  context: BrowserContext;
  page: Page;
  /** Requests that tried to leave localhost (each was aborted). */
  blocked: string[];
  close(): Promise<void>;
}

/**
 * A phone: one persistent browser profile (IndexedDB, the service worker and its cache survive closing a page, as
 * they survive closing the app), 390×844 with touch, Chinese, the GPS at the demo grid, and the network fence.
 */
async function phone(): Promise<Phone> {
  const profile = await mkdtemp(path.join(workDir, 'profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    baseURL: server.url,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    permissions: ['geolocation'],
    geolocation: { latitude: point.lat, longitude: point.lng, accuracy: 8 },
  });
  const blocked = await fence(context);
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, blocked, close: () => context.close() };
}

/** Signs the grid worker in and waits until the app works offline: worker in control, data on the device. */
async function signInReady(page: Page): Promise<void> {
  await page.goto('/m/');
  await page.getByTestId('signin-username').fill('gridworker');
  await page.getByTestId('signin-password').fill(DEMO_PASSWORD);
  await page.getByTestId('signin-submit').tap();
  await page.getByTestId('home-screen').waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await page.locator('[data-testid="mobile-app"][data-warm="true"]').waitFor({ timeout: 30_000 });
}

/** Counts the taps a test makes, as a worker would count them. */
function tapCounter(page: Page) {
  let taps = 0;
  return {
    get taps() {
      return taps;
    },
    async tap(target: Locator) {
      taps += 1;
      await target.tap();
    },
    /** A tap that opens the camera; the photo the camera returns is `file`. */
    async tapCamera(target: Locator, file: string) {
      taps += 1;
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), target.tap()]);
      await chooser.setFiles(file);
    },
  };
}

const badge = (page: Page, count: number) =>
  page.locator(`[data-testid="outbox-badge"][data-count="${count}"]`).waitFor({ timeout: 60_000 });

/** The cases whose title is this description, as the staff see them. */
async function casesTitled(description: string) {
  const page = await api<{ total: number; items: { id: string; title: string; state: string }[] }>(
    'GET',
    `/api/cases?q=${encodeURIComponent(description)}&pageSize=50`,
    operator,
  );
  return page.items.filter((c) => c.title === description);
}

interface HistoryEntry {
  action: string;
  attachments: string[];
}
const historyOf = (id: string) => api<HistoryEntry[]>('GET', `/api/cases/${id}/history`, operator);

/** From the home screen: photo, a category chip (the location is the GPS's), the description, send. */
async function report(page: Page, description: string, counter = tapCounter(page)): Promise<number> {
  await counter.tapCamera(page.getByTestId('home-report'), jpeg);
  const form = page.getByTestId('report-screen');
  await form.waitFor();
  await page.locator('[data-testid="report-photos"][data-count="1"]').waitFor();
  await page.locator('[data-testid="report-location"][data-ready="true"]').waitFor();
  await page.getByTestId('category-chip').first().waitFor();
  await counter.tap(page.getByTestId('category-chip').first());
  // Typed, not tapped: the description is optional; the tests use it to find their case.
  await page.getByTestId('report-description').fill(description);
  await counter.tap(page.getByTestId('report-send'));
  await page.getByTestId('home-screen').waitFor();
  return counter.taps;
}

describe('the grid worker’s phone app', () => {
  test('a report made offline waits on the phone, survives closing the app, and is filed once when the network returns', async () => {
    const { context, page, blocked, close } = await phone();
    try {
      await signInReady(page);
      await context.setOffline(true);
      await page.locator('[data-testid="network-state"][data-online="false"]').waitFor();

      const description = `离线上报:人行道砖块松动 ${Date.now()}`;
      await page.getByTestId('home-report').waitFor();
      const counter = tapCounter(page);
      await counter.tapCamera(page.getByTestId('home-report'), jpeg);
      await page.locator('[data-testid="report-location"][data-ready="true"]').waitFor();
      // Offline: the coordinates, and the grid left to the server.
      assert.match((await page.getByTestId('report-grid').textContent()) ?? '', /发送时/);
      assert.match((await page.getByTestId('report-coords').textContent()) ?? '', /^36\.\d{6}, 113\.\d{6}/);
      await counter.tap(page.getByTestId('category-chip').first());
      await page.getByTestId('report-description').fill(description);
      await counter.tap(page.getByTestId('report-send'));
      await page.getByTestId('home-screen').waitFor();
      await badge(page, 1);

      await page.getByTestId('tab-outbox').tap();
      const item = page.getByTestId('outbox-item');
      await item.waitFor();
      assert.equal(await item.getAttribute('data-state'), 'waiting');
      assert.equal(await item.getAttribute('data-kind'), 'report');
      await screenshot(page, 'mobile-1-offline-outbox');

      // The worker closes the app and opens it again, still without signal: the service worker serves it.
      await page.close();
      const reopened = await context.newPage();
      const served = await reopened.goto('/m/outbox');
      assert.ok(served?.fromServiceWorker(), 'the page comes from the service worker');
      await reopened.getByTestId('outbox-screen').waitFor();
      await badge(reopened, 1);
      assert.equal(await reopened.getByTestId('outbox-item').getAttribute('data-state'), 'waiting');
      assert.equal(await reopened.getByTestId('mobile-app').getAttribute('data-session'), 'offline');
      assert.equal((await casesTitled(description)).length, 0, 'nothing reached the server while offline');

      await context.setOffline(false);
      await badge(reopened, 0);
      const sent = reopened.getByTestId('sent-item').first();
      await sent.waitFor();
      assert.match((await sent.getAttribute('data-case-number')) ?? '', /^140403\d{8}\d{5}$/);
      await screenshot(reopened, 'mobile-2-sent');

      const cases = await casesTitled(description);
      assert.equal(cases.length, 1, 'exactly one case');
      assert.equal(cases[0]?.id, await sent.getAttribute('data-case-id'));
      const opening = (await historyOf(cases[0]?.id ?? '')).find((e) => e.action === 'report');
      assert.equal(opening?.attachments.length, 1, 'the photo is attached');
      const photo = await api<{ mediaType: string }>('GET', `/api/attachments/${opening?.attachments[0]}`, operator);
      assert.equal(photo.mediaType, 'image/jpeg');
      assert.deepEqual(blocked, [], 'no request left localhost');
    } finally {
      await close();
    }
  });

  test('a report whose answer is cut off is sent again with the same key and filed once', async () => {
    const { page, blocked, close } = await phone();
    try {
      await signInReady(page);
      const keys: string[] = [];
      const statuses: number[] = [];
      const replayed: string[] = [];
      let cut = false;
      // The first POST reaches the server; its answer never reaches the phone.
      await page.route('**/api/cases', async (route) => {
        if (route.request().method() !== 'POST') return route.fallback();
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        if (!cut) {
          cut = true;
          const response = await route.fetch();
          statuses.push(response.status());
          return route.abort('connectionreset');
        }
        return route.fallback();
      });
      page.on('response', (r) => {
        if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/cases') {
          statuses.push(r.status());
          replayed.push(r.headers()['idempotent-replayed'] ?? '');
        }
      });

      const description = `断线重发:井盖缺失 ${Date.now()}`;
      await report(page, description);
      await badge(page, 1);
      await page.getByTestId('tab-outbox').tap();
      await page.locator('[data-testid="outbox-item"][data-attempts="1"][data-state="waiting"]').waitFor();
      assert.equal((await casesTitled(description)).length, 1, 'the first request did reach the server');

      // The outbox retries after its backoff (a few seconds); the server answers the first case again.
      await badge(page, 0);
      assert.equal(keys.length, 2);
      assert.equal(keys[0], keys[1], 'the same Idempotency-Key');
      assert.deepEqual(statuses, [201, 201]);
      assert.deepEqual(replayed, ['true']);
      assert.equal((await casesTitled(description)).length, 1, 'still exactly one case');
      assert.deepEqual(blocked, []);
    } finally {
      await close();
    }
  });

  test('photo → location → category → send takes at most five taps', async () => {
    const { page, blocked, close } = await phone();
    try {
      await signInReady(page);
      const description = `五步上报:占道经营 ${Date.now()}`;
      const counter = tapCounter(page);
      const taps = await report(page, description, counter);
      assert.ok(taps <= 5, `${taps} taps`);
      assert.equal(taps, 3, 'camera, category chip, send');
      await badge(page, 0);
      const cases = await casesTitled(description);
      assert.equal(cases.length, 1);
      const created = await api<{ gridCode: string }>('GET', `/api/cases/${cases[0]?.id}`, operator);
      assert.equal(created.gridCode, point.code, 'located by GPS in the grid the phone is in');
      assert.deepEqual(blocked, []);
    } finally {
      await close();
    }
  });

  test('a verification done offline with an on-site photo is sent later', async () => {
    // 杨静, the acceptor, sends a grid worker's report to 徐芳 to verify on site.
    const worker = await sessionOf('gridworker');
    const me = await api<{ account: { id: string } }>('GET', '/api/auth/me', worker);
    const description = `待核实:路灯不亮 ${Date.now()}`;
    const opened = await api<{ id: string; version: number }>(
      'POST',
      '/api/cases',
      { ...worker, 'idempotency-key': `e2e-${Date.now()}` },
      {
        location: { lng: point.lng, lat: point.lat },
        category: { codeSet: 'cjt214.event', code: '0104' },
        description,
      },
    );
    const acceptor = await sessionOf('acceptor');
    await api('POST', `/api/cases/${opened.id}/actions/send-to-verify`, acceptor, {
      version: opened.version,
      inputs: { verifier: me.account.id },
    });

    const { context, page, blocked, close } = await phone();
    try {
      await signInReady(page);
      await page.getByTestId('tab-tasks').tap();
      await page.locator('[data-testid="tasks-screen"][data-prefetched="true"]').waitFor({ timeout: 30_000 });
      const row = page.locator(`[data-testid="task-queue"][data-queue="checks"] [data-case-id="${opened.id}"]`);
      await row.waitFor();

      await context.setOffline(true);
      await row.tap();
      await page.locator('[data-testid="task-screen"][data-state="verifying"]').waitFor();
      await page.locator('[data-testid="task-distance"]:not([data-m=""])').waitFor();
      assert.ok(Number(await page.getByTestId('task-distance').getAttribute('data-m')) < 50, 'on site');
      await page.getByTestId('task-action-verify-confirm').tap();
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByTestId('task-photos-input-add').tap(),
      ]);
      await chooser.setFiles(jpeg);
      await page.locator('[data-testid="task-photos-input"][data-count="1"]').waitFor();
      await page.getByTestId('task-submit').tap();
      await page.getByTestId('tasks-screen').waitFor();
      await badge(page, 1);
      await page.locator(`[data-case-id="${opened.id}"] [data-testid="task-pending"]`).first().waitFor();
      await screenshot(page, 'mobile-3-task-offline');

      await context.setOffline(false);
      await badge(page, 0);
      const after = await api<{ state: string }>('GET', `/api/cases/${opened.id}`, operator);
      assert.equal(after.state, 'accepted', 'verified: on to registration');
      const verified = (await historyOf(opened.id)).find((e) => e.action === 'verify-confirm') as
        | (HistoryEntry & { inputs: Record<string, unknown> })
        | undefined;
      assert.equal(verified?.attachments.length, 1, 'with the on-site photo');
      assert.deepEqual(
        verified?.inputs.position,
        { lon: point.lng, lat: point.lat, accuracy: 8 },
        'and where it was taken',
      );
      assert.deepEqual(blocked, []);
    } finally {
      await close();
    }
  });
  test('a patrol recorded offline reaches the server with its trail when the network returns', async () => {
    const { context, page, blocked, close } = await phone();
    try {
      await signInReady(page);
      await page.getByTestId('tab-patrol').tap();
      await page.locator('[data-testid="patrol-start"]:not([disabled])').waitFor();
      await context.setOffline(true);
      await page.getByTestId('patrol-start').tap();
      await page.getByTestId('patrol-running').waitFor();
      // Three steps of about 22 m to the north, walking pace.
      for (let step = 1; step <= 3; step++) {
        await page.waitForTimeout(2_000);
        await context.setGeolocation({ latitude: point.lat + step * 0.0002, longitude: point.lng, accuracy: 8 });
        await page.locator(`[data-testid="patrol-points"]`, { hasText: String(step + 1) }).waitFor();
      }
      assert.match((await page.getByTestId('patrol-distance').textContent()) ?? '', /^6\d 米$/);
      await screenshot(page, 'mobile-4-patrol');
      await page.getByTestId('patrol-stop').tap();
      await page.getByTestId('patrol-stop').tap();
      await page.locator('[data-testid="patrol-screen"][data-open="false"]').waitFor();
      await badge(page, 3);

      await context.setOffline(false);
      await badge(page, 0);
      const worker = await sessionOf('gridworker');
      const log = await api<{
        items: { open: boolean; endedBy: string; pointCount: number; distanceM: number; grid: { code: string } }[];
      }>('GET', '/api/patrols?pageSize=1', worker);
      const patrol = log.items[0];
      assert.ok(patrol, 'the patrol is on the server');
      assert.equal(patrol.open, false);
      assert.equal(patrol.endedBy, 'user');
      assert.equal(patrol.grid.code, point.code);
      assert.equal(patrol.pointCount, 5, 'the start, three steps and the position at the end');
      assert.ok(patrol.distanceM > 60 && patrol.distanceM < 70, `${patrol.distanceM} m`);
      assert.deepEqual(blocked, []);
    } finally {
      await close();
    }
  });
  test('when the session has ended the report waits, and goes once the worker signs in again', async () => {
    const { context, page, blocked, close } = await phone();
    try {
      await signInReady(page);
      await context.setOffline(true);
      const description = `会话过期:树木倒伏 ${Date.now()}`;
      await report(page, description);
      await badge(page, 1);
      // The session ends while the phone is away (here: the cookie is gone); the network comes back.
      await context.clearCookies();
      await context.setOffline(false);
      await page.getByTestId('session-expired').waitFor({ timeout: 30_000 });
      await page.getByTestId('tab-outbox').tap();
      await page.locator('[data-testid="outbox-item"][data-state="signin"]').waitFor();
      assert.equal((await casesTitled(description)).length, 0);

      await page.getByTestId('session-expired').getByRole('link').tap();
      assert.equal(await page.getByTestId('signin-username').inputValue(), 'gridworker', 'the last user is filled in');
      await page.getByTestId('signin-password').fill(DEMO_PASSWORD);
      await page.getByTestId('signin-submit').tap();
      await page.getByTestId('home-screen').waitFor();
      await badge(page, 0);
      assert.equal((await casesTitled(description)).length, 1);
      assert.deepEqual(blocked, []);
    } finally {
      await close();
    }
  });
  test('自行处置 goes with a photo before and one after, and where the worker stood', async () => {
    const { page, blocked, close } = await phone();
    try {
      await signInReady(page);
      const description = `自行处置:清理小广告 ${Date.now()}`;
      const counter = tapCounter(page);
      await counter.tapCamera(page.getByTestId('home-self-resolve'), jpeg);
      await page.locator('[data-testid="report-screen"][data-mode="self-resolve"]').waitFor();
      await page.locator('[data-testid="photo-before"][data-filled="true"]').waitFor();
      assert.equal(await page.getByTestId('report-send').isDisabled(), true, 'the photo after is missing');
      await counter.tapCamera(page.getByTestId('photo-after'), afterJpeg);
      await page.locator('[data-testid="photo-after"][data-filled="true"]').waitFor();
      await counter.tap(page.getByTestId('category-chip').first());
      await page.getByTestId('report-description').fill(description);
      await counter.tap(page.getByTestId('report-send'));
      await page.getByTestId('home-screen').waitFor();
      await badge(page, 0);

      const cases = await casesTitled(description);
      assert.equal(cases.length, 1);
      assert.equal(cases[0]?.state, 'self_resolved');
      const entry = (await historyOf(cases[0]?.id ?? '')).find((e) => e.action === 'self-resolve') as
        | (HistoryEntry & { inputs: Record<string, unknown> })
        | undefined;
      assert.equal(entry?.attachments.length, 2, 'before and after');
      assert.deepEqual(entry?.inputs.position, { lon: point.lng, lat: point.lat, accuracy: 8 });
      assert.deepEqual(blocked, []);
    } finally {
      await close();
    }
  });
  test('a report the server refuses waits with its message until the worker corrects it', async () => {
    const { page, blocked, close } = await phone();
    try {
      await signInReady(page);
      const description = `位置有误:垃圾桶满溢 ${Date.now()}`;
      await page.getByTestId('home-report-without-photo').tap();
      await page.getByTestId('report-screen').waitFor();
      // Pinned by hand far outside every grid: the server will refuse the place.
      await page.getByTestId('location-adjust').tap();
      const sheet = page.getByTestId('location-sheet');
      await sheet.getByLabel('纬度').fill('35.5');
      await sheet.getByLabel('经度').fill('112.5');
      await sheet.getByRole('button', { name: '使用该坐标' }).tap();
      await page.locator('[data-testid="report-location"][data-source="manual"]').waitFor();
      await page.getByTestId('category-chip').first().tap();
      await page.getByTestId('report-description').fill(description);
      await page.getByTestId('report-send').tap();
      await page.getByTestId('home-screen').waitFor();

      await page.getByTestId('tab-outbox').tap();
      const refused = page.locator('[data-testid="outbox-item"][data-state="attention"]');
      await refused.waitFor({ timeout: 30_000 });
      assert.match((await refused.getByTestId('outbox-error').textContent()) ?? '', /网格/);
      await screenshot(page, 'mobile-5-refused');

      // 修改: the place becomes the centre of the worker's own grid; sent again with the same key.
      await refused.getByTestId('outbox-edit').tap();
      await page.getByTestId('report-screen').waitFor();
      assert.equal(await page.getByTestId('report-description').inputValue(), description);
      await page.getByTestId('location-adjust').tap();
      await page.getByTestId('location-sheet').getByTestId('grid-centre').filter({ hasText: point.name }).tap();
      await page.getByTestId('report-send').tap();
      await page.getByTestId('outbox-screen').waitFor();
      await badge(page, 0);
      const cases = await casesTitled(description);
      assert.equal(cases.length, 1);
      const created = await api<{ gridCode: string }>('GET', `/api/cases/${cases[0]?.id}`, operator);
      assert.equal(created.gridCode, point.code);
      assert.deepEqual(blocked, []);
    } finally {
      await close();
    }
  });
});
