import assert from 'node:assert/strict';
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

// The demo seeder creates one account per role, all with this password; the system administrator (admin)
// holds calendar.manage and signs in without a second factor in the demo.
const PASSWORD = 'civicgrid';

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
  assert.deepEqual(ctx.blocked, [], 'the console must not contact hosts other than its server');
}

async function signIn(page: Page, username: string, next: string): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => url.pathname === next);
}

/** The calendar's cell of a date: its kind, source, text and what it says when read out. */
async function dayCell(page: Page, date: string) {
  const cell = page.getByTestId('year-calendar').locator(`[data-date="${date}"]`);
  await cell.waitFor();
  return {
    cell,
    kind: await cell.getAttribute('data-kind'),
    source: await cell.getAttribute('data-source'),
    text: ((await cell.textContent()) ?? '').trim(),
    label: (await cell.getAttribute('aria-label')) ?? '',
  };
}

describe('the working calendar', () => {
  test('the system administrator reads 2024, sets and removes a local day off, and counts a deadline; the bell shows no notifications', () =>
    journey(async ({ page }) => {
      await signIn(page, 'admin', '/');

      // The calendar from the menu, then 2024 typed into the year switcher.
      await page.getByRole('navigation').getByText('工作日历').click();
      await page.getByRole('heading', { name: '工作日历' }).waitFor();
      await page.getByTestId('year-calendar').waitFor();
      const year = page.getByTestId('year-input');
      await year.fill('2024');
      await page.waitForURL((url) => url.pathname === '/calendar' && url.searchParams.get('year') === '2024');
      await page.locator('[data-testid="year-calendar"][data-year="2024"]').waitFor();
      assert.equal(await page.getByTestId('calendar-unknown-year').count(), 0, '2024 is known officially');
      assert.match((await page.getByTestId('calendar-sources').textContent()) ?? '', /内置（国务院安排）/);

      // 春节 2024: 10–17 February off, Sunday 4 February worked.
      for (const date of ['2024-02-10', '2024-02-12', '2024-02-17']) {
        const day = await dayCell(page, date);
        assert.equal(day.kind, 'holiday', date);
        assert.equal(day.source, 'builtin', date);
        assert.match(day.text, /休$/, date);
        assert.match(day.label, /春节/, date);
      }
      const makeUp = await dayCell(page, '2024-02-04');
      assert.equal(makeUp.kind, 'workday');
      assert.equal(makeUp.text, '4班');
      assert.match(makeUp.label, /春节/);
      const ordinary = await dayCell(page, '2024-02-05');
      assert.equal(ordinary.kind, 'weekday');
      assert.equal(ordinary.text, '5');
      const february = page.getByTestId('month-calendar').nth(1).getByTestId('month-days');
      assert.match((await february.textContent()) ?? '', /休10–17日春节/);
      assert.match((await february.textContent()) ?? '', /班4、18日春节/);
      await screenshot(page, 'calendar-2024');

      // A local day off on Friday 15 March 2024.
      const before = await dayCell(page, '2024-03-15');
      assert.equal(before.kind, 'weekday');
      await before.cell.click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('设置本地调整').waitFor();
      assert.match((await dialog.getByTestId('local-day-now').textContent()) ?? '', /普通工作日/);
      assert.match((await dialog.textContent()) ?? '', /重新计算/, 'the dialog says deadlines will be recomputed');
      assert.equal(await dialog.getByRole('radio', { name: '放假（休）' }).isChecked(), true);
      await dialog.getByLabel('名称').fill('防汛停工');
      await screenshot(page, 'calendar-local-day-dialog');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      const changed = page.getByTestId('calendar-change-message');
      await changed.waitFor();
      assert.match((await changed.textContent()) ?? '', /已更新 1 个日期;正在按新的工作日历重新计算未办结案件的时限/);
      await page.locator('[data-date="2024-03-15"][data-source="local"]').waitFor();
      const after = await dayCell(page, '2024-03-15');
      assert.equal(after.kind, 'holiday');
      assert.equal(after.text, '15休');
      assert.match(after.label, /防汛停工.*本地调整/);
      const localRows = page.getByTestId('local-days').locator('.ant-table-row');
      assert.equal(await localRows.count(), 1);
      assert.match((await localRows.first().textContent()) ?? '', /2024-03-15.*放假.*防汛停工/);
      await screenshot(page, 'calendar-local-day');

      // 时限计算: 3 working days from Thursday 2023-09-28 16:00 skip 中秋/国庆 and count the make-up weekend.
      const helper = page.getByTestId('deadline-helper');
      const from = helper.locator('.ant-picker input');
      await from.click();
      await from.fill('2023-09-28 16:00');
      await from.press('Enter');
      await helper.locator('.ant-input-number input').fill('3');
      assert.match((await helper.locator('.ant-select').textContent()) ?? '', /工作日/);
      await helper.getByTestId('deadline-compute').click();
      const sentence = helper.getByTestId('deadline-sentence');
      await sentence.waitFor();
      const text = (await sentence.textContent()) ?? '';
      assert.match(text, /自 2023-09-28 16:00 起 3 个工作日/);
      assert.match(text, /跳过 09-29…10-06\(国庆节、中秋节\)/);
      assert.match(text, /计入调休上班日 10-07、10-08/);
      assert.match(text, /→ 2023-10-09 16:00 到期/);
      assert.equal(await helper.getByTestId('deadline-due').textContent(), '2023-10-09 16:00');
      await screenshot(page, 'calendar-deadline');

      // Removing the local day, confirmed: Friday 15 March is an ordinary working day again.
      await page.getByTestId('local-days').getByTestId('local-day-remove').click();
      const confirm = page.locator('.ant-popconfirm');
      await confirm.getByText(/删除 2024-03-15 的本地调整/).waitFor();
      await confirm.getByRole('button', { name: /删\s*除/ }).click();
      await page.locator('[data-date="2024-03-15"][data-kind="weekday"]').waitFor();
      assert.match((await changed.textContent()) ?? '', /重新计算/);
      assert.equal(await page.getByTestId('local-days').locator('.ant-table-row').count(), 0);

      // The bell: a signed-in user's unread count, 0 here (no workflow produces notifications yet).
      const count = await page.evaluate(async () => {
        const res = await fetch('/api/notifications/unread-count');
        return { status: res.status, body: await res.text() };
      });
      assert.equal(count.status, 200, `GET /api/notifications/unread-count answered ${count.status}: ${count.body}`);
      assert.deepEqual(JSON.parse(count.body), { count: 0 });
      const bell = page.getByTestId('notification-bell');
      await page.locator('[data-testid="notification-bell"][data-count="0"]').waitFor();
      assert.equal(await bell.getAttribute('aria-label'), '通知（0 条未读）');
      assert.equal(await bell.locator('.ant-badge-count').count(), 0, 'no number on the bell when nothing is unread');
      await bell.click();
      const panel = page.getByTestId('notification-panel');
      await panel.getByText('暂无通知').waitFor();
      assert.equal(await panel.getByTestId('notification-read-all').isDisabled(), true);
      await screenshot(page, 'calendar-notifications-empty');
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden' });
    }));
});
