/// <reference lib="dom" />
/**
 * The app as a person sees it: `wirepool serve` and the real UI in Debian's Chromium (headless,
 * through playwright-core), on the captures given, measured in one run beside
 * `wirepool read FILE > /dev/null`, `wirepool read -Y FILTER FILE > /dev/null` and
 * `tshark -n -r FILE > /dev/null` (when tshark is installed):
 *
 *   node dist/bench/app-ui.js [--filter F] FILE...
 *
 * For each file: first rows on screen after Open (ms, from the click event in the page to the
 * first frame drawn with rows; the driver's own view, which adds playwright's round trips while
 * the machine is busy, is reported beside it), the whole file in the
 * store (run done and every packet indexed: the list scrollable end to end), a jump to the
 * middle and to the end of the list until every row on screen is filled, the display filter
 * over the whole store, the renderer's JS heap (CDP Runtime.getHeapUsage after a GC) and the
 * server's peak RSS (VmHWM: engine worker and host, one process), and the time per frame while
 * the list is scrolled during a replay at 1× … max. Prints a table and writes
 * bench/results/app-ui.json. Not a test: nothing here is timed against a limit.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { startServeProcess } from '../scripts/serve-process.js';
import { median } from './measure.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.WIREPOOL_CHROMIUM ?? '/usr/bin/chromium';
const byId = (id: string): string => `[data-testid="${id}"]`;

interface Result {
  file: string;
  packets: number;
  readSeconds: number;
  readFilterSeconds: number;
  tsharkSeconds: number | undefined;
  /** In the page: from the Open click's event to the first frame drawn with rows in the list. */
  firstRowsMs: number;
  /** As the driver sees it: from playwright's click call until it finds a row (adds its own round trips). */
  firstRowsDriverMs: number;
  indexedSeconds: number;
  jumpMiddleMs: number;
  jumpEndMs: number;
  filterSeconds: number;
  displayed: number;
  rendererHeapMB: number;
  serverPeakRssMB: number;
  /** The same scrolling with nothing streaming in (the run done): the machine's own floor. */
  scrollIdleMsMedian: number;
  scrollFrameMsMedian: number;
  scrollFrameMsP95: number;
}

function wall(cmd: string, args: string[]): number | undefined {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  if (r.error || r.status !== 0) return undefined;
  return (performance.now() - t0) / 1000;
}

const statusNumbers = (page: Page): Promise<{ packets: number; displayed: number; state: string; filtering: boolean }> =>
  page.evaluate(() => ({
    packets: Number(document.querySelector('[data-testid="packet-count"]')?.textContent ?? 0),
    displayed: Number(document.querySelector('[data-testid="displayed-count"]')?.textContent ?? 0),
    state: document.querySelector('[data-testid="run-state"]')?.textContent ?? '',
    filtering: /filtering/.test(document.querySelector('[data-testid="filter-status"]')?.textContent ?? ''),
  }));

interface Probe {
  __firstRows?: number;
}

/**
 * Runs in the page before the app: the time from the Open button's click event (its timeStamp:
 * when the browser took the input) to the first animation frame after a row was in the list.
 */
function firstRowsProbe(): void {
  let clicked: number | undefined;
  document.addEventListener(
    'click',
    (e) => {
      if ((e.target as Element | null)?.closest?.('[data-testid="open-path-submit"]')) clicked = e.timeStamp;
    },
    true,
  );
  const seen = new MutationObserver(() => {
    if (clicked === undefined || document.querySelector('[data-testid="packet-row"]') === null) return;
    seen.disconnect();
    const from = clicked;
    requestAnimationFrame(() => {
      (window as unknown as Probe).__firstRows = performance.now() - from;
    });
  });
  seen.observe(document, { subtree: true, childList: true });
}

/** Scrolls the list to `top` and waits until every row on screen is filled; ms. */
async function jump(page: Page, where: 'middle' | 'end'): Promise<number> {
  return page.evaluate(async (w) => {
    const list = document.querySelector('[data-testid="packet-list"]') as HTMLElement;
    const t0 = performance.now();
    list.scrollTop = w === 'end' ? list.scrollHeight : list.scrollHeight / 2;
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      const rows = list.querySelectorAll('[data-testid="packet-row"]').length;
      const holes = list.querySelectorAll('[data-testid="packet-placeholder"]').length;
      if (rows > 0 && holes === 0) return performance.now() - t0;
      if (performance.now() - t0 > 30_000) return Number.NaN;
    }
  }, where);
}

/** Frame intervals (ms) while the list is scrolled by 3 rows a frame for `ms`. */
function scrollFrames(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(async (duration) => {
    const list = document.querySelector('[data-testid="packet-list"]') as HTMLElement;
    const out: number[] = [];
    let last = performance.now();
    const end = last + duration;
    let down = true;
    while (performance.now() < end) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      out.push(now - last);
      last = now;
      if (list.scrollTop + list.clientHeight >= list.scrollHeight - 100) down = false;
      if (list.scrollTop <= 0) down = true;
      list.scrollTop += down ? 66 : -66;
    }
    return out;
  }, ms);
}

async function benchFile(file: string, filter: string): Promise<Result> {
  const readSeconds = wall(process.execPath, ['bin/wirepool', 'read', file]) ?? Number.NaN;
  const readFilterSeconds = wall(process.execPath, ['bin/wirepool', 'read', '-Y', filter, file]) ?? Number.NaN;
  const tsharkSeconds = wall('tshark', ['-n', '-r', file]);
  // The capture's folder is the one serve may read: bench captures live in bench/data, outside its default folders.
  const server = await startServeProcess(root, ['--root', path.dirname(file)]);
  const { url } = server;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(firstRowsProbe);
    await page.goto(url);
    await page.waitForSelector('[data-connected="true"]');
    await page.fill(byId('open-path-input'), file);
    const t0 = performance.now();
    await page.click(byId('open-path-submit'));
    // A refused open (a path outside serve's roots, a file it cannot read) shows an error
    // banner and never a row: say why instead of waiting out the timeout.
    await page.waitForSelector(`${byId('packet-row')}, ${byId('error-banner')}`, { timeout: 600_000 });
    const refused = await page.$(byId('error-banner'));
    if (refused !== null) throw new Error(`opening ${file} failed in the page: ${(await refused.textContent())?.trim()}`);
    const firstRowsDriverMs = performance.now() - t0;
    const firstRowsMs = await page
      .waitForFunction(() => (window as unknown as Probe).__firstRows)
      .then((h) => h.jsonValue() as Promise<number>);
    for (;;) {
      const s = await statusNumbers(page);
      if (s.state === 'done' || s.state === 'failed') break;
      await page.waitForTimeout(20);
    }
    const indexedSeconds = (performance.now() - t0) / 1000;
    const { packets } = await statusNumbers(page);
    await page.click(byId('follow-toggle')).catch(() => {});
    const jumpMiddleMs = await jump(page, 'middle');
    const jumpEndMs = await jump(page, 'end');
    const idle = (await scrollFrames(page, 3000)).sort((a, b) => a - b);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    await page.fill(byId('display-filter'), filter);
    const t1 = performance.now();
    await page.click(byId('display-filter-apply'));
    await page.waitForSelector(byId('filter-status'));
    for (;;) {
      const s = await statusNumbers(page);
      if (!s.filtering) break;
      await page.waitForTimeout(20);
    }
    const filterSeconds = (performance.now() - t1) / 1000;
    const { displayed } = await statusNumbers(page);
    const serverPeakRssMB = server.status().peakRssMB;
    // Scrolling while a replay streams in (the file again, at max speed: the busiest case).
    await page.fill(byId('display-filter'), '');
    await page.click(byId('display-filter-apply'));
    await page.click(byId('replay-restart')).catch(() => {});
    await page.waitForTimeout(300);
    const frames = (await scrollFrames(page, 4000)).sort((a, b) => a - b);
    return {
      file,
      packets,
      readSeconds,
      readFilterSeconds,
      tsharkSeconds,
      firstRowsMs,
      firstRowsDriverMs,
      indexedSeconds,
      jumpMiddleMs,
      jumpEndMs,
      filterSeconds,
      displayed,
      rendererHeapMB: heap.usedSize / 2 ** 20,
      serverPeakRssMB,
      scrollIdleMsMedian: median(idle),
      scrollFrameMsMedian: median(frames),
      scrollFrameMsP95: frames[Math.floor(frames.length * 0.95)] ?? Number.NaN,
    };
  } finally {
    await browser.close();
    server.kill();
  }
}

const LOAD = fileURLToPath(new URL('./capture-load.js', import.meta.url));
/** Datagrams a second of the live capture's load: a busy link, the rate the flood e2e test uses. */
const CAPTURE_RATE = 20_000;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Scrolling while a live capture streams in: the app captures on lo (a capture filter on one
 * UDP port) while another process sends CAPTURE_RATE datagrams a second to 127.0.0.1 for a few
 * seconds. Undefined when live capture is not available here.
 */
async function captureScroll(): Promise<{ median: number; p95: number; packets: number } | undefined> {
  const server = await startServeProcess(root);
  const { url } = server;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const port = await freePort();
  const load = spawn(process.execPath, [LOAD, 'udp', String(port), '8', String(CAPTURE_RATE)], { stdio: ['pipe', 'ignore', 'inherit'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('[data-connected="true"]');
    if ((await page.locator(byId('capture-unavailable')).count()) > 0) return undefined;
    await page.selectOption(byId('capture-iface'), 'lo');
    await page.fill(byId('capture-filter'), `udp dst port ${port}`);
    await page.click(byId('capture-start'));
    await page.waitForSelector(`${byId('run-state')}:has-text("running")`);
    load.stdin!.end('go\n');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="packet-count"]')?.textContent ?? 0) > 5000);
    const frames = (await scrollFrames(page, 4000)).sort((a, b) => a - b);
    const { packets } = await statusNumbers(page);
    await page.click(byId('capture-stop'));
    return { median: median(frames), p95: frames[Math.floor(frames.length * 0.95)] ?? Number.NaN, packets };
  } finally {
    load.kill();
    await browser.close();
    server.kill();
  }
}

const args = process.argv.slice(2);
let filter = 'ip.addr == 127.0.0.1 && tcp.len > 1000';
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--filter') filter = args[++i]!;
  else files.push(path.resolve(args[i]!)); // the page is given the absolute path
}
if (files.length === 0) {
  console.error('usage: node dist/bench/app-ui.js [--filter F] FILE...');
  process.exit(2);
}
const results: Result[] = [];
for (const f of files) {
  const r = await benchFile(f, filter);
  results.push(r);
  const x = (a: number, b: number | undefined): string => (b === undefined || !Number.isFinite(b) ? '-' : `${(a / b).toFixed(2)}×`);
  console.log(
    [
      `${r.file}: ${r.packets.toLocaleString('en')} packets`,
      `  wirepool read ${r.readSeconds.toFixed(2)} s · read -Y ${r.readFilterSeconds.toFixed(2)} s · tshark ${r.tsharkSeconds?.toFixed(2) ?? '-'} s`,
      `  app: first rows ${r.firstRowsMs.toFixed(0)} ms (driver ${r.firstRowsDriverMs.toFixed(0)} ms) · indexed ${r.indexedSeconds.toFixed(2)} s (${x(r.indexedSeconds, r.readSeconds)} read, ${x(r.indexedSeconds, r.tsharkSeconds)} tshark)`,
      `  filter "${filter}": ${r.displayed.toLocaleString('en')} displayed in ${r.filterSeconds.toFixed(2)} s (${x(r.filterSeconds, r.readFilterSeconds)} read -Y)`,
      `  jump: middle ${r.jumpMiddleMs.toFixed(0)} ms, end ${r.jumpEndMs.toFixed(0)} ms · renderer heap ${r.rendererHeapMB.toFixed(1)} MB · server peak RSS ${r.serverPeakRssMB.toFixed(0)} MB`,
      `  scrolling during a max-speed replay: ${r.scrollFrameMsMedian.toFixed(1)} ms/frame median, ${r.scrollFrameMsP95.toFixed(1)} ms p95 (idle ${r.scrollIdleMsMedian.toFixed(1)} ms)`,
    ].join('\n'),
  );
}
const capture = await captureScroll();
console.log(
  capture === undefined
    ? 'live capture: not available here (needs root or CAP_NET_RAW and libpcap)'
    : `scrolling during a live capture on lo at ${CAPTURE_RATE.toLocaleString('en')} packets/s: ${capture.median.toFixed(1)} ms/frame median, ${capture.p95.toFixed(1)} ms p95 (${capture.packets.toLocaleString('en')} packets in the store by then)`,
);
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(
  `${root}bench/results/app-ui.json`,
  `${JSON.stringify({ at: new Date().toISOString(), filter, results, capture: capture && { rate: CAPTURE_RATE, ...capture } }, null, 2)}\n`,
);
