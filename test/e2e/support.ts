/**
 * What the end-to-end tests share: `bin/wirepool serve` on a free port with the real engine and
 * the built renderer (npm test builds both), real Chromium (Debian's /usr/bin/chromium through
 * playwright-core) on its page, and the ways a test reads the page as a user sees it. Each e2e
 * file starts an app of its own (`startApp` in beforeAll, `close` in afterAll).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ROOT } from '../helpers/corpus.js';

export const CHROMIUM = process.env.WIREPOOL_CHROMIUM ?? '/usr/bin/chromium';
export const SAMPLE = 'samples/sample.pcapng';
export const SAMPLE_FRAMES = 113;

export const byId = (id: string) => `[data-testid="${id}"]`;

/** `wirepool ARGS…`'s standard output. */
export function wirepool(...args: string[]): string {
  return execFileSync(process.execPath, ['bin/wirepool', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
}

/** `wirepool read FILE [-Y FILTER]`'s lines, split into their tab-separated columns. */
export function readLines(file: string, filter?: string): string[][] {
  return wirepool('read', ...(filter === undefined ? [] : ['-Y', filter]), file)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

export interface ListRow {
  number: number;
  src: string;
  dst: string;
  proto: string;
  len: string;
  info: string;
  time: string;
}

/**
 * Every row of the list, read off the page by scrolling it from top to bottom (the list is
 * virtualized: only the rows on screen exist), waiting at each step until the rows on screen
 * are filled. Rows in the order the list shows them. One look at the page at a time (strings:
 * this file is type-checked without the DOM library).
 */
export async function listRows(p: Page, count: number): Promise<ListRow[]> {
  const seen = new Map<number, ListRow>();
  const order: number[] = [];
  await p.evaluate(`document.querySelector('[data-testid="packet-list"]').scrollTop = 0`);
  for (let guard = 0; seen.size < count && guard < 100_000; guard++) {
    const step = (await p.evaluate(`(async () => {
      const list = document.querySelector('[data-testid="packet-list"]');
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (let i = 0; i < 200 && list.querySelector('[data-testid="packet-placeholder"]'); i++) await new Promise((r) => setTimeout(r, 20));
      const rows = [...list.querySelectorAll('[data-testid="packet-row"]')].map((r) => ({
        number: Number(r.getAttribute('data-number')),
        src: r.querySelector('.c-src').textContent, dst: r.querySelector('.c-dst').textContent,
        proto: r.querySelector('.c-proto').textContent, len: r.querySelector('.c-len').textContent,
        info: r.querySelector('.c-info').textContent, time: r.querySelector('.c-time').textContent,
      }));
      const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 1;
      list.scrollTop += Math.floor(list.clientHeight / 2);
      return { rows, atEnd };
    })()`)) as { rows: ListRow[]; atEnd: boolean };
    for (const r of step.rows) {
      if (!seen.has(r.number)) order.push(r.number);
      seen.set(r.number, r);
    }
    if (step.atEnd) break;
  }
  return order.map((n) => seen.get(n)!);
}

export const stateText = async (p: Page) => (await p.locator(byId('run-state')).textContent())?.trim();

/** Opens `file` from the Open box and waits until its run is done (not an earlier run's `done`). */
export async function openAndWait(p: Page, file: string, timeout = 15_000): Promise<void> {
  await p.fill(byId('open-path-input'), file);
  await p.press(byId('open-path-input'), 'Enter');
  // Serve mode hands the engine the path it checked against its folders: resolved (realpath).
  const shown = realpathSync(path.resolve(ROOT, file));
  await expect.poll(async () => (await p.locator(byId('run-label')).textContent()) ?? '', { timeout }).toContain(shown);
  await expect.poll(() => stateText(p), { timeout, interval: 200 }).toBe('done');
}

export interface App {
  /** The page's address, token included. */
  url: string;
  browser: Browser;
  /** A page on `url`, connected, the sample's run done. */
  page: Page;
  server: ChildProcess;
  /** Script errors and console errors the page reported. */
  consoleErrors: string[];
  /** A new folder for a test's files (removed by `close`). */
  folder(name: string): string;
  close(): Promise<void>;
}

/**
 * Starts `wirepool serve FILE` (the sample by default) and Chromium with a page on it (1400×900
 * unless `viewport`), and waits until the page is connected and the file's run is done.
 */
export async function startApp(opts: { file?: string; viewport?: { width: number; height: number } } = {}): Promise<App> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), or set WIREPOOL_CHROMIUM`);
  if (!existsSync(path.join(ROOT, 'dist/renderer/index.html'))) throw new Error('dist/renderer is missing: run `npm run build`');
  const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-e2e-'));
  let stopping = false;
  const server = spawn(process.execPath, ['bin/wirepool', 'serve', opts.file ?? SAMPLE, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  server.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^wirepool: serving on (http:\/\/\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    server.once('exit', (code, signal) => {
      reject(new Error(`wirepool serve exited with ${code}: ${out}${err}`));
      // After start-up too: a server that dies mid-suite says how, instead of later tests only seeing a disconnect.
      if (!stopping) console.error(`wirepool serve exited (code ${code}, signal ${signal}); its stderr:\n${err.slice(-4000)}`);
    });
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return {
    url,
    browser,
    page,
    server,
    consoleErrors,
    folder(name) {
      const dir = path.join(tmp, name);
      mkdirSync(dir);
      return dir;
    },
    async close() {
      await browser.close();
      stopping = true;
      server.kill('SIGTERM');
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Goes to the app's page and waits until it is connected and its first run is done. */
export async function loadApp(app: App, timeout = 15_000): Promise<void> {
  await app.page.goto(app.url);
  await app.page.waitForSelector(`${byId('app')}[data-connected="true"]`, { timeout });
  // A plain loop, not expect.poll: this runs in beforeAll too.
  const end = Date.now() + timeout;
  while ((await stateText(app.page)) !== 'done') {
    if (Date.now() > end) throw new Error(`the first run was not done after ${timeout} ms (state: ${await stateText(app.page)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
