/**
 * The packaged app, where the Electron runtime is installed (Linux): electron-builder packs the
 * built app into a folder (its `dir` target) around this very runtime (electronDist: nothing to
 * download), as electron-builder.yml says: fuses flipped, the engine and its worker in app.asar.
 * It proves what test/electron/packaging.test.ts can only read in the configuration: the
 * executable carries the fuses, and the engine's worker loads its ES modules from inside
 * app.asar (the window fills with the sample's packets). Playwright cannot drive this main
 * process (the fuses turn --inspect off), so the window is reached over Chromium's DevTools
 * protocol (--remote-debugging-port, a Chromium switch the fuses leave alone).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus.js';
import { electronExecutable, sandboxArgs, skipReason } from './runtime.js';

const SAMPLE_FRAMES = 113;
const require = createRequire(import.meta.url);
const builder = require('electron-builder') as typeof import('electron-builder');
const fromLib = createRequire(createRequire(require.resolve('electron-builder')).resolve('app-builder-lib/package.json'));
const fuses = fromLib('@electron/fuses') as typeof import('@electron/fuses');
const asar = fromLib('@electron/asar') as typeof import('@electron/asar');
/** @electron/fuses' states, as the wire stores them: ASCII '0' and '1'. */
const DISABLE = '0'.charCodeAt(0);
const ENABLE = '1'.charCodeAt(0);

const byId = (id: string) => `[data-testid="${id}"]`;

const skip = skipReason('test/electron/packaged.test.ts', process.platform === 'linux' ? undefined : 'it packs for Linux only');

describe.skipIf(skip !== undefined)('the packaged app (electron-builder --dir around this Electron)', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-packaged-'));
  let appDir: string;
  let exe: string;
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist/electron/main.js'))) throw new Error('dist/electron is missing: run `npm run build` first');
    const runtime = electronExecutable();
    if (!('path' in runtime)) throw new Error(runtime.missing);
    const out = path.join(tmp, 'release');
    await builder.build({
      projectDir: ROOT,
      targets: builder.Platform.LINUX.createTarget('dir', builder.archFromString(process.arch)),
      config: { electronDist: path.dirname(runtime.path), directories: { output: out }, publish: null },
    });
    const unpacked = readdirSync(out).find((d) => d.endsWith('-unpacked'));
    if (unpacked === undefined) throw new Error(`electron-builder made no *-unpacked folder in ${out}`);
    appDir = path.join(out, unpacked);
    exe = path.join(appDir, 'wirepool-desktop');
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    child?.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the executable carries the fuses (and the development runtime keeps its own)', async () => {
    const wire = await fuses.getCurrentFuseWire(exe);
    expect(wire).toMatchObject({
      [fuses.FuseV1Options.RunAsNode]: DISABLE,
      [fuses.FuseV1Options.EnableNodeOptionsEnvironmentVariable]: DISABLE,
      [fuses.FuseV1Options.EnableNodeCliInspectArguments]: DISABLE,
      [fuses.FuseV1Options.EnableCookieEncryption]: ENABLE,
      [fuses.FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: ENABLE,
      [fuses.FuseV1Options.OnlyLoadAppFromAsar]: ENABLE,
      [fuses.FuseV1Options.GrantFileProtocolExtraPrivileges]: DISABLE,
    });
    const dev = await fuses.getCurrentFuseWire((electronExecutable() as { path: string }).path);
    expect(dev[fuses.FuseV1Options.RunAsNode]).toBe(ENABLE);
  });

  it('app.asar holds the app, the engine and its worker; only the capture binding is unpacked', () => {
    const archive = path.join(appDir, 'resources/app.asar');
    const files = asar.listPackage(archive, { isPack: false }).map((f) => f.split(path.sep).join('/'));
    for (const f of ['/dist/electron/main.js', '/dist/native-bridge/engine/worker.js', '/dist/renderer/index.html', '/package.json'])
      expect(files).toContain(f);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(readdirSync(path.join(appDir, 'resources/app.asar.unpacked'))).toEqual(['node_modules']);
    expect(readdirSync(path.join(appDir, 'resources/app.asar.unpacked/node_modules'))).toEqual(['cap']);
  });

  it('opens the sample from the command line: its engine worker runs from inside app.asar; --inspect is ignored', async () => {
    const sample = path.join(ROOT, 'samples/sample.pcapng');
    child = spawn(exe, [...sandboxArgs(), '--remote-debugging-port=0', '--inspect=0', sample], {
      env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'config') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no DevTools endpoint in 60 s; stderr:\n${stderr}`)), 60_000);
      child!.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child!.once('exit', (code) => reject(new Error(`the packaged app exited (${code}); stderr:\n${stderr}`)));
    });
    browser = await chromium.connectOverCDP(endpoint);
    let page: Page | undefined;
    await expect
      .poll(
        () => {
          page = browser!
            .contexts()
            .flatMap((c) => c.pages())
            .find((p) => p.url().startsWith('wirepool://app/'));
          return page !== undefined;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await page!.waitForSelector(`${byId('app')}[data-connected="true"]`, { timeout: 30_000 });
    await expect
      .poll(async () => (await page!.locator(byId('packet-count')).textContent())?.trim(), { timeout: 30_000 })
      .toBe(String(SAMPLE_FRAMES));
    expect(await page!.locator(byId('packet-row')).count()).toBeGreaterThan(5);
    // With the Node inspector fuse off, --inspect=0 starts no debugger.
    expect(stderr).not.toMatch(/Debugger listening on/);
  });
});
