/**
 * Browser-test harness: the real server on a throwaway data directory, headless Chromium, and a
 * network fence. Any request leaving localhost is aborted and counted, because the console must work
 * on a government intranet with no internet (no CDN fonts, no analytics, no map tiles from outside).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.CIVICGRID_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = process.env.CIVICGRID_E2E_SHOTS ?? '/tmp/civicgrid-e2e';

export interface RunningServer {
  url: string;
  dataDir: string;
  /** The operator bearer token the server wrote into its data directory. */
  operatorToken(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `civicgrid serve` on a free port with demo data; resolves once it prints its address. */
export async function startServer(): Promise<RunningServer> {
  if (!existsSync(path.join(REPO_ROOT, 'web/dist/index.html'))) {
    throw new Error('web/dist is missing: run `npm run build -w web` before the browser tests');
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'civicgrid-e2e-'));
  const child = spawn(process.execPath, ['server/bin/civicgrid.mjs', 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      CIVICGRID_DEMO: '1',
      // Synthetic grids for the demo town only (counties and towns are still drawn for the whole city):
      // generating and staffing every grid of Changzhi would slow each server start.
      CIVICGRID_DEMO_GEOGRAPHY: process.env.CIVICGRID_DEMO_GEOGRAPHY ?? '140403001',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('server did not report its address within 60 s')), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n--- server output ---\n${output}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (https?:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => fail(new Error(`server exited early (code ${code}, signal ${signal})`)));
    child.once('error', fail);
  });
  let url: string;
  try {
    url = await started;
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  // Keep draining the pipes so a chatty server never blocks on a full buffer.
  child.stdout?.resume();
  child.stderr?.resume();

  return {
    url,
    dataDir,
    operatorToken: async () => (await readFile(path.join(dataDir, 'operator-token'), 'utf8')).trim(),
    stop: async () => {
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The demo accounts' password (CIVICGRID_DEMO). */
export const DEMO_PASSWORD = 'civicgrid';

/**
 * A JSON call to the running server from the test process, as the other people in a story act (staff closing a
 * case, an operator reading). Fails the test unless the answer is 2xx.
 */
export async function callApi<T>(
  server: Pick<RunningServer, 'url'>,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<T> {
  const res = await fetch(new URL(url, server.url), {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${url}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** A demo user's session cookie (`cg_session=…`), for calls made in that user's name. */
export async function demoSessionCookie(server: Pick<RunningServer, 'url'>, username: string): Promise<string> {
  const res = await fetch(new URL('/api/auth/login', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  assert.equal(res.status, 200, `login as ${username}`);
  const cookie = /cg_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  assert.ok(cookie, `session cookie for ${username}`);
  return cookie;
}

/** Debian's Chromium, headless, with nothing of its own reaching out (updates, sync, background fetches). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface FencedContext {
  context: BrowserContext;
  page: Page;
  /** URLs of requests that tried to leave localhost (each was aborted). */
  blocked: string[];
  close(): Promise<void>;
}

/** Lets a context's requests reach localhost only; the others are aborted and listed in the array answered. */
export async function fence(context: BrowserContext): Promise<string[]> {
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOCAL_HOSTS.has(url.hostname)) {
      blocked.push(url.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  return blocked;
}

/**
 * A fresh browser profile (empty localStorage) whose every request is checked: localhost passes,
 * anything else is aborted and recorded in `blocked` for the test to assert on.
 */
export async function newFencedContext(
  browser: Browser,
  options: { baseURL: string; headers?: Record<string, string> },
): Promise<FencedContext> {
  const context = await browser.newContext({
    baseURL: options.baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 820 },
  });
  if (options.headers) await context.setExtraHTTPHeaders(options.headers);
  const blocked = await fence(context);
  const page = await context.newPage();
  return { context, page, blocked, close: () => context.close() };
}

/**
 * Saves the whole page as SCREENSHOT_DIR/<name>.png for a human to look at, once spinners are gone.
 * The viewport is stretched to the page height first (rather than `fullPage`) so the sticky sider
 * and header are drawn the way a user sees them.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-spin-blur'));
  const size = page.viewportSize() ?? { width: 1366, height: 820 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (height > size.height) await page.setViewportSize({ width: size.width, height });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  await page.setViewportSize(size);
  return file;
}
