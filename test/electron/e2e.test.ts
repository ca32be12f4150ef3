/**
 * The desktop shell end to end, in the real Electron runtime (node_modules/electron, which
 * `npm ci` or `npm run desktop:install` downloads): Playwright's Electron support starts the
 * app (`electron .`: package.json's main, dist/electron/main.js) on the bundled sample, as
 * `npm start` does, and
 * drives both of its sides: the window (the same data-testid selectors as test/e2e/app.test.ts)
 * and the main process (electronApp.evaluate runs in it, with Electron's own modules). Skipped,
 * saying why, where the runtime or a display is missing.
 */
import { copyFileSync, existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus.js';
import { electronExecutable, sandboxArgs, skipReason } from './runtime.js';

const SAMPLE = 'samples/sample.pcapng';
const SAMPLE_FRAMES = 113;
const BUILT = ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/native-bridge/engine/worker.js'];

const byId = (id: string) => `[data-testid="${id}"]`;
const stateText = async (p: Page) => (await p.locator(byId('run-state')).textContent())?.trim();
const statusText = async (p: Page) => (await p.locator('.status-bar').textContent()) ?? '';
/** The status bar's "file …" for `file`: as given, or resolved (a symlinked temporary folder, as on macOS). */
const showsFile = (file: string) =>
  new RegExp(`file (${[file, realpathSync(file)].map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`);

describe.skipIf(skipReason('test/electron/e2e.test.ts') !== undefined)('the desktop app in Electron', () => {
  let app: ElectronApplication;
  let page: Page;
  const consoleErrors: string[] = [];
  const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-electron-'));

  beforeAll(async () => {
    const missing = BUILT.filter((f) => !existsSync(path.join(ROOT, f)));
    if (missing.length > 0) throw new Error(`${missing.join(', ')} missing: run \`npm run build\` first`);
    const exe = electronExecutable();
    if (!('path' in exe)) throw new Error(exe.missing);
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    app = await _electron.launch({
      executablePath: exe.path,
      args: [...sandboxArgs(), '.', SAMPLE],
      cwd: ROOT,
      // userData (Open Recent, the single-instance lock) in a folder of the test's own (Linux).
      env: { ...env, XDG_CONFIG_HOME: path.join(tmp, 'config') },
      timeout: 60_000,
    });
    let log = '';
    app.process().stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8000)));
    page = await app.firstWindow({ timeout: 60_000 }).catch((e: Error) => {
      throw new Error(`Electron opened no window: ${e.message}\nits stderr:\n${log}`);
    });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('opens one window on the bundled sample; rows arrive over the MessagePort', async () => {
    const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.webContents.getURL()));
    expect(windows).toEqual(['wirepool://app/index.html']);
    await page.waitForSelector(`${byId('app')}[data-connected="true"]`, { timeout: 15_000 });
    // The file named on the command line, as given or resolved.
    await expect.poll(() => statusText(page), { timeout: 15_000 }).toMatch(/file .*samples[\\/]sample\.pcapng/);
    await expect
      .poll(async () => (await page.locator(byId('packet-count')).textContent())?.trim(), { timeout: 15_000 })
      .toBe(String(SAMPLE_FRAMES));
    await expect.poll(() => stateText(page), { timeout: 15_000 }).toBe('done');
    // Rows are drawn from the batches the port delivered: frame numbers, and columns decoded from them.
    const rows = await page.locator(byId('packet-row')).evaluateAll((els) => els.map((e) => e.getAttribute('data-number')));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.at(-1)).toBe(String(SAMPLE_FRAMES));
    expect((await page.locator(`${byId('packet-row')} .c-proto`).allTextContents()).filter((t) => t.trim() !== '').length).toBe(
      rows.length,
    );
  });

  it('File ▸ Open… opens the file the open dialog returns, and lists it under Open Recent', async () => {
    const file = path.join(tmp, 'opened-from-the-menu.pcapng');
    copyFileSync(path.join(ROOT, SAMPLE), file);
    // The main process's own menu item, clicked in the main process; only the native dialog,
    // which no test can answer, is replaced by one that returns the file.
    const clicked = await app.evaluate(({ Menu, dialog }, chosen) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [chosen] })) as typeof dialog.showOpenDialog;
      const find = (items: Electron.MenuItem[]): Electron.MenuItem | undefined =>
        items.map((i) => (i.accelerator === 'CmdOrCtrl+O' ? i : find(i.submenu?.items ?? []))).find((i) => i !== undefined);
      const open = find(Menu.getApplicationMenu()?.items ?? []);
      open?.click();
      return open?.label;
    }, file);
    expect(clicked).toBe('&Open…');
    await expect.poll(() => statusText(page), { timeout: 15_000 }).toMatch(showsFile(file));
    await expect.poll(() => stateText(page), { timeout: 15_000 }).toBe('done');
    expect((await page.locator(byId('packet-count')).textContent())?.trim()).toBe(String(SAMPLE_FRAMES));
    const recent = await app.evaluate(({ Menu }) =>
      (Menu.getApplicationMenu()?.items ?? [])
        .flatMap((i) => i.submenu?.items ?? [])
        .filter((i) => i.label === 'Open &Recent')
        .flatMap((i) => i.submenu?.items.map((r) => r.sublabel) ?? []),
    );
    expect(recent).toContain(file);
  });

  it('the pool charts move while a replay at the recorded speed runs', async () => {
    const points = () => page.locator(byId('pool-chart')).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-points'))));
    expect((await points()).length).toBeGreaterThan(0);
    await page.selectOption(byId('replay-speed'), '1');
    await page.click(byId('replay-restart'));
    await expect.poll(() => stateText(page), { timeout: 15_000 }).toBe('running');
    // A chart moves when it draws more points than it did a moment ago (a new run may first
    // start its history over, so each look is compared with the one before).
    let before = await points();
    await expect
      .poll(
        async () => {
          const now = await points();
          const moved = now.some((n, i) => n > 1 && n > (before[i] ?? 0));
          before = now;
          return moved;
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBe(true);
    await expect.poll(() => stateText(page), { timeout: 15_000 }).toBe('done');
    expect(Number(await page.locator(byId('hit-rate')).getAttribute('data-value'))).toBeGreaterThan(0);
  });

  it('the page loaded and ran without script or CSP errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
