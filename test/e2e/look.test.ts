/**
 * The app's look and layout, end to end in real Chromium against `wirepool serve`: what fits
 * at 1024×700 and 1440×900 (bounding boxes, as a user sees them), the theme following the OS
 * and the View toggle, panes resized by dragging and kept over a reload, the pool panel
 * collapsed to a strip, the list's first screen. With WIREPOOL_WRITE_FIXTURES=1 it also writes
 * the README's screenshots into docs/ (otherwise into a temporary folder). See ./support.ts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus.js';
import { type App, byId, readLines, SAMPLE, SAMPLE_FRAMES, startApp, stateText } from './support.js';

let app: App;
const pages: Page[] = [];

beforeAll(async () => {
  app = await startApp();
}, 60_000);

afterAll(async () => {
  await app?.close();
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A new page (a fresh browser context: nothing kept from another test) on the app, its first run done. */
async function openPage(width: number, height: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await app.browser.newPage({ viewport: { width, height }, colorScheme });
  pages.push(page);
  await page.goto(app.url);
  await reloaded(page);
  return page;
}

/** Waits, after a load or reload, until the page is connected and its run is done. */
async function reloaded(page: Page): Promise<void> {
  await page.waitForSelector(`${byId('app')}[data-connected="true"]`, { timeout: 15_000 });
  // (Not expect.poll: this runs in a beforeAll too. Not waitForFunction: the page's CSP forbids evaluating strings there.)
  for (let i = 0; (await stateText(page)) !== 'done'; i++) {
    if (i > 150) throw new Error(`the run is not done after 15 s: ${await stateText(page)}`);
    await page.waitForTimeout(100);
  }
}

const box = async (page: Page, selector: string): Promise<Box> => {
  const b = await page.locator(selector).first().boundingBox();
  if (b === null) throw new Error(`${selector} is not on the page`);
  return b;
};

/** The box a scrolling element shows (its client area: no scrollbars), in page coordinates. */
const clientBox = (page: Page, testId: string): Promise<Box> =>
  page.evaluate(`(() => {
    const el = document.querySelector('[data-testid="${testId}"]');
    const r = el.getBoundingClientRect();
    return { x: r.left + el.clientLeft, y: r.top + el.clientTop, width: el.clientWidth, height: el.clientHeight };
  })()`) as Promise<Box>;

const inside = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

/** Stops following, shows the list's top and selects frame `n` (its detail and bytes on screen). */
async function selectFrame(page: Page, n: number): Promise<void> {
  await page.uncheck(byId('follow-toggle'));
  await page.evaluate(`document.querySelector('[data-testid="packet-list"]').scrollTop = 0`);
  await page.locator(`${byId('packet-row')}[data-number="${n}"]`).click();
  await page.waitForSelector(`${byId('hex-pane')} ${byId('hex-byte')}`);
}

/** The background colour's relative luminance (0 black … 1 white) of the first element matching. */
const luminance = async (page: Page, selector: string): Promise<number> => {
  const rgb = (await page.evaluate(`getComputedStyle(document.querySelector('${selector}')).backgroundColor`)) as string;
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).map(Number) as [number, number, number];
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
};

/** Drags the handle `testId` by (dx, dy) with the mouse, as a user would (taken near its start, clear of other handles). */
async function drag(page: Page, testId: string, dx: number, dy: number): Promise<void> {
  const b = await box(page, byId(testId));
  const x = b.x + Math.min(b.width / 2, 100);
  const y = b.y + Math.min(b.height / 2, 100);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 3 });
  await page.mouse.move(x + dx, y + dy, { steps: 3 });
  await page.mouse.up();
}

/** Rows on screen that the list's top edge (the header's bottom) cuts through. */
const rowsUnderHeader = (page: Page): Promise<number[]> =>
  page.evaluate(`(() => {
    const list = document.querySelector('[data-testid="packet-list"]');
    const top = list.getBoundingClientRect().top + list.clientTop;
    return [...list.querySelectorAll('[role="row"]')]
      .map((r) => [Number(r.getAttribute('data-number')), r.getBoundingClientRect()])
      .filter(([, b]) => b.top < top - 0.5 && b.bottom > top + 0.5)
      .map(([n]) => n);
  })()`) as Promise<number[]>;

const shotPath = (name: string): string =>
  process.env.WIREPOOL_WRITE_FIXTURES === '1' ? path.join(ROOT, 'docs', name) : path.join(app.folder(`shot-${name}`), name);

describe('the look: layout, themes, panes', () => {
  it('at 1024×700 the Info column and the hex ASCII column are fully visible; opened, the pool panel makes the list scroll sideways, not crush Info', async () => {
    const page = await openPage(1024, 700);
    // A window this narrow starts with the pool panel collapsed to its strip, the hit rate on it.
    await page.waitForSelector(byId('pool-strip'));
    expect(await page.locator(byId('pool-view')).count()).toBe(0);
    await expect.poll(async () => (await page.locator(byId('pool-strip-hit-rate')).textContent()) ?? '').toMatch(/^\d+(\.\d)? %$/);
    await selectFrame(page, 7);
    const list = await clientBox(page, 'packet-list');
    const info = await box(page, `${byId('packet-row')}[data-number="7"] .c-info`);
    const header = await box(page, '.packet-header .c-info');
    expect(inside(info, list)).toBe(true);
    expect(info.width).toBeGreaterThanOrEqual(250);
    expect(header.x).toBeCloseTo(info.x, 0);
    // Frame 7's Info is the engine's (`wirepool read`), in full: the column is wide enough.
    const cell = page.locator(`${byId('packet-row')}[data-number="7"] .c-info`);
    expect(await cell.textContent()).toBe(readLines(SAMPLE).find((l) => l[0] === '7')![9]!);
    expect(await cell.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    // Every line of the hex pane, ASCII included, inside the pane.
    const hex = await clientBox(page, 'hex-pane');
    const lines = await page.locator('.hex-line').count();
    expect(lines).toBeGreaterThan(0);
    for (let i = 0; i < lines; i++) {
      expect(
        inside(
          await page
            .locator('.hex-line .hex-ascii')
            .nth(i)
            .boundingBox()
            .then((b) => b!),
          hex,
        ),
      ).toBe(true);
      expect(
        inside(
          await page
            .locator('.hex-line .hex-off')
            .nth(i)
            .boundingBox()
            .then((b) => b!),
          hex,
        ),
      ).toBe(true);
    }

    // The pool panel opened: Info keeps its width and the list scrolls sideways, its header along.
    await page.click(byId('pool-expand'));
    await page.waitForSelector(byId('pool-view'));
    const narrowInfo = await box(page, `${byId('packet-row')}[data-number="7"] .c-info`);
    expect(narrowInfo.width).toBeGreaterThanOrEqual(200);
    const scroll = (await page.locator(byId('packet-list')).evaluate((e) => [e.scrollWidth, e.clientWidth])) as [number, number];
    expect(scroll[0]).toBeGreaterThan(scroll[1]);
    await page.locator(byId('packet-list')).evaluate((e) => {
      e.scrollLeft = e.scrollWidth;
    });
    await expect
      .poll(async () => (await box(page, '.packet-header .c-info')).x)
      .toBeCloseTo((await box(page, `${byId('packet-row')}[data-number="7"] .c-info`)).x, 0);
    const shown = await clientBox(page, 'packet-list');
    const scrolledInfo = await box(page, `${byId('packet-row')}[data-number="7"] .c-info`);
    expect(scrolledInfo.x + scrolledInfo.width).toBeLessThanOrEqual(shown.x + shown.width + 0.5);
    await page.close();
  });

  it('at 1440×900 the four pool charts are inside the window, no scrolling', async () => {
    const page = await openPage(1440, 900);
    const charts = page.locator(`${byId('pool-view')} ${byId('pool-chart')}`);
    await expect.poll(() => charts.count()).toBe(4);
    const view = await clientBox(page, 'pool-view');
    const window = { x: 0, y: 0, width: 1440, height: 900 };
    for (let i = 0; i < 4; i++) {
      const b = (await charts.nth(i).boundingBox())!;
      expect(inside(b, view)).toBe(true);
      expect(inside(b, window)).toBe(true);
      expect(b.height).toBeGreaterThan(120);
      // The plot fills its card: the SVG is as wide as the card's content.
      const svg = (await charts.nth(i).locator('svg.recharts-surface').boundingBox())!;
      expect(svg.x + svg.width).toBeLessThanOrEqual(b.x + b.width);
    }
    expect(await page.locator(byId('pool-view')).evaluate((e) => e.scrollHeight <= e.clientHeight)).toBe(true);
    await page.close();
  });

  it('follows the OS to a dark theme; the View toggle overrides it and is kept over a reload', async () => {
    const page = await openPage(1280, 800, 'dark');
    expect(await page.locator(byId('theme-toggle')).getAttribute('data-theme')).toBe('system');
    for (const s of ['.app', byId('packet-list'), byId('pool-view'), byId('toolbar')]) expect(await luminance(page, s)).toBeLessThan(0.2);
    // The charts take the theme's colours: their grid is dark too.
    const grid = (await page.evaluate(
      `getComputedStyle(document.querySelector('[data-testid="pool-chart"] .recharts-cartesian-grid line')).stroke`,
    )) as string;
    expect((grid.match(/\d+/g) ?? []).map(Number).every((c) => c < 100)).toBe(true);

    await page.click(`label:has(> ${byId('theme-light')})`);
    await expect.poll(() => luminance(page, byId('packet-list'))).toBeGreaterThan(0.9);
    await page.reload();
    await reloaded(page);
    expect(await page.locator(byId('theme-toggle')).getAttribute('data-theme')).toBe('light');
    expect(await luminance(page, byId('packet-list'))).toBeGreaterThan(0.9);

    // Back to the system's: dark again; a light OS with the toggle on dark: dark.
    await page.click(`label:has(> ${byId('theme-system')})`);
    await expect.poll(() => luminance(page, byId('packet-list'))).toBeLessThan(0.2);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => luminance(page, byId('packet-list'))).toBeGreaterThan(0.9);
    await page.click(`label:has(> ${byId('theme-dark')})`);
    await expect.poll(() => luminance(page, byId('packet-list'))).toBeLessThan(0.2);
    await page.close();
  });

  it('dragging the splitters resizes the list, the hex pane and the pool panel, and a reload keeps the sizes', async () => {
    const page = await openPage(1440, 900);
    await selectFrame(page, 7);
    const before = {
      list: (await box(page, byId('list-pane'))).height,
      hex: (await box(page, '.hex-wrap')).width,
      pool: (await box(page, byId('pool-view'))).width,
    };
    await drag(page, 'splitter-list', 0, 120);
    await drag(page, 'splitter-hex', -80, 0);
    await drag(page, 'splitter-pool', 60, 0);
    const after = {
      list: (await box(page, byId('list-pane'))).height,
      hex: (await box(page, '.hex-wrap')).width,
      pool: (await box(page, byId('pool-view'))).width,
    };
    expect(after.list - before.list).toBeCloseTo(120, -1);
    expect(after.hex - before.hex).toBeCloseTo(80, -1);
    expect(after.pool - before.pool).toBeCloseTo(-60, -1);
    // The keyboard moves a focused splitter too (a step of the pool's: 20 px).
    await page.focus(byId('splitter-pool'));
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await box(page, byId('pool-view'))).width).toBeCloseTo(after.pool + 20, 0);

    await page.reload();
    await reloaded(page);
    await selectFrame(page, 7);
    expect((await box(page, byId('list-pane'))).height).toBeCloseTo(after.list, 0);
    expect((await box(page, '.hex-wrap')).width).toBeCloseTo(after.hex, 0);
    expect((await box(page, byId('pool-view'))).width).toBeCloseTo(after.pool + 20, 0);
    await page.close();
  });

  it('collapsing the pool panel gives the packets its room and leaves a strip with the hit rate, over a reload too', async () => {
    const page = await openPage(1440, 900);
    const packets = (await box(page, '.packets')).width;
    const rate = (await page.locator(byId('hit-rate')).textContent()) ?? '';
    expect(rate).toMatch(/%/);
    await page.click(byId('pool-collapse'));
    await page.waitForSelector(byId('pool-strip'));
    expect(await page.locator(byId('pool-view')).count()).toBe(0);
    expect(await page.locator(byId('pool-strip-hit-rate')).textContent()).toBe(rate);
    const strip = (await box(page, byId('pool-strip'))).width;
    expect(strip).toBeLessThanOrEqual(40);
    const wider = (await box(page, '.packets')).width;
    expect(wider).toBeCloseTo(1440 - strip, 0);
    expect(wider).toBeGreaterThan(packets + 300);
    expect(await page.locator(byId('pool-toggle')).getAttribute('aria-pressed')).toBe('false');
    await page.reload();
    await reloaded(page);
    expect(await page.locator(byId('pool-strip')).count()).toBe(1);
    // The View toggle opens it again.
    await page.click(byId('pool-toggle'));
    await page.waitForSelector(byId('pool-view'));
    expect((await box(page, '.packets')).width).toBeCloseTo(packets, 0);
    await page.close();
  });

  it('the first screen shows whole rows: none half under the header, the newest packet in full', async () => {
    // Windows whose list height is no whole number of rows: the list opens following, at its bottom.
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
      [1301, 811],
    ] as const) {
      const page = await openPage(w, h);
      expect(await page.locator(byId('displayed-count')).textContent()).toBe(String(readLines(SAMPLE).length));
      const last = page.locator(`${byId('packet-row')}[data-number="${SAMPLE_FRAMES}"]`);
      await last.waitFor();
      await expect.poll(() => rowsUnderHeader(page)).toEqual([]);
      await expect.poll(async () => inside((await last.boundingBox())!, await clientBox(page, 'packet-list'))).toBe(true);
      expect(await rowsUnderHeader(page)).toEqual([]);
      await page.close();
    }
  });
});

describe('screenshots for the README', () => {
  let page: Page;

  /** A replay at the recorded timing (about 2 s), so the pool charts have a history to draw; then frame 7 selected. */
  async function replayed(p: Page): Promise<void> {
    await p.selectOption(byId('replay-speed'), '1');
    await p.click(byId('replay-restart'));
    await expect.poll(() => stateText(p), { timeout: 15_000, interval: 100 }).toBe('running');
    await expect.poll(() => stateText(p), { timeout: 15_000, interval: 100 }).toBe('done');
    await selectFrame(p, 7);
    await p.locator(`${byId('detail-node')}[data-field="tcp"]`).click();
    await p.keyboard.press('ArrowRight');
    // The charts redraw at most twice a second: let the last samples in.
    await p.waitForTimeout(1200);
  }

  beforeAll(async () => {
    page = await openPage(1440, 900);
  }, 30_000);

  it('the main window, light (docs/screenshot.png) and dark (docs/screenshot-dark.png)', async () => {
    await replayed(page);
    const shot = shotPath('screenshot.png');
    await page.screenshot({ path: shot });
    expect(existsSync(shot)).toBe(true);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(300);
    expect(await luminance(page, byId('packet-list'))).toBeLessThan(0.2);
    const dark = shotPath('screenshot-dark.png');
    await page.screenshot({ path: dark });
    expect(existsSync(dark)).toBe(true);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('the Statistics window (docs/screenshot-stats.png)', async () => {
    await page.click(byId('stats-button'));
    await page.click(byId('stats-tab-conversations'));
    await page.waitForSelector(`${byId('stats-table')} tbody tr`, { timeout: 15_000 });
    await page.waitForTimeout(300);
    const shot = shotPath('screenshot-stats.png');
    await page.screenshot({ path: shot });
    expect(existsSync(shot)).toBe(true);
    await page.click(byId('stats-close'));
  });

  it('Follow TCP stream (docs/screenshot-follow.png)', async () => {
    const row = page.locator(`${byId('packet-row')}[data-number="8"]`);
    await row.click({ button: 'right' });
    await page.waitForSelector(`${byId('menu-follow-tcp')}:not([disabled])`, { timeout: 10_000 });
    await page.click(byId('menu-follow-tcp'));
    await page.waitForSelector(`${byId('follow-dialog')}[data-loading="false"]`, { timeout: 15_000 });
    await page.waitForTimeout(300);
    const shot = shotPath('screenshot-follow.png');
    await page.screenshot({ path: shot });
    expect(existsSync(shot)).toBe(true);
  });
});
