/**
 * End to end in real Chromium against `wirepool serve`: the context menu's actions on rows and
 * detail fields (apply / prepare as filter, copy), checked against `wirepool read`.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COLORING_RULES } from '../../native-bridge/filter/index.js';
import { type App, byId, listRows, readLines, SAMPLE, startApp, wirepool } from './support.js';

let app: App;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  // A page of its own whose context may use the clipboard (Copy is read back from it).
  const context = await app.browser.newContext({
    permissions: ['clipboard-read', 'clipboard-write'],
    viewport: { width: 1400, height: 900 },
  });
  page = await context.newPage();
  page.on('console', (m) => process.env.E2E_DEBUG && console.log('PAGE', m.type(), m.text()));
  page.on('pageerror', (e) => process.env.E2E_DEBUG && console.log('PAGEERROR', e.message));
  await page.goto(app.url);
  await page.waitForSelector(`${byId('app')}[data-connected="true"]`, { timeout: 15_000 });
  // A locator's wait, not a string predicate: one polled in the page is eval'd there, which the app's CSP refuses.
  await page
    .locator(byId('run-state'))
    .filter({ hasText: /^\s*done\s*$/ })
    .waitFor({ timeout: 15_000 });
  await page.uncheck(byId('follow-toggle'));
}, 60_000);

afterAll(async () => {
  await app?.close();
});

const filterBox = () => page.locator(byId('display-filter')).inputValue();
const displayed = async () => Number((await page.locator(byId('displayed-count')).textContent())?.trim());
const clipboard = () => page.evaluate('navigator.clipboard.readText()') as Promise<string>;

/** Selects frame `n` (scrolled into view from the top) and waits for its detail tree. */
async function selectFrame(n: number, button: 'left' | 'right' = 'left'): Promise<void> {
  await page.evaluate(`document.querySelector('[data-testid="packet-list"]').scrollTop = 0`);
  const row = page.locator(`${byId('packet-row')}[data-number="${n}"]`);
  await row.click({ button });
  await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
  await page.waitForSelector(`${byId('detail-node')}[data-field="frame"]`, { timeout: 10_000 });
}

/** Opens the detail subtree of `field` (a protocol) when it is closed. */
async function expand(field: string): Promise<void> {
  const node = page.locator(`${byId('detail-node')}[data-field="${field}"]`).first();
  if ((await node.getAttribute('aria-expanded')) !== 'true') await node.locator(byId('detail-toggle')).click();
}

/** Right-clicks detail field `field` and picks `path` (submenu, then item) from the field menu. */
async function fieldMenu(field: string, ...path: string[]): Promise<void> {
  await page
    .locator(`${byId('detail-node')}[data-field="${field}"]`)
    .first()
    .click({ button: 'right' });
  for (const id of path) await page.click(`${byId('field-menu')} ${byId(`menu-${id}`)}`);
}

/** Clears the display filter (every packet shown again). */
async function clearFilter(): Promise<void> {
  await page.fill(byId('display-filter'), '');
  await page.press(byId('display-filter'), 'Enter');
  await expect.poll(displayed, { timeout: 10_000 }).toBe(113);
}

describe('context menu actions', () => {
  it('a detail field ▸ Apply as Filter ▸ Selected: the list is `wirepool read -Y` of that filter', async () => {
    await selectFrame(8);
    await expand('ip');
    await fieldMenu('ip.dst', 'apply', 'apply-selected');
    expect(await filterBox()).toBe('ip.dst == 203.0.113.80');
    const want = readLines(SAMPLE, 'ip.dst == 203.0.113.80');
    await expect.poll(displayed, { timeout: 10_000 }).toBe(want.length);
    const rows = await listRows(page, want.length);
    expect(rows.map((r) => [r.number, r.info])).toEqual(want.map((l) => [Number(l[0]), l[9]]));
    await clearFilter();
  });

  it('Prepare as Filter builds the and/or/not variants in the box without applying them', async () => {
    await selectFrame(8);
    await expand('http');
    // The request line (its first text node under HTTP whose label is the request; an expert item may come first).
    await page
      .locator(`${byId('detail-node')}[data-field="text"]`, { hasText: 'GET /' })
      .first()
      .locator(byId('detail-toggle'))
      .click();
    await fieldMenu('http.request.method', 'prepare', 'prepare-selected');
    expect(await filterBox()).toBe('http.request.method == "GET"');
    await fieldMenu('http.request.method', 'prepare', 'prepare-notSelected');
    expect(await filterBox()).toBe('!(http.request.method == "GET")');
    await page.fill(byId('display-filter'), 'tcp');
    await fieldMenu('http.request.method', 'prepare', 'prepare-and');
    expect(await filterBox()).toBe('(tcp) && (http.request.method == "GET")');
    await page.fill(byId('display-filter'), 'tcp');
    await fieldMenu('http.request.method', 'prepare', 'prepare-orNot');
    expect(await filterBox()).toBe('(tcp) || !(http.request.method == "GET")');
    await page.fill(byId('display-filter'), 'udp');
    await fieldMenu('http.request.method', 'prepare', 'prepare-andNot');
    expect(await filterBox()).toBe('(udp) && !(http.request.method == "GET")');
    // Prepared, not applied: every packet is still shown.
    expect(await displayed()).toBe(113);
    // Applied "…and not Selected" with the box's filter: what `wirepool read -Y` passes.
    await page.fill(byId('display-filter'), 'tcp');
    await fieldMenu('http.request.method', 'apply', 'apply-andNot');
    expect(await filterBox()).toBe('(tcp) && !(http.request.method == "GET")');
    await expect.poll(displayed, { timeout: 10_000 }).toBe(readLines(SAMPLE, '(tcp) && !(http.request.method == "GET")').length);
    await clearFilter();
  });

  it('Copy puts the value, the filter, the bytes (hex stream) and the row summary on the clipboard', async () => {
    await selectFrame(8);
    await fieldMenu('http.request.method', 'copy', 'copy-value');
    await expect.poll(clipboard).toBe('GET');
    await fieldMenu('http.request.method', 'copy', 'copy-filter');
    await expect.poll(clipboard).toBe('http.request.method == "GET"');
    await fieldMenu('http.request.method', 'copy', 'copy-hex');
    await expect.poll(clipboard).toBe('474554'); // "GET"
    await expand('ip');
    await fieldMenu('ip.src', 'copy', 'copy-hex');
    await expect.poll(clipboard).toBe('c000020a'); // 192.0.2.10
    // The row's menu: the summary as the list shows it (No., Time, Source, Destination, Protocol, Length, Info) …
    const line = readLines(SAMPLE).find((l) => l[0] === '8')!;
    await page.locator(`${byId('packet-row')}[data-number="8"]`).click({ button: 'right' });
    await page.click(`${byId('packet-menu')} ${byId('menu-copy')}`);
    await page.click(`${byId('packet-menu')} ${byId('menu-copy-summary')}`);
    await expect.poll(clipboard).toMatch(/^8\t\d+\.\d+\t/);
    const cols = (await clipboard()).split('\t');
    expect([cols[0], cols[2], cols[3], cols[4], cols[5], cols[6]]).toEqual([line[0], line[6], line[7], line[8], line[3], line[9]]);
    // … and the whole packet's bytes as a hex stream, 147 bytes.
    await page.locator(`${byId('packet-row')}[data-number="8"]`).click({ button: 'right' });
    await page.click(`${byId('packet-menu')} ${byId('menu-copy')}`);
    await page.click(`${byId('packet-menu')} ${byId('menu-copy-hex')}`);
    await expect.poll(async () => (await clipboard()).length).toBe(147 * 2);
    expect(await clipboard()).toMatch(/^0200000000fe020000000001080045/); // eth.dst, eth.src, eth.type, ip.version…
  });

  it("a row's Apply as Filter uses the selected detail field, and is not offered without one", async () => {
    await selectFrame(3);
    await page.locator(`${byId('packet-row')}[data-number="3"]`).click({ button: 'right' });
    expect(await page.locator(`${byId('packet-menu')} ${byId('menu-apply')}`).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await expand('udp');
    await page.locator(`${byId('detail-node')}[data-field="udp.dstport"]`).click();
    await page.locator(`${byId('packet-row')}[data-number="3"]`).click({ button: 'right' });
    await page.click(`${byId('packet-menu')} ${byId('menu-apply')}`);
    await page.click(`${byId('packet-menu')} ${byId('menu-apply-selected')}`);
    expect(await filterBox()).toBe('udp.dstport == 53');
    await expect.poll(displayed, { timeout: 10_000 }).toBe(readLines(SAMPLE, 'udp.dstport == 53').length);
    await clearFilter();
  });
});

/** The frame number of the selected row. */
const selectedFrame = async () => Number(await page.locator(`${byId('packet-row')}[aria-selected="true"]`).getAttribute('data-number'));
const findStatus = async () => (await page.locator(byId('find-status')).getAttribute('data-state')) ?? '';

/** The frame Find must land on: the first of `matches` (`wirepool read -Y`'s frames) after `from` (before it, backwards), wrapping around. */
function firstAfter(matches: number[], from: number, back = false): { frame: number; wrapped: boolean } {
  const next = back ? [...matches].reverse().find((n) => n < from) : matches.find((n) => n > from);
  return next !== undefined ? { frame: next, wrapped: false } : { frame: back ? matches.at(-1)! : matches[0]!, wrapped: true };
}

/** Searches with the find bar (open) by `kind` for `text` from the selected row and waits for the outcome. */
async function find(kind: string, text: string, opts: { back?: boolean; scope?: string } = {}): Promise<string> {
  await page.selectOption(byId('find-kind'), kind);
  if (opts.scope !== undefined) await page.selectOption(byId('find-scope'), opts.scope);
  await page.fill(byId('find-text'), text);
  await page.click(byId(opts.back ? 'find-prev' : 'find-next'));
  await expect.poll(findStatus, { timeout: 15_000 }).not.toMatch(/^(busy|idle)$/);
  return findStatus();
}

describe('find packet (Ctrl-F)', () => {
  const frames = (filter: string) => readLines(SAMPLE, filter).map((l) => Number(l[0]));

  it('by display filter: next and previous from the selected row, as `wirepool read -Y` orders the matches, wrapping with a note', async () => {
    await selectFrame(3);
    await page.locator(byId('packet-list')).focus();
    await page.keyboard.press('Control+f');
    await expect.poll(() => page.locator(byId('find-text')).evaluate((e) => e === document.activeElement)).toBe(true);
    const syn = frames('tcp.flags.syn == 1');
    expect(syn.length).toBeGreaterThan(1);
    let at = 3;
    for (const back of [false, false, false, true]) {
      const want = firstAfter(syn, at, back);
      expect(await find('filter', 'tcp.flags.syn == 1', { back })).toBe('found');
      await expect.poll(selectedFrame).toBe(want.frame);
      expect(await page.locator(byId('find-status')).textContent()).toBe(
        `Found packet ${want.frame}${want.wrapped ? ' (wrapped around past the end of the list)' : ''}`,
      );
      at = want.frame;
    }
  });

  it('by hex value and by string (bytes, list, detail): the frame `read -Y` names next', async () => {
    await selectFrame(20);
    await page.keyboard.press('Control+f');
    let want = firstAfter(frames('frame contains 47:45:54'), 20);
    expect(await find('hex', '47 45 54')).toBe('found');
    await expect.poll(selectedFrame).toBe(want.frame);
    expect(want.wrapped).toBe(true);
    want = firstAfter(frames('frame contains "www.example.com"'), await selectedFrame());
    expect(await find('string', 'WWW.Example.com', { scope: 'bytes' })).toBe('found');
    await expect.poll(selectedFrame).toBe(want.frame);
    const queries = readLines(SAMPLE)
      .filter((l) => /standard query/i.test(l[9]!))
      .map((l) => Number(l[0]));
    want = firstAfter(queries, await selectedFrame());
    expect(await find('string', 'standard query', { scope: 'list' })).toBe('found');
    await expect.poll(selectedFrame).toBe(want.frame);
    want = firstAfter(frames('http'), await selectedFrame());
    expect(await find('string', 'Hypertext Transfer Protocol', { scope: 'detail' })).toBe('found');
    await expect.poll(selectedFrame).toBe(want.frame);
  });

  it('says when nothing matches, and what is wrong with bad input', async () => {
    expect(frames('ip.ttl == 3')).toEqual([]);
    const before = await selectedFrame();
    expect(await find('filter', 'ip.ttl == 3')).toBe('none');
    expect(await page.locator(byId('find-status')).textContent()).toBe('No packet matched');
    expect(await selectedFrame()).toBe(before);
    expect(await find('hex', '45 0')).toBe('error');
    expect(await page.locator(byId('find-status')).textContent()).toMatch(/odd number of hex digits/);
    expect(await find('filter', 'tcp.port == 99999')).toBe('error');
    expect(await page.locator(byId('find-status')).textContent()).toMatch(/too big/);
    await page.press(byId('find-text'), 'Escape');
    expect(await page.locator(byId('find-bar')).count()).toBe(0);
  });
});

/** Every row's coloring rule and colors, read off the page by scrolling the list from top to bottom. */
async function rowColors(): Promise<Map<number, { rule: string; background: string; selected: boolean }>> {
  const seen = new Map<number, { rule: string; background: string; selected: boolean }>();
  await page.evaluate(`document.querySelector('[data-testid="packet-list"]').scrollTop = 0`);
  for (let guard = 0; guard < 1000; guard++) {
    const step = (await page.evaluate(`(async () => {
      const list = document.querySelector('[data-testid="packet-list"]');
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (let i = 0; i < 200 && list.querySelector('[data-testid="packet-placeholder"]'); i++) await new Promise((r) => setTimeout(r, 20));
      const rows = [...list.querySelectorAll('[data-testid="packet-row"]')].map((r) => ({
        number: Number(r.getAttribute('data-number')), rule: r.getAttribute('data-color-rule') ?? '', background: r.style.background,
        selected: r.getAttribute('aria-selected') === 'true',
      }));
      const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 1;
      list.scrollTop += Math.floor(list.clientHeight / 2);
      return { rows, atEnd };
    })()`)) as { rows: { number: number; rule: string; background: string; selected: boolean }[]; atEnd: boolean };
    for (const r of step.rows) seen.set(r.number, r);
    if (step.atEnd) break;
  }
  return seen;
}

/** `#rrggbb` as the browser reports an inline background. */
const cssRgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('coloring rules', () => {
  const frames = (filter: string) => readLines(SAMPLE, filter).map((l) => Number(l[0]));
  const cli = () =>
    new Map(
      wirepool('read', '-e', 'frame.number', '-e', 'frame.coloring_rule.name', SAMPLE)
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t') as [string, string])
        .map(([n, rule]) => [Number(n), rule]),
    );

  it("every row's rule is `wirepool read -e frame.coloring_rule.name`'s (TShark's), painted in its colors", async () => {
    const want = cli();
    const rows = await rowColors();
    expect(rows.size).toBe(113);
    const rules = DEFAULT_COLORING_RULES;
    for (const [n, r] of rows) {
      expect(r.rule, `frame ${n}`).toBe(want.get(n));
      const rule = rules.find((x) => x.name === r.rule);
      // The selected row shows the selection instead.
      if (rule !== undefined && !r.selected) expect(r.background, `frame ${n}`).toBe(cssRgb(rule.background));
    }
  });

  it('Colorize off paints no row; the dialog disables, edits and restores rules, a bad filter shows its error', async () => {
    await page.uncheck(byId('colorize-toggle'));
    await expect.poll(async () => (await rowColors()).get(1)?.rule, { timeout: 15_000 }).toBe('');
    await page.check(byId('colorize-toggle'));
    await expect.poll(async () => (await rowColors()).get(1)?.rule, { timeout: 15_000 }).toBe('ARP');

    // Disable HTTP: its rows fall to the next rule that passes (`TCP SYN/FIN` for the handshake, `TCP` for the rest).
    await page.click(byId('menu-View'));
    await page.click(byId('command-coloringRules'));
    const http = page.locator(`${byId('coloring-rule')}[data-name="HTTP"]`);
    await http.locator(byId('rule-enabled')).uncheck();
    // A filter that does not compile: its error shows, and the rule is not applied.
    const udp = page.locator(`${byId('coloring-rule')}[data-name="UDP"]`);
    await udp.locator(byId('rule-filter')).fill('udp.port == 99999');
    await expect.poll(() => udp.getAttribute('data-error')).toBe('true');
    expect(await udp.locator(byId('rule-error')).textContent()).toMatch(/too big/);
    await page.click(byId('coloring-ok'));
    const synFin = new Set(frames('tcp.flags & 0x02 || tcp.flags.fin == 1'));
    const broadcast = new Set(frames('eth[0] & 1'));
    await expect.poll(async () => (await rowColors()).get(8)?.rule, { timeout: 15_000 }).toBe('TCP');
    const rows = await rowColors();
    const want = cli();
    for (const [n, r] of rows) {
      const old = want.get(n)!;
      let expected = old;
      if (old === 'HTTP') expected = synFin.has(n) ? 'TCP SYN/FIN' : 'TCP';
      if (old === 'UDP') expected = broadcast.has(n) ? 'Broadcast' : '';
      expect(r.rule, `frame ${n}`).toBe(expected);
    }
    // Kept across a reload (localStorage), then restored to Wireshark's.
    await page.reload();
    await page.waitForSelector(`${byId('app')}[data-connected="true"]`, { timeout: 15_000 });
    await page.click(byId('menu-View'));
    await page.click(byId('command-coloringRules'));
    expect(await page.locator(`${byId('coloring-rule')}[data-name="HTTP"] ${byId('rule-enabled')}`).isChecked()).toBe(false);
    await page.click(byId('coloring-restore'));
    await page.uncheck(byId('follow-toggle'));
    await expect.poll(async () => (await rowColors()).get(8)?.rule, { timeout: 15_000 }).toBe('HTTP');
  });
});
