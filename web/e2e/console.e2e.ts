import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  type FencedContext,
  launchBrowser,
  newFencedContext,
  type RunningServer,
  screenshot,
  startServer,
} from './harness.ts';

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

/** Runs a journey in a fresh profile and fails it if the page tried to reach any host but the server. */
async function journey(options: { operator?: boolean }, body: (ctx: FencedContext) => Promise<void>): Promise<void> {
  const headers = options.operator ? { Authorization: `Bearer ${await server.operatorToken()}` } : undefined;
  const ctx = await newFencedContext(browser, { baseURL: server.url, headers });
  try {
    await body(ctx);
  } finally {
    await ctx.close();
  }
  assert.deepEqual(ctx.blocked, [], 'the console must not contact hosts other than its server');
  assert.equal(ctx.blocked.length, 0);
}

describe('console shell', () => {
  test('opens at / in Chinese with the overview, the engine and the time zone', () =>
    journey({}, async ({ page }) => {
      await page.goto('/');
      await page.getByRole('heading', { name: '概览' }).waitFor();
      assert.equal(await page.getByTestId('product-name').textContent(), 'CivicGrid 网格治理平台');
      assert.equal(await page.getByTestId('status-engine').textContent(), '嵌入式数据库 PGlite');
      assert.equal(await page.getByTestId('status-time-zone').textContent(), 'Asia/Shanghai');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
      await screenshot(page, 'overview-zh-CN');
    }));

  test('switching to English changes the menu labels and survives a reload', () =>
    journey({}, async ({ page }) => {
      await page.goto('/');
      const nav = page.getByRole('navigation');
      await nav.getByText('概览').waitFor();
      await page.getByTestId('language-switch').getByText('English').click();
      await nav.getByText('Overview').waitFor();
      await nav.getByText('API docs').waitFor();
      assert.equal(await nav.getByText('概览').count(), 0);

      // The browser itself prefers zh-CN; the console's choice must win on API calls.
      const [sessionRequest] = await Promise.all([
        page.waitForRequest((r) => new URL(r.url()).pathname === '/api/session'),
        page.reload(),
      ]);
      assert.equal(await sessionRequest.headerValue('accept-language'), 'en-US');
      await nav.getByText('Overview').waitFor();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      assert.equal(await page.getByTestId('status-engine').textContent(), 'Embedded database (PGlite)');
      assert.equal(await page.evaluate(() => localStorage.getItem('civicgrid.locale')), 'en-US');
      await screenshot(page, 'overview-en-US');
    }));

  test('an anonymous visitor does not see 定时任务 and is sent to the login page from admin pages', () =>
    journey({}, async ({ page }) => {
      await page.goto('/');
      await page.getByTestId('actor').getByText('未登录').waitFor();
      const nav = page.getByRole('navigation');
      await nav.getByText('概览').waitFor();
      assert.equal(await nav.getByText('定时任务').count(), 0);
      assert.equal(await nav.getByText('配置').count(), 0);

      await page.goto('/admin/jobs');
      await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/admin/jobs');
      await page.getByLabel('用户名').waitFor();
      await screenshot(page, 'anonymous-sign-in-required');
    }));

  test('an unknown address shows the not-found page inside the shell', () =>
    journey({}, async ({ page }) => {
      await page.goto('/no/such/page');
      await page.getByText('页面不存在').waitFor();
      await page.getByRole('navigation').getByText('概览').waitFor();
    }));
});

describe('operator console', () => {
  test('the menu shows scheduled jobs and configuration, and the jobs table lists jobs', () =>
    journey({ operator: true }, async ({ page }) => {
      await page.goto('/');
      const nav = page.getByRole('navigation');
      await nav.getByText('定时任务').waitFor();
      await nav.getByText('配置').waitFor();
      assert.notEqual(await page.getByTestId('actor').textContent(), '未登录');

      await nav.getByText('定时任务').click();
      await page.getByRole('heading', { name: '定时任务' }).waitFor();
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      await rows.first().waitFor();
      assert.ok((await rows.count()) > 0, 'the demo installation has scheduled jobs');
      await page
        .getByRole('button', { name: /立即执行/ })
        .first()
        .waitFor();
      await screenshot(page, 'operator-jobs');
    }));

  test('adding a configuration version through the form shows it in the list', () =>
    journey({ operator: true }, async ({ page }) => {
      await page.goto('/admin/config');
      await page.getByRole('heading', { name: '配置' }).waitFor();
      const selectedKey = (await page.getByTestId('config-selected-key').textContent()) ?? '';
      assert.ok(selectedKey, 'a configuration key is selected');

      const note = `e2e ${Date.now()}`;
      await page.getByRole('button', { name: /新增版本/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('行政区划代码').fill('140403');
      await dialog.getByLabel('备注').fill(note);
      const value = dialog.getByLabel('取值');
      const defaultValue = await value.inputValue();

      // A value the key's schema refuses: the server's message (in Chinese) is shown, nothing is added.
      await value.fill('"not the right shape"');
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await page.locator('.ant-message-error').waitFor();
      assert.equal(await page.locator('.ant-table-tbody tr', { hasText: note }).count(), 0);

      await value.fill(defaultValue);
      await dialog.getByRole('button', { name: /提\s*交/ }).click();

      await page.getByText('已新增版本').waitFor();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.locator('.ant-table-tbody tr', { hasText: note });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /140403/);
      await screenshot(page, 'operator-config-version-added');

      // The resolve box: the new version is what applies in 140403 today.
      const resolve = page.getByRole('form', { name: '生效值查询' });
      await resolve.getByLabel('行政区划代码').fill('140403');
      await resolve.getByRole('button', { name: /查\s*询/ }).click();
      await page.getByText(/^版本 .*（140403，/).waitFor();
    }));
});
