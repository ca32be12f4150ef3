/**
 * End to end in real Chromium against `bin/wirepool serve`: the packet list's order and
 * navigation, as a user drives them (header clicks, keys, the Go to box, the time format
 * menu), checked against `wirepool read`'s rows for the same file: sorting by every column,
 * sort and filter, a sort of a 300,000-packet file with its progress, go to packet, time
 * formats and references, marks. See ./support.ts for what e2e files share.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus.js';
import {
  type App,
  byId,
  type ListRow,
  listRows,
  loadApp,
  openAndWait,
  readLines,
  SAMPLE,
  SAMPLE_FRAMES,
  startApp,
  wirepool,
} from './support.js';

const execFileAsync = promisify(execFile);

let app: App;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
}, 60_000);

afterAll(async () => {
  await app?.close();
});

// ─── what `wirepool read` says ──────────────────────────────────────────────────────────────────

/** A `wirepool read` line: number, epoch time, wire length, captured length, interface, protocols, source, destination, protocol, info. */
type Line = string[];

const COLUMNS = ['number', 'time', 'source', 'destination', 'protocol', 'length', 'info'] as const;
type Column = (typeof COLUMNS)[number];

/** An address as it sorts: by type (Ethernet, IPv4, IPv6, other), IPv4 numerically, then as text. */
function addressSortKey(a: string): string {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (v4)
    return `1${v4
      .slice(1)
      .map((p) => Number(p).toString(16).padStart(2, '0'))
      .join('')}`;
  if (/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(a)) return `0${a.toLowerCase()}`;
  if (a.includes(':')) return `2${a}`; // the sample's IPv6 addresses sort as text the way they do as numbers
  return `3${a}`;
}

const nanos = (epoch: string): bigint => {
  const [s, f = ''] = epoch.split('.');
  return BigInt(s!) * 1_000_000_000n + BigInt(f.padEnd(9, '0'));
};

function sortKey(column: Column, l: Line): string | number | bigint {
  switch (column) {
    case 'number':
      return Number(l[0]);
    case 'time':
      return nanos(l[1]!);
    case 'length':
      return Number(l[2]);
    case 'source':
      return addressSortKey(l[6]!);
    case 'destination':
      return addressSortKey(l[7]!);
    case 'protocol':
      return l[8]!;
    case 'info':
      return l[9]!;
  }
}

/** The lines sorted as the list sorts them: by the column, ties by frame number (ascending both ways). */
function sortLines(lines: Line[], column: Column, order: 'asc' | 'desc'): Line[] {
  const sign = order === 'asc' ? 1 : -1;
  return lines
    .map((l) => ({ l, k: sortKey(column, l) }))
    .sort((a, b) => (a.k < b.k ? -sign : a.k > b.k ? sign : Number(a.l[0]) - Number(b.l[0])))
    .map((x) => x.l);
}

/** A list row as `wirepool read` prints its columns. */
const shown = (r: ListRow) => [String(r.number), r.len, r.src, r.dst, r.proto, r.info];
const printed = (l: Line) => [l[0]!, l[2]!, l[6]!, l[7]!, l[8]!, l[9]!];

/** Seconds between two epoch times, 6 decimals, as the list shows them. */
function seconds(t: string, t0: string): string {
  let d = nanos(t) - nanos(t0);
  const neg = d < 0n;
  if (neg) d = -d;
  const us = d / 1000n;
  return `${neg ? '-' : ''}${us / 1_000_000n}.${String(us % 1_000_000n).padStart(6, '0')}`;
}

// ─── driving the page ─────────────────────────────────────────────────────────────────────────

const order = () => page.getAttribute(byId('packet-list'), 'data-order');

/** Clicks a column's header and waits until the rows are in `want`'s order ("info asc", "frame"). */
async function clickHeader(column: Column, want: string, timeout = 15_000): Promise<void> {
  await page.click(byId(`sort-${column}`));
  await expect.poll(order, { timeout }).toBe(want);
}

async function applyFilter(text: string, displayed: number): Promise<void> {
  await page.fill(byId('display-filter'), text);
  // The Apply button (Enter in the box takes a field-name completion first, when one is offered).
  await page.click(byId('display-filter-apply'));
  await expect
    .poll(async () => (await page.locator(byId('displayed-count')).textContent())?.trim(), { timeout: 15_000 })
    .toBe(String(displayed));
}

/** Clicks the row of frame `n` (on screen: go there first). */
async function selectFrame(n: number): Promise<void> {
  await goTo(String(n));
  await expect.poll(() => selectedNumber()).toBe(n);
}

const selectedNumber = async () =>
  Number(await page.getAttribute(`${byId('packet-list')} [aria-selected="true"]`, 'data-number', { timeout: 5000 }));

/** Chooses command `name` from the page's menu bar (serve mode's stand-in for the desktop menus). */
async function menu(name: 'timeReference' | 'nextMark' | 'unmarkAll'): Promise<void> {
  await page.click(byId('menu-Edit'));
  await page.click(byId(`command-${name}`));
}

async function goTo(text: string): Promise<void> {
  await page.locator(byId('packet-list')).focus();
  await page.keyboard.press('Control+g');
  await page.fill(byId('goto-input'), text);
  await page.press(byId('goto-input'), 'Enter');
}

/** The Time column of every row of the list, by frame number. */
async function timesShown(count: number): Promise<Map<number, string>> {
  return new Map((await listRows(page, count)).map((r) => [r.number, r.time]));
}

const sample = readLines(SAMPLE);

describe('sorting the packet list', () => {
  it('loads the sample in frame order', async () => {
    await loadApp(app);
    await page.uncheck(byId('follow-toggle'));
    expect(await order()).toBe('frame');
  });

  for (const column of COLUMNS)
    it(`by ${column}: a header click sorts ascending, the next descending, the third back to frame order`, async () => {
      for (const dir of ['asc', 'desc'] as const) {
        await clickHeader(column, `${column} ${dir}`);
        await expect
          .poll(() => page.getAttribute(`${byId(`sort-${column}`)} >> xpath=..`, 'aria-sort'))
          .toBe(dir === 'asc' ? 'ascending' : 'descending');
        expect((await listRows(page, SAMPLE_FRAMES)).map(shown)).toEqual(sortLines(sample, column, dir).map(printed));
      }
      await clickHeader(column, 'frame');
      // The order's label can change a frame before the rows do (seen once in CI): wait for the rows.
      await expect.poll(async () => (await listRows(page, SAMPLE_FRAMES)).map(shown), { timeout: 15_000 }).toEqual(sample.map(printed));
    });

  it('a sort holds through filters: each new filter view comes sorted the same way', async () => {
    await clickHeader('length', 'length asc');
    await clickHeader('length', 'length desc');
    for (const filter of ['tcp', 'ipv6']) {
      const want = sortLines(readLines(SAMPLE, filter), 'length', 'desc');
      await applyFilter(filter, want.length);
      await expect.poll(order).toBe('length desc');
      expect((await listRows(page, want.length)).map(shown)).toEqual(want.map(printed));
    }
    await applyFilter('', SAMPLE_FRAMES);
    await expect.poll(order).toBe('length desc');
    await clickHeader('length', 'frame');
  });
});

describe('go to packet', () => {
  it('Ctrl-G selects the frame in the sorted list; a hidden or missing frame is said so in the box', async () => {
    await clickHeader('info', 'info asc');
    await goTo('50');
    await expect.poll(() => selectedNumber()).toBe(50);
    await expect.poll(() => page.locator(byId('goto-box')).count()).toBe(0);
    // The row is on screen, at the place the sort put it.
    const row = Number(await page.getAttribute(`${byId('packet-list')} [aria-selected="true"]`, 'data-row'));
    expect(sortLines(sample, 'info', 'asc')[row]![0]).toBe('50');
    expect(await page.locator(`${byId('packet-list')} [aria-selected="true"]`).isVisible()).toBe(true);

    await goTo('999');
    await expect.poll(async () => (await page.locator(byId('goto-error')).textContent()) ?? '').toContain('no such frame');
    await page.press(byId('goto-input'), 'Escape');
    await applyFilter('dns', readLines(SAMPLE, 'dns').length);
    await goTo('1');
    await expect.poll(async () => (await page.locator(byId('goto-error')).textContent()) ?? '').toContain('not displayed');
    await page.press(byId('goto-input'), 'Escape');
    await applyFilter('', SAMPLE_FRAMES);
    await clickHeader('info', 'info desc');
    await clickHeader('info', 'frame');
  });
});

describe('time display formats and references', () => {
  const epoch = new Map(sample.map((l) => [Number(l[0]), l[1]!]));
  const first = sample[0]![1]!;
  const utc = (t: string) => {
    const [s, f] = t.split('.');
    return `${new Date(Number(s) * 1000).toISOString().slice(0, 19).replace('T', ' ')}.${f}`;
  };

  async function format(f: string): Promise<void> {
    await page.selectOption(byId('time-format'), f);
  }

  it("every format equals the time computed from wirepool read's epoch column", async () => {
    const want: Record<string, (n: number) => string> = {
      absolute: (n) => utc(epoch.get(n)!),
      time: (n) => utc(epoch.get(n)!).slice(11),
      epoch: (n) => epoch.get(n)!,
      relative: (n) => seconds(epoch.get(n)!, first),
      delta: (n) => seconds(epoch.get(n)!, epoch.get(Math.max(1, n - 1))!),
      deltaDisplayed: (n) => seconds(epoch.get(n)!, epoch.get(Math.max(1, n - 1))!),
    };
    for (const [f, time] of Object.entries(want)) {
      await format(f);
      const times = await timesShown(SAMPLE_FRAMES);
      expect(
        [...times].filter(([n, t]) => t !== time(n)),
        f,
      ).toEqual([]);
    }
  });

  it('with a filter: delta counts from the previous captured frame, delta displayed from the previous shown one', async () => {
    const tcp = readLines(SAMPLE, 'tcp').map((l) => Number(l[0]));
    await applyFilter('tcp', tcp.length);
    await format('delta');
    const delta = await timesShown(tcp.length);
    expect(tcp.filter((n) => delta.get(n) !== seconds(epoch.get(n)!, epoch.get(n - 1)!)).map((n) => [n, delta.get(n)])).toEqual([]);
    await format('deltaDisplayed');
    const shownDelta = await timesShown(tcp.length);
    expect(tcp.filter((n, i) => shownDelta.get(n) !== seconds(epoch.get(n)!, epoch.get(tcp[Math.max(0, i - 1)]!)!))).toEqual([]);
    await applyFilter('', SAMPLE_FRAMES);
  });

  it('Edit ▸ Set/Unset Time Reference makes the selected packet a time reference: *REF*, and later packets count from it', async () => {
    await format('relative');
    await selectFrame(10);
    // Ctrl-T in the desktop app; a browser keeps Ctrl-T for itself, so a page has the menu.
    await menu('timeReference');
    await expect.poll(async () => (await timesShown(SAMPLE_FRAMES)).get(10)).toBe('*REF*');
    const times = await timesShown(SAMPLE_FRAMES);
    expect(times.get(9)).toBe(seconds(epoch.get(9)!, first));
    expect(times.get(11)).toBe(seconds(epoch.get(11)!, epoch.get(10)!));
    expect(times.get(SAMPLE_FRAMES)).toBe(seconds(epoch.get(SAMPLE_FRAMES)!, epoch.get(10)!));
    await selectFrame(10);
    await menu('timeReference');
    await expect.poll(async () => (await timesShown(SAMPLE_FRAMES)).get(10)).toBe(seconds(epoch.get(10)!, first));
  });
});

describe('marks', () => {
  it('Ctrl-M marks the selected packets; the marks survive a sort, Next Mark / Shift-Ctrl-B go through them in list order; Unmark all', async () => {
    const markedShown = () =>
      page
        .locator(`${byId('packet-list')} [data-marked="true"]`)
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-number'))));
    for (const n of [3, 7, 60]) {
      await selectFrame(n);
      await page.keyboard.press('Control+m');
      await expect.poll(markedShown).toContain(n);
    }
    await expect.poll(async () => (await page.locator(byId('mark-count')).textContent())?.trim()).toBe('Marked: 3');
    await clickHeader('protocol', 'protocol asc');
    const inOrder = sortLines(sample, 'protocol', 'asc')
      .map((l) => Number(l[0]))
      .filter((n) => [3, 7, 60].includes(n));
    await page.locator(byId('packet-list')).click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Home');
    const visits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = await selectedNumber();
      // Shift-Ctrl-N in the desktop app (a browser keeps it: a new window), the menu in a page.
      await menu('nextMark');
      await expect.poll(() => selectedNumber()).not.toBe(before);
      visits.push(await selectedNumber());
      expect(await page.getAttribute(`${byId('packet-list')} [aria-selected="true"]`, 'data-marked')).toBe('true');
    }
    // From the top: the marks in the sorted list's order, then around again.
    const start = sortLines(sample, 'protocol', 'asc')[0]![0] === String(inOrder[0]) ? 1 : 0;
    expect(visits).toEqual([...inOrder, ...inOrder].slice(start, start + 4));
    await page.keyboard.press('Control+Shift+B');
    await expect.poll(() => selectedNumber()).toBe(visits[2]);
    await menu('unmarkAll');
    await expect.poll(markedShown).toEqual([]);
    await clickHeader('protocol', 'protocol desc');
    await clickHeader('protocol', 'frame');
  });
});

describe('a large file', () => {
  it('sorts 300,000 packets in the engine with progress shown; the page answers meanwhile; the first rows are right', async () => {
    const file = path.join(app.folder('large'), 'large.pcapng');
    wirepool('generate', '--profile', 'small', '--packets', '300000', '-w', file);
    // `wirepool read` of the file runs while the page loads and sorts it.
    const reading = execFileAsync(process.execPath, ['bin/wirepool', 'read', file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
    await openAndWait(page, file, 300_000);
    const started = Date.now();
    await page.click(byId('sort-info'));
    await page.waitForSelector(byId('sort-progress'), { state: 'visible', timeout: 10_000 });
    // During the sort the engine answers other requests: a packet's detail.
    const clicked = page.locator(`${byId('packet-list')} [data-testid="packet-row"]`).first();
    const number = Number(await clicked.getAttribute('data-number'));
    await clicked.click();
    await expect.poll(() => page.locator(byId('detail-node')).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const answeredDuringSort = await page.locator(byId('sort-progress')).count();
    await expect.poll(order, { timeout: 120_000 }).toBe('info asc');
    const ms = Date.now() - started;
    expect(answeredDuringSort).toBe(1);
    expect(await page.locator(byId('sort-progress')).count()).toBe(0);
    // The packet selected during the sort stays selected, shown where the sort put it.
    await expect.poll(selectedNumber, { timeout: 10_000 }).toBe(number);
    const lines = (await reading).stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t'));
    const want = sortLines(lines, 'info', 'asc').slice(0, 30);
    const rows = await listRows(page, 30);
    expect(rows.slice(0, 30).map(shown)).toEqual(want.map(printed));
    console.log(`sort of 300,000 packets by Info: first sorted rows ${ms} ms after the click`);
  }, 480_000);
});
