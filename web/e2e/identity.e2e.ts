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

// The demo seeder creates one account per role, all with this password (CIVICGRID_DEMO_PASSWORD).
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

/** Opens fresh browser profiles (one per user), runs the journey, and fails it if any tried to leave localhost. */
async function journey(users: number, body: (ctxs: FencedContext[]) => Promise<void>): Promise<void> {
  const ctxs: FencedContext[] = [];
  try {
    for (let i = 0; i < users; i++) ctxs.push(await newFencedContext(browser, { baseURL: server.url }));
    await body(ctxs);
  } finally {
    for (const ctx of ctxs) await ctx.close();
  }
  const blocked = ctxs.flatMap((c) => c.blocked);
  assert.deepEqual(blocked, [], 'the console must not contact hosts other than its server');
  assert.equal(blocked.length, 0);
}

/** The labels of the sider menu, as the user sees them. */
async function menuLabels(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation');
  await nav.locator('.ant-menu-item').first().waitFor();
  return (await nav.locator('.ant-menu-item').allTextContents()).map((s) => s.trim());
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

async function signOut(page: Page): Promise<void> {
  // Under load the dropdown can still be animating when the item is clicked and swallow the click;
  // a person would open the menu again, and so does this (at most four times).
  // The menu may also close under the pointer while it animates (CI: "element is not stable", then "not
  // visible" until the click's own timeout), so the click is part of the attempt, with a short timeout.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.getByTestId('user-menu').click({ timeout: 10_000 });
      const item = page.getByTestId('sign-out');
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      await item.click({ timeout: 5_000 });
      await page.waitForURL((url) => url.pathname === '/login', { timeout: 10_000, waitUntil: 'commit' });
      break;
    } catch (err) {
      if (attempt >= 4) throw err;
      if (new URL(page.url()).pathname === '/login') break;
      await page.keyboard.press('Escape');
    }
  }
  await page.getByLabel('用户名').waitFor();
}

describe('identity and access in the console', () => {
  test('a grid worker and an auditor sign in side by side and see different menus; signing out returns to /login', () =>
    journey(2, async ([worker, auditor]) => {
      // The grid worker opens a protected page, is sent to the login page, and comes back after signing in.
      await worker!.page.goto('/people');
      await worker!.page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/people');
      const demo = worker!.page.getByTestId('demo-accounts');
      await demo.waitFor();
      assert.match((await demo.textContent()) ?? '', /civicgrid/);
      assert.match((await demo.textContent()) ?? '', /gridworker/);
      await screenshot(worker!.page, 'identity-login-demo');
      await signIn(worker!.page, 'gridworker');
      await worker!.page.waitForURL((url) => url.pathname === '/people');
      await worker!.page.getByRole('heading', { name: '居民/人员' }).waitFor();

      // The auditor signs in from the login page in another browser profile, at the same time.
      await auditor!.page.goto('/login');
      await signIn(auditor!.page, 'auditor');
      await auditor!.page.waitForURL((url) => url.pathname === '/');
      await auditor!.page.getByTestId('user-menu').waitFor();

      const workerMenu = await menuLabels(worker!.page);
      const auditorMenu = await menuLabels(auditor!.page);
      assert.notDeepEqual(workerMenu, auditorMenu);
      assert.ok(auditorMenu.includes('审计日志'), `auditor menu: ${auditorMenu}`);
      assert.ok(!auditorMenu.includes('用户'), `auditor menu: ${auditorMenu}`);
      assert.ok(!auditorMenu.includes('居民/人员'), `auditor menu: ${auditorMenu}`);
      assert.ok(workerMenu.includes('居民/人员'), `grid worker menu: ${workerMenu}`);
      assert.ok(!workerMenu.includes('审计日志'), `grid worker menu: ${workerMenu}`);
      assert.ok(!workerMenu.includes('用户'), `grid worker menu: ${workerMenu}`);

      // Each header shows the person signed in, and the demo banner is on every page.
      assert.match((await worker!.page.getByTestId('actor').textContent()) ?? '', /徐芳/);
      assert.match((await auditor!.page.getByTestId('actor').textContent()) ?? '', /张秀英/);
      await worker!.page.getByTestId('demo-banner').waitFor();

      // The grid worker sees the people of their town, personal data masked, and no unmask button.
      const rows = worker!.page.locator('.ant-table-tbody tr.ant-table-row');
      await rows.first().waitFor();
      assert.match((await rows.first().textContent()) ?? '', /138\*{4}\d{4}/);
      assert.equal(await worker!.page.getByRole('button', { name: /查看完整信息/ }).count(), 0);
      await screenshot(worker!.page, 'identity-gridworker-people');

      // The auditor reads the audit log (their own sign-in is there) and checks the hash chain.
      await auditor!.page.getByRole('navigation').getByText('审计日志').click();
      await auditor!.page.getByRole('heading', { name: '审计日志' }).waitFor();
      await auditor!.page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      assert.ok(
        (await auditor!.page
          .locator('.ant-table-tbody tr.ant-table-row', { hasText: 'auth.login.succeeded' })
          .count()) > 0,
        'the sign-ins are on the audit record',
      );
      await auditor!.page.getByRole('button', { name: /校验哈希链/ }).click();
      const verdict = auditor!.page.getByTestId('audit-verify-result');
      await verdict.waitFor();
      assert.match((await verdict.textContent()) ?? '', /哈希链完整/);
      assert.match(
        (await auditor!.page.getByTestId('audit-export').getAttribute('href')) ?? '',
        /^\/api\/admin\/audit\/export/,
      );
      await screenshot(auditor!.page, 'identity-auditor-audit');

      // A page outside the grid worker's permissions: the server refuses it and the console says so.
      await worker!.page.goto('/admin/audit');
      await worker!.page.getByText('无权访问').waitFor();

      // Signing out returns each to the login page; protected pages then send them there again.
      await signOut(worker!.page);
      await signOut(auditor!.page);
      await worker!.page.goto('/people');
      await worker!.page.waitForURL((url) => url.pathname === '/login');
      const session = await worker!.page.evaluate(async () => (await fetch('/api/session')).json());
      assert.equal(session.actor.kind, 'anonymous');
      await screenshot(worker!.page, 'identity-signed-out');
    }));

  test('a wrong password shows the server’s message and keeps the user on the login page', () =>
    journey(1, async ([ctx]) => {
      const { page } = ctx!;
      await page.goto('/login');
      await page.getByLabel('用户名').fill('auditor');
      await page.getByLabel('密码').fill('not-the-password');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      assert.ok(((await error.textContent()) ?? '').trim().length > 0);
      assert.equal(new URL(page.url()).pathname, '/login');
      await screenshot(page, 'identity-login-error');
    }));

  test('an acceptor may unmask a phone number after confirming that the view is recorded', () =>
    journey(1, async ([ctx]) => {
      const { page } = ctx!;
      await page.goto('/login?next=%2Fpeople');
      await signIn(page, 'acceptor');
      await page.getByRole('heading', { name: '居民/人员' }).waitFor();
      const search = page.getByPlaceholder('输入姓名或手机号');
      await search.fill('徐芳');
      await search.press('Enter');
      const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '徐芳' });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /138\*{4}\d{4}/);

      await row.getByRole('button', { name: /查看完整信息/ }).click();
      const dialog = page.getByRole('dialog');
      assert.match((await dialog.textContent()) ?? '', /审计日志/);
      await screenshot(page, 'identity-unmask-confirm');
      await dialog.getByRole('button', { name: /确认查看/ }).click();
      await row.getByText('已显示完整信息').waitFor();
      assert.match((await row.textContent()) ?? '', /1380355\d{4}/);
      await screenshot(page, 'identity-unmasked');
    }));

  test('the system administrator manages users and org units but has no audit log', () =>
    journey(1, async ([ctx]) => {
      const { page } = ctx!;
      await page.goto('/login');
      await signIn(page, 'admin');
      await page.waitForURL((url) => url.pathname === '/');
      const menu = await menuLabels(page);
      for (const label of ['用户', '角色', '组织机构', '定时任务', '配置'])
        assert.ok(menu.includes(label), `admin menu: ${menu}`);
      for (const label of ['审计日志', '授权', '居民/人员']) assert.ok(!menu.includes(label), `admin menu: ${menu}`);

      await page.getByRole('navigation').getByText('用户').click();
      await page.getByRole('heading', { name: '用户' }).waitFor();
      await page.locator('.ant-table-tbody tr.ant-table-row', { hasText: 'gridworker' }).waitFor();
      await page.getByRole('button', { name: /新建用户/ }).waitFor();
      await screenshot(page, 'identity-admin-users');

      await page.getByRole('navigation').getByText('组织机构').click();
      await page.getByRole('heading', { name: '组织机构' }).waitFor();
      await page.getByTestId('org-unit-node').first().waitFor();
      await screenshot(page, 'identity-admin-org-units');

      await page.getByTestId('user-menu').click();
      await page.getByText('个人中心').click();
      await page.getByRole('heading', { name: '个人中心' }).waitFor();
      assert.equal(await page.getByTestId('profile-name').textContent(), '王建国');
      await page.getByTestId('my-sessions').locator('.ant-table-row').first().waitFor();
      await screenshot(page, 'identity-admin-profile');
    }));

  test('the security administrator grants a role within a division and revokes it', () =>
    journey(1, async ([ctx]) => {
      const { page } = ctx!;
      await page.goto('/login?next=%2Fadmin%2Froles');
      await signIn(page, 'secadmin');
      await page.getByRole('heading', { name: '角色' }).waitFor();
      await page.getByTestId('roles-table').locator('.ant-table-row', { hasText: 'gridworker' }).waitFor();
      await screenshot(page, 'identity-secadmin-roles');

      await page.getByRole('navigation').getByText('授权').click();
      await page.getByRole('heading', { name: '授权' }).waitFor();
      const account = page.getByTestId('account-select');
      await account.click();
      await page.keyboard.type('gridworker');
      await page.locator('.ant-select-item-option', { hasText: 'gridworker' }).click();
      const grants = page.getByTestId('grants-table');
      await grants.locator('.ant-table-row', { hasText: 'gridworker' }).waitFor();

      await page.getByRole('button', { name: /授予角色/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('角色').click();
      // By its full title: the account picker's closed list may still hold 刘志强（leader）.
      await page.getByTitle('领导（leader）', { exact: true }).click();
      await dialog.getByLabel('行政区划代码').fill('140403');
      await dialog.getByRole('button', { name: /授\s*予/ }).click();
      await page.getByText('已授予').waitFor();
      const granted = grants.locator('.ant-table-row', { hasText: 'leader' });
      await granted.waitFor();
      assert.match((await granted.textContent()) ?? '', /140403/);
      await screenshot(page, 'identity-secadmin-grants');

      await granted.getByRole('button', { name: /撤\s*销/ }).click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
      await granted.getByText('已撤销').waitFor();
    }));

  test('two-step verification set-up shows the secret, its otpauth URL and a QR code drawn in the page', () =>
    journey(1, async ([ctx]) => {
      const { page } = ctx!;
      await page.goto('/login?next=%2Fme');
      await signIn(page, 'mediator');
      await page.getByRole('heading', { name: '个人中心' }).waitFor();
      await page.getByRole('button', { name: /设置双因素认证/ }).click();
      await page.getByTestId('totp-secret').waitFor();
      assert.match((await page.getByTestId('totp-url').textContent()) ?? '', /^otpauth:\/\/totp\//);
      assert.match((await page.getByTestId('totp-secret').textContent()) ?? '', /^[A-Z2-7]{16,}/);
      assert.equal((await page.locator('[data-testid="totp-qr"] svg, svg[data-testid="totp-qr"]').count()) > 0, true);
      await screenshot(page, 'identity-totp-setup');
    }));
});
