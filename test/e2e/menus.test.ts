/**
 * End to end in real Chromium against `bin/wirepool serve`: the app's menus (Electron shows its
 * own from the same table; in a browser the page has a menu bar) and their keys, as a user
 * drives them, checked against what the CLI prints for the same file. See ./support.ts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_MENUS, COMMAND_NAMES, COMMANDS } from '../../native-bridge/protocol/index.js';
import { type App, SAMPLE, SAMPLE_FRAMES, byId, listRows, loadApp, readLines, startApp, wirepool } from './support.js';

let app: App;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  await loadApp(app);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

/** Chooses Menu ▸ command from the page's menu bar. */
async function choose(menu: string, command: string): Promise<void> {
  await page.click(byId(`menu-${menu}`));
  await page.click(byId(`command-${command}`));
}

const selectedNumber = async (): Promise<number | undefined> => {
  const n = await page.locator(`${byId('packet-row')}[aria-selected="true"]`).getAttribute('data-number', { timeout: 2_000 });
  return n === null ? undefined : Number(n);
};

describe('the menus and their keys in a browser', () => {
  it("shows Wireshark's menus with every command of the table, its keys beside it", async () => {
    for (const menu of COMMAND_MENUS) {
      await page.click(byId(`menu-${menu}`));
      const items = await page
        .locator(`${byId(`menu-${menu}-items`)} button`)
        .evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-testid'), text: e.textContent })));
      const want = COMMAND_NAMES.filter((n) => COMMANDS[n].menu === menu);
      expect(items.map((i) => i.id)).toEqual(want.map((n) => `command-${n}`));
      for (const [i, n] of want.entries()) expect(items[i]!.text).toContain(COMMANDS[n].label);
      await page.keyboard.press('Escape');
    }
    expect(await page.locator(byId('command-goToPacket')).count()).toBe(0);
  });

  it("View ▸ Time Display Format ▸ Seconds Since Epoch shows wirepool read's epoch times, checked in the menu", async () => {
    await choose('View', 'timeEpoch');
    await page.uncheck(byId('follow-toggle'));
    const rows = await listRows(page, SAMPLE_FRAMES);
    const epoch = new Map(readLines(SAMPLE).map((l) => [Number(l[0]), l[1]!]));
    expect(rows.length).toBe(SAMPLE_FRAMES);
    for (const r of rows) expect(r.time).toBe(epoch.get(r.number));
    await page.click(byId('menu-View'));
    expect(await page.locator(byId('command-timeEpoch')).getAttribute('aria-checked')).toBe('true');
    expect(await page.locator(byId('command-timeRelative')).getAttribute('aria-checked')).toBeNull();
    await page.click(byId('command-timeRelative'));
  });

  it('Go ▸ Last Packet, then the keys (Ctrl+Up, Ctrl+Home, Ctrl+Down) move the selection through the list', async () => {
    await choose('Go', 'lastPacket');
    await expect.poll(selectedNumber).toBe(SAMPLE_FRAMES);
    await page.keyboard.press('Control+ArrowUp');
    await expect.poll(selectedNumber).toBe(SAMPLE_FRAMES - 1);
    await page.keyboard.press('Control+Home');
    await expect.poll(selectedNumber).toBe(1);
    await page.keyboard.press('Control+ArrowDown');
    await expect.poll(selectedNumber).toBe(2);
  });

  it('Ctrl+G opens Go to packet; the frame chosen is selected', async () => {
    await page.keyboard.press('Control+g');
    await page.waitForSelector(byId('goto-box'));
    await page.keyboard.type('57');
    await page.keyboard.press('Enter');
    await expect.poll(selectedNumber).toBe(57);
  });

  it('Statistics ▸ Conversations opens the window on its tab, with the rows wirepool stats counts', async () => {
    await choose('Statistics', 'conversations');
    await page.waitForSelector(byId('stats-window'));
    expect(await page.locator(byId('stats-tab-conversations')).getAttribute('aria-selected')).toBe('true');
    const cli = JSON.parse(wirepool('stats', SAMPLE, '--conversations', 'ip', '--json')) as { stats: { rows: unknown[] }[] };
    await expect.poll(async () => page.locator(byId('stats-row')).count(), { timeout: 10_000 }).toBe(cli.stats[0]!.rows.length);
    await choose('Statistics', 'protocolHierarchy');
    expect(await page.locator(byId('stats-tab-hierarchy')).getAttribute('aria-selected')).toBe('true');
    await page.click(byId('stats-close'));
  });

  it('Statistics ▸ I/O Graph zooms: the brush under the graph picks the intervals shown; Show all undoes it', async () => {
    await choose('Statistics', 'ioGraph');
    await page.selectOption(byId('io-interval'), String(10_000_000));
    // An interval each 10 ms over the capture, as many as `wirepool stats --io 0.01` counts.
    const cli = JSON.parse(wirepool('stats', SAMPLE, '--io', '0.01', '--json')) as { stats: { count: number }[] };
    await expect
      .poll(async () => Number(await page.locator(byId('io-chart')).getAttribute('data-points')), { timeout: 10_000 })
      .toBe(cli.stats[0]!.count);
    const traveller = page.locator(`${byId('io-chart')} .recharts-brush-traveller`).first();
    const box = (await traveller.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 200, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.waitForSelector(byId('io-zoom'));
    expect(Number(await page.locator(byId('io-zoom')).getAttribute('data-start'))).toBeGreaterThan(0);
    await page.click(byId('io-zoom-reset'));
    await expect.poll(() => page.locator(byId('io-zoom')).count()).toBe(0);
    await page.click(byId('stats-close'));
  });

  it('Analyze ▸ Follow TCP Stream is offered for a TCP packet only, and follows its stream', async () => {
    const lines = readLines(SAMPLE);
    const arp = Number(lines.find((l) => l[8] === 'ARP')![0]);
    const tcp = Number(lines.find((l) => l[5]!.includes(':tcp'))![0]);
    await page.keyboard.press('Control+g');
    await page.keyboard.type(String(arp));
    await page.keyboard.press('Enter');
    await expect.poll(selectedNumber).toBe(arp);
    await page.click(byId('menu-Analyze'));
    await expect.poll(() => page.locator(byId('command-followTcp')).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+g');
    await page.keyboard.type(String(tcp));
    await page.keyboard.press('Enter');
    await expect.poll(selectedNumber).toBe(tcp);
    await page.waitForSelector(`${byId('detail-node')}[data-field="tcp"]`);
    await choose('Analyze', 'followTcp');
    await page.waitForSelector(byId('follow-text'));
    // The dialog shows "Following…" until the engine's reply is here.
    await expect
      .poll(async () => (await page.locator(byId('follow-text')).textContent()) ?? '', { timeout: 15_000 })
      .toContain('Follow: tcp,ascii');
  });

  it('Edit ▸ Mark/Unmark Packet marks the selected row; Ctrl+M unmarks it', async () => {
    await page.keyboard.press('Escape');
    await choose('Go', 'firstPacket');
    await expect.poll(selectedNumber).toBe(1);
    await choose('Edit', 'markPacket');
    const row = page.locator(`${byId('packet-row')}[data-number="1"]`);
    await expect.poll(() => row.getAttribute('class')).toMatch(/\bmarked\b/);
    await page.locator(byId('packet-list')).focus();
    await page.keyboard.press('Control+m');
    await expect.poll(() => row.getAttribute('class')).not.toMatch(/\bmarked\b/);
  });

  it('View ▸ Theme ▸ Dark darkens the page; Follow the System brings it back', async () => {
    const bg = () => page.evaluate('getComputedStyle(document.querySelector(".app")).backgroundColor') as Promise<string>;
    const light = await bg();
    await choose('View', 'themeDark');
    await expect.poll(bg).not.toBe(light);
    await choose('View', 'themeSystem');
    await expect.poll(bg).toBe(light);
  });

  it('the page loaded without script errors', () => {
    expect(app.consoleErrors.filter((e) => /Uncaught|TypeError|ReferenceError/.test(e))).toEqual([]);
  });
});
