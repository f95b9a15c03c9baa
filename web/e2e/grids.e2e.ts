import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  type FencedContext,
  launchBrowser,
  newFencedContext,
  type RunningServer,
  screenshot,
  startServer,
} from './harness.ts';

// The harness starts the demo with CIVICGRID_DEMO_GEOGRAPHY=140403001: counties and towns of the whole
// city (长治市, 1404) are drawn, grids (and their staff) only in 东街街道.
const PASSWORD = 'civicgrid';
const CITY = '1404';
const COUNTY = '140403'; // 潞州区
const TOWN = '140403001'; // 东街街道

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function journey(body: (ctx: FencedContext) => Promise<void>): Promise<void> {
  const ctx = await newFencedContext(browser, { baseURL: server.url });
  try {
    await body(ctx);
  } finally {
    await ctx.close();
  }
  assert.deepEqual(ctx.blocked, [], 'the map must not fetch tiles, fonts or anything else from the internet');
}

async function signIn(page: Page, username: string, next: string): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => url.pathname === next);
}

/** GET from the page, with its session cookie. */
function getJson<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (u) => {
    const res = await fetch(u);
    if (!res.ok) throw new Error(`${u}: ${res.status}`);
    return res.json();
  }, url);
}

/** The distinct `code`s the map has drawn on `layer` (a feature split across tiles comes back once per tile). */
function renderedCodes(page: Page, layer: string): Promise<string[]> {
  return page.evaluate((l) => {
    const map = window.__civicgridMap;
    if (!map?.getLayer(l)) return [];
    const codes = map.queryRenderedFeatures({ layers: [l] }).map((f) => String(f.properties?.code));
    return [...new Set(codes)].sort();
  }, layer);
}

/** Waits until the map shows `division` (its data loaded, the camera still) and has drawn `count` features. */
async function waitForDivision(page: Page, division: string, layer: string, count: number): Promise<void> {
  await page.locator(`[data-testid="grids-map"][data-division="${division}"]`).waitFor();
  await page.waitForFunction(
    ({ l, n }) => {
      const map = window.__civicgridMap;
      if (!map?.loaded() || map.isMoving() || !map.getLayer(l)) return false;
      const codes = new Set(map.queryRenderedFeatures({ layers: [l] }).map((f) => f.properties?.code));
      return codes.size === n;
    },
    { l: layer, n: count },
    { timeout: 30_000 },
  );
}

/**
 * Clicks the map where a user would: on the feature's label point, projected to the screen by the map.
 * Waits until the feature is what the map has under that pixel, so a camera still fitting does not
 * send the click elsewhere.
 */
async function clickFeature(page: Page, layer: string, code: string, lngLat: [number, number]): Promise<void> {
  const at = async () =>
    page.evaluate(
      ({ l, c, p }) => {
        const map = window.__civicgridMap;
        if (!map || map.isMoving()) return null;
        const point = map.project(p as [number, number]);
        const hit = map.queryRenderedFeatures(point, { layers: [l] }).some((f) => f.properties?.code === c);
        const box = map.getCanvas().getBoundingClientRect();
        return hit ? { x: box.left + point.x, y: box.top + point.y } : null;
      },
      { l: layer, c: code, p: lngLat },
    );
  let point: { x: number; y: number } | null = null;
  for (let i = 0; i < 100 && !point; i++) {
    point = await at();
    if (!point) await page.waitForTimeout(150);
  }
  assert.ok(point, `${code} is drawn under its label point on ${layer}`);
  await page.mouse.click(point.x, point.y);
}

interface DivisionCollection {
  synthetic: boolean;
  features: { properties: { code: string; name: string; label: [number, number] | null } }[];
}

async function childFeature(page: Page, parent: string, code: string) {
  const collection = await getJson<DivisionCollection>(page, `/api/regions/${parent}/children/geojson`);
  const feature = collection.features.find((f) => f.properties.code === code);
  assert.ok(feature?.properties.label, `${code} has an outline and a label point under ${parent}`);
  return { collection, feature: feature.properties, label: feature.properties.label };
}

describe('the grid map', () => {
  test('a leader drills from the city to a grid by clicking the map and sees who is on duty there', () =>
    journey(async ({ page }) => {
      await signIn(page, 'leader', '/grids');
      await page.getByRole('heading', { name: '网格地图' }).waitFor();
      await page.getByRole('navigation').locator('.ant-menu-item', { hasText: '网格地图' }).waitFor();
      const menu = (await page.getByRole('navigation').locator('.ant-menu-item').allTextContents()).map((s) =>
        s.trim(),
      );
      assert.ok(menu.includes('网格地图'), `leader menu: ${menu}`);
      assert.ok(!menu.includes('网格导入'), `leader menu: ${menu}`);

      // The city: its 12 counties, drawn and rendered (no tile server, nothing from outside).
      const counties = await getJson<DivisionCollection>(page, `/api/regions/${CITY}/children/geojson`);
      assert.equal(counties.features.length, 12);
      await waitForDivision(page, CITY, 'divisions-fill', 12);
      assert.equal((await renderedCodes(page, 'divisions-fill')).length, 12);
      assert.equal(counties.synthetic, true);
      await page.getByTestId('synthetic-badge').getByText('示意数据(合成边界)').waitFor();
      await screenshot(page, 'grids-map-city');

      // 潞州区 → its towns.
      const county = await childFeature(page, CITY, COUNTY);
      await clickFeature(page, 'divisions-fill', COUNTY, county.label);
      const towns = await getJson<DivisionCollection>(page, `/api/regions/${COUNTY}/children/geojson`);
      await waitForDivision(page, COUNTY, 'divisions-fill', towns.features.length);

      // 东街街道 → its communities.
      const town = await childFeature(page, COUNTY, TOWN);
      await clickFeature(page, 'divisions-fill', TOWN, town.label);
      const communities = await getJson<DivisionCollection>(page, `/api/regions/${TOWN}/children/geojson`);
      await waitForDivision(page, TOWN, 'divisions-fill', communities.features.length);
      assert.match((await page.getByTestId('division-path').textContent()) ?? '', /长治市.*潞州区.*东街街道/);
      await screenshot(page, 'grids-map-town');

      // The community of the town's first grid → its grids.
      const first = await getJson<{ items: { code: string; communityCode: string }[] }>(
        page,
        `/api/grids?under=${TOWN}&pageSize=1`,
      );
      const gridCode = first.items[0]?.code;
      const communityCode = first.items[0]?.communityCode;
      assert.ok(gridCode && communityCode, 'the demo town has grids');
      const community = await childFeature(page, TOWN, communityCode);
      await clickFeature(page, 'divisions-fill', communityCode, community.label);
      const grids = await getJson<{ items: unknown[]; total: number }>(
        page,
        `/api/grids?under=${communityCode}&pageSize=100`,
      );
      await waitForDivision(page, communityCode, 'grids-fill', grids.total);
      assert.ok(grids.total > 0);

      // The grid → its detail with the people holding its posts.
      const grid = await getJson<{ label: [number, number]; name: string; staff: { displayName: string }[] }>(
        page,
        `/api/grids/${gridCode}`,
      );
      assert.ok(grid.staff.length > 0, 'the demo staffs the first grid');
      await clickFeature(page, 'grids-fill', gridCode, grid.label);
      const detail = page.getByTestId('grid-detail');
      await detail.waitFor();
      await detail.getByTestId('staff-name').first().waitFor();
      const shown = await detail.getByTestId('staff-name').allTextContents();
      for (const s of grid.staff) assert.ok(shown.includes(s.displayName), `${s.displayName} in ${shown}`);
      // The demo gives the first grid of the town to the demo grid worker (徐芳) as its full-time worker.
      assert.ok(shown.includes('徐芳'), `staff shown: ${shown}`);
      const text = (await detail.textContent()) ?? '';
      assert.match(text, new RegExp(gridCode));
      assert.match(text, /专职网格员/);
      assert.match(text, /1[3-9]\d\*{4}\d{4}/, 'phone numbers are masked');
      assert.match(text, /周一至周五/, 'duty schedules are shown');
      await screenshot(page, 'grids-map-grid-detail');
      await page.keyboard.press('Escape');
      await detail.waitFor({ state: 'hidden' });

      // The coverage check of the community, and the export of its grids.
      await page.getByTestId('coverage-toggle').click();
      await page.getByTestId('coverage-summary').waitFor();
      assert.match((await page.getByTestId('coverage-summary').textContent()) ?? '', /容差/);
      await page.getByRole('button', { name: /导出 GeoJSON/ }).hover();
      const exportLink = page.getByTestId('export-wgs84');
      await exportLink.waitFor();
      assert.equal(
        await exportLink.getAttribute('href'),
        `/api/grids/geojson?under=${communityCode}&crs=wgs84&download=true`,
      );
      await screenshot(page, 'grids-map-coverage');

      // Back up through the breadcrumb.
      await page.getByTestId('division-path').getByText('潞州区').click();
      await waitForDivision(page, COUNTY, 'divisions-fill', towns.features.length);

      // The search box finds a grid by code and opens it.
      const search = page.getByPlaceholder('搜索区划或网格（名称/代码）');
      await search.fill(gridCode);
      await page.locator('.ant-select-item-option', { hasText: gridCode }).click();
      await page.locator(`[data-testid="grids-map"][data-division="${communityCode}"]`).waitFor();
      await page.getByTestId('grid-detail').getByTestId('staff-name').filter({ hasText: '徐芳' }).waitFor();
    }));

  test('a grid administrator checks a file of grids, imports it, and sees the staffing checks', () =>
    journey(async ({ page }) => {
      await signIn(page, 'gridadmin', '/grids/import');
      await page.getByRole('heading', { name: '网格导入' }).waitFor();
      const dir = await mkdtemp(path.join(tmpdir(), 'civicgrid-import-'));
      try {
        // The export of one community, renamed: every grid is an update and nothing stands in the way.
        const first = await getJson<{ items: { communityCode: string }[] }>(
          page,
          `/api/grids?under=${TOWN}&pageSize=1`,
        );
        const community = first.items[0]?.communityCode;
        const exported = await getJson<{ features: { properties: Record<string, unknown> }[] }>(
          page,
          `/api/grids/geojson?under=${community}`,
        );
        for (const f of exported.features) f.properties.name = `${f.properties.name}（导入）`;
        const good = path.join(dir, 'grids.geojson');
        await writeFile(good, JSON.stringify(exported));
        // The same outlines under new codes overlap the grids in force; one feature has no code.
        const clash = structuredClone(exported);
        clash.features.forEach((f, i) => {
          f.properties.code = `${community}${String(900 + i).padStart(3, '0')}`;
        });
        if (clash.features[0]) delete clash.features[0].properties.code;
        const bad = path.join(dir, 'clash.geojson');
        await writeFile(bad, JSON.stringify(clash));

        const fileInput = page.locator('input[type="file"]');
        await fileInput.setInputFiles(bad);
        await page.getByTestId('import-file-ok').waitFor();
        await page.getByTestId('import-check').click();
        const problems = page.getByTestId('import-problems');
        await problems.waitFor();
        assert.ok((await problems.locator('.ant-table-row').count()) > 0);
        assert.match((await problems.textContent()) ?? '', /#1/);
        await page.getByTestId('problem-areas').waitFor();
        assert.equal(await page.getByTestId('import-run').isDisabled(), true, 'no import while problems remain');
        await screenshot(page, 'grids-import-problems');

        await fileInput.setInputFiles(good);
        await page.getByTestId('import-check').click();
        await page.getByText('检查通过，可以导入').waitFor();
        assert.equal(
          Number(await page.getByTestId('report-update').locator('.ant-statistic-content-value').textContent()),
          exported.features.length,
        );
        await page.getByTestId('import-run').click();
        await page
          .getByRole('dialog')
          .getByRole('button', { name: /导\s*入/ })
          .click();
        await page.getByTestId('import-done').waitFor();
        await screenshot(page, 'grids-import-done');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }

      await page.getByRole('navigation').getByText('定人定岗定时').click();
      await page.getByRole('heading', { name: '定人定岗定时' }).waitFor();
      const flags = page.getByTestId('staffing-flags');
      await flags.waitFor();
      assert.match((await flags.textContent()) ?? '', /无专职网格员的网格/);
      await page.getByTestId('grid-select').click();
      await page.keyboard.type(TOWN);
      await page.locator('.ant-select-item-option').first().click();
      await page.getByTestId('staffing-grid').waitFor();
      await page.getByTestId('staff-table').locator('.ant-table-row').first().waitFor();
      await screenshot(page, 'grids-staffing');
    }));
});
