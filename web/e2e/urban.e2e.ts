import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import {
  type FencedContext,
  launchBrowser,
  newFencedContext,
  type RunningServer,
  screenshot,
  startServer,
} from './harness.ts';

// The demo (harness: CIVICGRID_DEMO_GEOGRAPHY=140403001) has grids in 东街街道 only, the sanitation centre
// 潞州区环境卫生服务中心 with the demo handler, and a dispatch rule sending 道路不洁 (0104) there.
const PASSWORD = 'civicgrid';
const TOWN = '140403001';
const SANITATION = '潞州区环境卫生服务中心';

let server: RunningServer;
let browser: Browser;
let photoDir: string;
let photos: { site: string; after: string; check: string };

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  photoDir = await mkdtemp(path.join(tmpdir(), 'civicgrid-urban-e2e-'));
  const png = async (name: string, colour: string) => {
    const file = path.join(photoDir, `${name}.png`);
    await sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
      .png()
      .toFile(file);
    return file;
  };
  photos = { site: await png('site', '#8a6'), after: await png('after', '#ccc'), check: await png('check', '#9bd') };
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (photoDir) await rm(photoDir, { recursive: true, force: true });
});

async function signIn(page: Page, username: string, next: string): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => url.pathname === new URL(next, 'http://x').pathname);
}

/** The case screen in the state the test expects, after the server has answered. */
async function caseIn(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="case-detail"][data-state="${state}"]`).waitFor({ timeout: 30_000 });
}

/** Picks the option of an Ant Design select (the open dropdown) whose text contains `text`. */
async function choose(page: Page, field: string, text: string): Promise<void> {
  await page.getByTestId(field).locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

/**
 * Takes an action from the case screen: its button, the modal's fields (`fill` does that), submit, and
 * waits until the case shows the state the action leads to.
 */
async function act(
  page: Page,
  action: string,
  to: string,
  fill: (modal: ReturnType<Page['getByTestId']>) => Promise<void> = async () => {},
): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  const modal = page.getByTestId('action-modal');
  await modal.getByTestId('action-submit').waitFor();
  await fill(modal);
  // A select's dropdown still closing would take the click meant for the submit button.
  await page.waitForFunction(() => !document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'));
  await modal.getByTestId('action-submit').click();
  await caseIn(page, to);
}

/** Uploads a photo in the open action modal and waits until the server has it. */
async function attach(page: Page, file: string): Promise<void> {
  const modal = page.getByTestId('action-modal');
  await modal.getByTestId('action-photos').locator('input[type="file"]').setInputFiles(file);
  await modal.locator('[data-testid="action-photos"][data-uploaded="1"]').waitFor();
}

/** Opens the case from the reader's work queue: the queue's tab counts it, its row links to it. */
async function openFromQueue(page: Page, queue: string, caseId: string): Promise<void> {
  await page.goto(`/workbench?queue=${queue}`);
  const tab = page.getByTestId(`queue-${queue}`);
  await tab.waitFor();
  assert.ok(Number(await tab.getAttribute('data-count')) >= 1, `${queue} counts the waiting case`);
  const row = page.locator(`[data-testid="queue-list"][data-queue="${queue}"] tr[data-case-id="${caseId}"]`);
  await row.waitFor();
  await row.getByTestId('case-link').click();
  await page.waitForURL((url) => url.pathname === `/cases/${caseId}`);
}

describe('the urban-management loop in the console', () => {
  test('five demo users take a case from report to closure through their workspaces', async () => {
    const users = ['gridworker', 'acceptor', 'dutychief', 'dispatcher', 'handler'] as const;
    const ctx = {} as Record<(typeof users)[number], FencedContext>;
    for (const u of users) ctx[u] = await newFencedContext(browser, { baseURL: server.url });
    try {
      // 徐芳, the grid worker, reports rubbish on the pavement in her grid, with a photo.
      const worker = ctx.gridworker.page;
      await signIn(worker, 'gridworker', '/cases/new');
      await worker.getByTestId('case-report-form').waitFor();
      await worker.getByTestId('grid-select').click();
      await worker.keyboard.type(TOWN);
      await worker.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
      await worker.waitForFunction(
        () => (document.querySelector('[data-testid="report-lng"] input') as HTMLInputElement | null)?.value !== '',
      );
      await worker.getByTestId('report-category').click();
      await worker.keyboard.type('道路不洁');
      await worker.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '0104' }).click();
      await worker.getByTestId('report-description').fill('府后街人行道上满是泥沙和落叶,行人绕行');
      await worker.getByTestId('report-photos').locator('input[type="file"]').setInputFiles(photos.site);
      await worker.locator('[data-testid="report-photos"][data-uploaded="1"]').waitFor();
      await worker.getByTestId('report-submit').click();
      await worker.waitForURL((url) => /^\/cases\/[0-9a-f-]{36}$/.test(url.pathname));
      const caseId = worker.url().split('/').pop()!;
      await caseIn(worker, 'reported');
      const number = (await worker.getByTestId('case-number').textContent())?.trim() ?? '';
      assert.match(number, /^140403\d{8}\d{5}$/, 'county + local date + sequence');
      await screenshot(worker, 'urban-1-reported');

      // 杨静, the acceptor, finds it in her inbox and accepts it.
      const acceptor = ctx.acceptor.page;
      await signIn(acceptor, 'acceptor', '/workbench');
      await openFromQueue(acceptor, 'acceptance', caseId);
      await caseIn(acceptor, 'reported');
      await act(acceptor, 'accept', 'accepted');

      // 陈丽华, the duty chief, registers it (立案) from her approvals.
      const chief = ctx.dutychief.page;
      await signIn(chief, 'dutychief', '/workbench');
      await openFromQueue(chief, 'approvals', caseId);
      await act(chief, 'register', 'registered');

      // 赵磊, the dispatcher, sends it where the rule says: the sanitation centre, with its time limit.
      const dispatcher = ctx.dispatcher.page;
      await signIn(dispatcher, 'dispatcher', '/workbench');
      await openFromQueue(dispatcher, 'dispatch', caseId);
      await act(dispatcher, 'dispatch', 'dispatched', async (modal) => {
        await modal.getByTestId('dispatch-proposal').waitFor();
        assert.match((await modal.getByTestId('input-lead').textContent()) ?? '', new RegExp(SANITATION));
      });
      await dispatcher.getByTestId('deadline-handle').waitFor();
      assert.equal(await dispatcher.getByTestId('deadline-handle').getAttribute('data-status'), 'green');
      await screenshot(dispatcher, 'urban-2-dispatched');

      // 吴刚 of the sanitation centre signs for it, cleans up and reports back with a photo.
      const handler = ctx.handler.page;
      await signIn(handler, 'handler', '/workbench');
      await openFromQueue(handler, 'department', caseId);
      await act(handler, 'sign', 'dispatched');
      await handler.getByTestId('action-feedback').waitFor();
      await act(handler, 'feedback', 'handled', async (modal) => {
        await modal.getByTestId('input-note').locator('textarea, input').first().fill('已清扫完毕,路面恢复整洁');
        await attach(handler, photos.after);
      });

      // The dispatcher sends the grid worker to check it.
      await dispatcher.reload();
      await caseIn(dispatcher, 'handled');
      await act(dispatcher, 'request-check', 'checking', async () => choose(dispatcher, 'input-checker', '徐芳'));

      // The grid worker checks on site with a photo: passed.
      await openFromQueue(worker, 'checks', caseId);
      await act(worker, 'check-pass', 'checked', async () => attach(worker, photos.check));

      // The duty chief closes it as a normal closure.
      await chief.reload();
      await caseIn(chief, 'checked');
      await act(chief, 'close', 'closed', async () => choose(chief, 'input-closureType', '正常'));
      await screenshot(chief, 'urban-3-closed');

      // The history names every step with who took it.
      const items = chief.getByTestId('history-item');
      const steps = await items.evaluateAll((els) =>
        els.map((e) => ({ action: e.getAttribute('data-action'), text: e.textContent ?? '' })),
      );
      const expected: [string, string][] = [
        ['report', '徐芳'],
        ['accept', '杨静'],
        ['register', '陈丽华'],
        ['dispatch', '赵磊'],
        ['sign', '吴刚'],
        ['feedback', '吴刚'],
        ['request-check', '赵磊'],
        ['check-pass', '徐芳'],
        ['close', '陈丽华'],
      ];
      const taken = steps.filter((s) => s.action && !s.action.startsWith('$'));
      assert.deepEqual(
        taken.map((s) => s.action),
        expected.map(([a]) => a),
        'every step in order',
      );
      for (const [i, [, who]] of expected.entries())
        assert.match(taken[i]?.text ?? '', new RegExp(who), `${expected[i]?.[0]} by ${who}`);

      // The closed case is in the list with its lead unit, and out of every queue.
      await chief.goto(`/cases?q=${number}`);
      const row = chief.locator(`[data-testid="case-list"] tr[data-case-id="${caseId}"]`);
      await row.waitFor();
      assert.equal(await row.getAttribute('data-state'), 'closed');
      assert.equal(
        await chief.getByTestId('cases-export').getAttribute('href'),
        `/api/cases/export?q=${number}`,
        'the export takes the list as filtered',
      );
      await chief.goto('/workbench?queue=approvals');
      await chief.getByTestId('queue-approvals').waitFor();
      assert.equal(await chief.locator(`tr[data-case-id="${caseId}"]`).count(), 0, 'nothing left to approve');
    } finally {
      for (const u of users) {
        await ctx[u]?.close();
        assert.deepEqual(ctx[u]?.blocked ?? [], [], `${u}: no request left the machine`);
      }
    }
  });
});
