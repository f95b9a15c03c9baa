import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  callApi,
  DEMO_PASSWORD,
  demoSessionCookie,
  launchBrowser,
  newFencedContext,
  type RunningServer,
  screenshot,
  startServer,
} from './harness.ts';

// The demo (harness: CIVICGRID_DEMO_GEOGRAPHY=140403001) has grids in 东街街道 only; the leader and the duty chief
// hold the city (1404).
const TOWN = '140403001';

let server: RunningServer;
let browser: Browser;
let point: { code: string; lng: number; lat: number };

const api = <T>(method: string, url: string, headers: Record<string, string>, body?: unknown) =>
  callApi<T>(server, method, url, headers, body);

/** A demo user's session, for the API calls the other people in the story make. */
const sessionOf = async (username: string) => ({ cookie: await demoSessionCookie(server, username) });

async function signIn(page: Page, username: string, next: string): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => url.pathname === new URL(next, 'http://x').pathname);
}

const kpi = async (page: Page, id: string) =>
  Number(await page.locator(`[data-testid="kpi-${id}"]`).getAttribute('data-value'));

/** The map drew its areas for the division: the canvas is there and MapLibre rendered the features. */
async function mapDrawn(page: Page, division: string): Promise<number> {
  const map = page.locator(`[data-testid="command-map"][data-division="${division}"]:not([data-areas="0"])`);
  await map.waitFor({ timeout: 30_000 });
  await map.locator('canvas').first().waitFor();
  await page.locator('[data-testid="command-geo-map"][data-ready="true"]').waitFor();
  return Number(await map.getAttribute('data-areas'));
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const operator = { authorization: `Bearer ${await server.operatorToken()}` };
  const grids = await api<{ items: { code: string }[] }>(
    'GET',
    `/api/grids?under=${TOWN}&status=active&sort=code&pageSize=1`,
    operator,
  );
  const code = grids.items[0]?.code;
  assert.ok(code, 'the demo has grids in the town');
  const grid = await api<{ code: string; label: [number, number] }>('GET', `/api/grids/${code}`, operator);
  point = { code: grid.code, lng: grid.label[0], lat: grid.label[1] };
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the command centre (驾驶舱)', () => {
  test('the leader sees the map and the figures, a new case arrives in the live feed, and drills down', async () => {
    const { page, blocked, close } = await newFencedContext(browser, { baseURL: server.url });
    try {
      await signIn(page, 'leader', '/command');
      const areas = await mapDrawn(page, '1404');
      assert.ok(areas >= 2, `the city's counties are drawn (${areas})`);
      // The GeoJSON is handed to MapLibre's worker: on a busy machine the first frame with it comes a little later.
      const rendered = await page
        .waitForFunction(() => window.__civicgridMap?.queryRenderedFeatures().length ?? 0, undefined, {
          timeout: 15_000,
        })
        .then((h) => h.jsonValue())
        .catch(() => 0);
      assert.ok(rendered > 0, 'MapLibre rendered the outlines');
      await page.locator('[data-testid="kpi-open"]:not([data-value=""])').waitFor();
      await page.locator('[data-testid="kpi-closedOnTimeRate"]').waitFor();
      await page.locator('[data-testid="chart-trend"][data-days="30"] canvas').waitFor();
      await page.locator('[data-testid="feed-status"][data-live="true"]').waitFor({ timeout: 20_000 });
      const openBefore = await kpi(page, 'open');
      const newBefore = await kpi(page, 'opened');
      await screenshot(page, 'command-1-city');

      // 徐芳, the grid worker, reports through the API; the leader's screen is not reloaded.
      const worker = await sessionOf('gridworker');
      const opened = await api<{ id: string; number: string }>(
        'POST',
        '/api/cases',
        { ...worker, 'idempotency-key': `command-e2e-${Date.now()}` },
        {
          location: { lng: point.lng, lat: point.lat },
          category: { codeSet: 'cjt214.event', code: '0104' },
          description: '驾驶舱:府后街人行道上满是泥沙',
        },
      );
      const item = page.locator(`[data-testid="feed-item"][data-case-id="${opened.id}"]`);
      await item.waitFor({ timeout: 15_000 });
      assert.equal(await item.getAttribute('data-number'), opened.number);
      assert.equal(await item.getAttribute('data-kind'), 'opened');
      assert.equal(
        await page.locator('[data-testid="feed-item"]').first().getAttribute('data-case-id'),
        opened.id,
        'on top of the feed',
      );
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid="kpi-open"]')?.getAttribute('data-value')) === n,
        openBefore + 1,
        { timeout: 15_000 },
      );
      assert.equal(await kpi(page, 'opened'), newBefore + 1, 'new today counts it');
      await screenshot(page, 'command-2-live');

      // Down to the county by a click on the map, then back up with the breadcrumb.
      const county = point.code.slice(0, 6);
      await page.evaluate(() =>
        document.querySelector('[data-testid="command-map"]')?.scrollIntoView({ block: 'center' }),
      );
      await page.waitForFunction(() => window.__civicgridMap && !window.__civicgridMap.isMoving());
      await page.waitForTimeout(700);
      const at = await page.evaluate((code) => {
        const map = window.__civicgridMap;
        if (!map) return null;
        const layers = map
          .getStyle()
          .layers.map((l) => l.id)
          .filter((id) => id.startsWith('areas-') && id.endsWith('-fill'));
        const f = map.queryRenderedFeatures({ layers }).find((x) => x.properties?.code === code);
        if (!f) return null;
        // A point inside: the server's label point (MapLibre hands array properties back as JSON text).
        const raw: unknown = f.properties?.label;
        const label = (typeof raw === 'string' ? JSON.parse(raw.startsWith('[') ? raw : `[${raw}]`) : raw) as [
          number,
          number,
        ];
        const p = map.project(label);
        const box = map.getContainer().getBoundingClientRect();
        return { x: box.left + p.x, y: box.top + p.y };
      }, county);
      assert.ok(at, 'the county is on the map');
      await page.mouse.click(at.x, at.y);
      await page.waitForURL((url) => url.searchParams.get('division') === county);
      await mapDrawn(page, county);
      assert.ok((await kpi(page, 'open')) >= 1);
      await page.getByTestId('command-path').getByText('长治市').click();
      await page.waitForURL((url) => url.searchParams.get('division') === '1404');
      await mapDrawn(page, '1404');
    } finally {
      await close();
      assert.deepEqual(blocked, [], 'no request left the machine');
    }
  });

  test('the duty chief’s big screen fills 1920×1080 without scrollbars', async () => {
    const { page, blocked, close } = await newFencedContext(browser, { baseURL: server.url });
    try {
      await page.setViewportSize({ width: 1920, height: 1080 });
      await signIn(page, 'dutychief', '/command');
      await mapDrawn(page, '1404');
      await page.getByTestId('command-screen-toggle').click();
      await page.waitForURL((url) => url.searchParams.get('screen') === '1');
      const screen = page.locator('[data-testid="command-screen"]');
      await screen.waitFor();
      await mapDrawn(page, '1404');
      await page.locator('[data-testid="chart-trend"] canvas').waitFor();
      await page.waitForTimeout(500);
      const fit = await page.evaluate(() => {
        const el = document.querySelector('[data-testid="command-screen"]') as HTMLElement;
        const r = el.getBoundingClientRect();
        const html = document.documentElement;
        const overflowing = [...el.querySelectorAll<HTMLElement>('*')].filter(
          (e) =>
            getComputedStyle(e).overflowY === 'auto' &&
            e.scrollHeight > e.clientHeight + 1 &&
            e.dataset.testid !== 'command-feed',
        ).length;
        return {
          width: r.width,
          height: r.height,
          scrollW: el.scrollWidth - el.clientWidth,
          scrollH: el.scrollHeight - el.clientHeight,
          pageBarX: window.innerHeight - html.clientHeight,
          pageBarY: window.innerWidth - html.clientWidth,
          overflowing,
          bg: getComputedStyle(el).backgroundImage,
          header: !!document
            .querySelector('.ant-layout-header:not([data-testid="command-screen"] *)')
            ?.checkVisibility?.(),
        };
      });
      assert.equal(fit.width, 1920);
      assert.equal(fit.height, 1080);
      assert.equal(fit.scrollW, 0, 'no horizontal scrolling inside the board');
      assert.equal(fit.scrollH, 0, 'no vertical scrolling inside the board');
      assert.equal(fit.pageBarX, 0, 'no page scrollbar');
      assert.equal(fit.pageBarY, 0, 'no page scrollbar');
      assert.match(fit.bg, /gradient/, 'the dark board');
      await screenshot(page, 'command-3-big-screen');
      // Leaving it brings the console back.
      await page.getByTestId('command-screen-toggle').click();
      await page.waitForURL((url) => url.searchParams.get('screen') === null);
      await screen.waitFor({ state: 'detached' });
    } finally {
      await close();
      assert.deepEqual(blocked, [], 'no request left the machine');
    }
  });
});
