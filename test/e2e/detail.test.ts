/**
 * End to end in real Chromium against `wirepool serve`: expert information (the statistics
 * window's tab against `wirepool stats --expert --json`, its frames selecting packets), the
 * detail tree's conventions (generated fields in brackets, bit patterns, expand/collapse all)
 * and the display filter box (completion, history across a reload, range checks).
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlainExpertRow, PlainStats } from '../../native-bridge/protocol/index.js';
import { CAPTURES } from '../helpers/corpus.js';
import { type App, SAMPLE, byId, loadApp, openAndWait, startApp, wirepool } from './support.js';

let app: App;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  await page.goto(app.url);
  await page.waitForSelector(`${byId('app')}[data-connected="true"]`, { timeout: 15_000 });
  // A locator's wait, not a string predicate: one polled in the page is eval'd there, which the app's CSP refuses.
  await page
    .locator(byId('run-state'))
    .filter({ hasText: /^\s*done\s*$/ })
    .waitFor({ timeout: 15_000 });
}, 60_000);

afterAll(async () => {
  await app?.close();
});

const WORD: Record<PlainExpertRow['severity'], string> = {
  error: 'Error',
  warn: 'Warning',
  note: 'Note',
  chat: 'Chat',
  comment: 'Comment',
};

/** `wirepool stats FILE --expert --json`'s expert information. */
function cliExpert(file: string): Extract<PlainStats, { kind: 'expert' }> {
  const out = JSON.parse(wirepool('stats', file, '--expert', '--json')) as { stats: PlainStats[] };
  const s = out.stats[0]!;
  if (s.kind !== 'expert') throw new Error('no expert information');
  return s;
}

/** The Expert Information tab's rows as the page shows them. */
const shownRows = () =>
  page
    .locator(byId('expert-row'))
    .evaluateAll((rows) =>
      rows.map((r) =>
        Object.fromEntries([...r.querySelectorAll('[data-key]')].map((c) => [c.getAttribute('data-key'), c.textContent?.trim()])),
      ),
    );

const asShown = (rows: PlainExpertRow[]) =>
  rows.map((r) => ({ severity: WORD[r.severity], group: r.group, protocol: r.protocol, summary: r.summary, count: String(r.count) }));

async function openExpertTab(): Promise<void> {
  if ((await page.locator(byId('stats-window')).count()) === 0) await page.click(byId('stats-button'));
  await page.click(byId('stats-tab-expert'));
}

/** The node of field `abbrev` in the detail tree (the first). */
const node = (abbrev: string) => page.locator(`${byId('detail-node')}[data-field="${abbrev}"]`).first();
/** Its label, without the twisty of a node with children. */
const label = async (abbrev: string) => ((await node(abbrev).textContent()) ?? '').replace(/^[▾▸]/, '').trim();

async function selectFrame(n: number): Promise<void> {
  await page.fill(byId('display-filter'), `frame.number == ${n}`);
  await page.press(byId('display-filter'), 'Enter');
  const row = page.locator(`${byId('packet-row')}[data-number="${n}"]`);
  await row.click({ timeout: 15_000 });
  await page.waitForSelector(`${byId('detail-node')}[data-field="frame"]`, { timeout: 10_000 });
}

describe('expert information', () => {
  it("the Expert Information tab's rows and counts are wirepool stats --expert --json's for the sample", async () => {
    const cli = cliExpert(SAMPLE);
    expect(cli.rows.length).toBeGreaterThan(5);
    await openExpertTab();
    await expect.poll(shownRows, { timeout: 15_000 }).toEqual(asShown(cli.rows));
    for (const [s, n] of Object.entries(cli.counts))
      if (s !== 'comment') expect(await page.locator(byId(`expert-count-${s}`)).getAttribute('data-count')).toBe(String(n));
  });

  it('on a capture with retransmissions, a frame clicked in a row is selected in the list, or said to be hidden by the filter', async () => {
    const file = path.join(app.folder('retrans'), 'pptp.pcap');
    copyFileSync(path.join(CAPTURES, 'pptp.pcap'), file);
    const cli = cliExpert(file);
    const retrans = cli.rows.find((r) => r.summary === 'This frame is a (suspected) retransmission')!;
    expect(retrans.frames).toEqual([3, 9, 14, 20]);
    await page.click(byId('stats-close'));
    await openAndWait(page, file);
    await openExpertTab();
    await expect.poll(shownRows, { timeout: 15_000 }).toEqual(asShown(cli.rows));

    const row = page.locator(byId('expert-row'), { hasText: 'retransmission' });
    await row.click();
    await expect
      .poll(() => page.locator(byId('expert-frame')).evaluateAll((b) => b.map((x) => Number(x.getAttribute('data-frame')))))
      .toEqual(retrans.frames);
    await page.click(`${byId('expert-frame')}[data-frame="14"]`);
    await expect
      .poll(() => page.locator(`${byId('packet-row')}[data-number="14"]`).getAttribute('aria-selected'), { timeout: 10_000 })
      .toBe('true');
    await expect.poll(async () => (await node('frame').textContent()) ?? '', { timeout: 10_000 }).toContain('Frame 14');

    // A display filter that leaves frame 9 out (it carries 156 bytes): the window says so.
    await page.fill(byId('display-filter'), 'tcp.len == 0');
    await page.press(byId('display-filter'), 'Enter');
    await expect
      .poll(async () => (await page.locator(byId('displayed-count')).textContent())?.trim(), { timeout: 15_000 })
      .toBe(
        String(
          wirepool('read', '-Y', 'tcp.len == 0', file)
            .split('\n')
            .filter((l) => l !== '').length,
        ),
      );
    await page.click(`${byId('expert-frame')}[data-frame="9"]`);
    await expect
      .poll(async () => (await page.locator(byId('expert-note')).textContent()) ?? '')
      .toContain('Frame 9 is hidden by the display filter');
    await page.click(byId('stats-close'));
    await openAndWait(page, SAMPLE);
  });
});

describe('detail tree', () => {
  it('shows generated fields in brackets and flags with their bit pattern, as tshark -V prints frame 5', async () => {
    await selectFrame(5);
    await page.click(byId('detail-expand-all'));
    await expect.poll(() => label('tcp.stream')).toBe('[Stream index: 0]');
    expect(await node('tcp.stream').getAttribute('data-generated')).toBe('true');
    // tshark -V -r samples/sample.pcapng -Y frame.number==5, line for line:
    expect(await label('tcp.flags.syn')).toBe('.... .... ..1. = Syn: Set');
    expect(await label('tcp.flags.fin')).toBe('.... .... ...0 = Fin: Not set');
    expect(await label('tcp.hdr_len')).toBe('0101 .... = Header Length: 20 bytes (5)');
    expect(await label('ip.version')).toBe('0100 .... = Version: 4');
    expect(await label('ip.flags.df')).toBe(".1.. .... = Don't fragment: Set");
    // The expert items: highlighted by severity, under the field they are about.
    expect(await node('tcp.flags.syn').getAttribute('data-expert')).toBe('chat');
    expect(await node('tcp.ack').getAttribute('data-expert')).toBe('note');
    expect(await label('_ws.expert')).toBe(
      '[Expert Info (Note/Protocol): The acknowledgment number field is nonzero while the ACK flag is not set]',
    );
    // A generated field highlights no bytes.
    await node('tcp.srcport').click();
    await expect.poll(() => page.locator(`${byId('hex-byte')}[data-selected]`).count()).toBe(2);
    await node('tcp.stream').click();
    await expect.poll(() => page.locator(`${byId('hex-byte')}[data-selected]`).count()).toBe(0);
  });

  it('expands and collapses all, by button and by Ctrl+Right / Ctrl+Left, and a subtree by Shift+Right', async () => {
    const shown = () => page.locator(byId('detail-node')).count();
    const topLevel = () => page.locator(`${byId('detail-node')}[aria-level="1"]`).count();
    await page.click(byId('detail-collapse-all'));
    await expect.poll(shown).toBe(await topLevel());
    await page.click(byId('detail-expand-all'));
    await expect.poll(() => page.locator(`${byId('detail-node')}[data-field="_ws.expert.group"]`).count()).toBe(2);
    const all = await shown();
    await node('tcp').click();
    await page.keyboard.press('Control+ArrowLeft');
    await expect.poll(shown).toBe(await topLevel());
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => node('_ws.expert.group').count()).toBe(1);
    expect(await node('ip.flags.df').count()).toBe(0); // IPv4's subtrees stay closed
    await page.keyboard.press('Control+ArrowRight');
    await expect.poll(shown).toBe(all);
  });
});

describe('reassembled data', () => {
  it('shows a response TCP reassembled from frames 9-49 on its last frame, with a hex tab of its own', async () => {
    // wirepool read samples/sample.pcapng: frame 49 completes the HTTP response (as tshark shows it).
    const line = wirepool('read', SAMPLE, '-Y', 'frame.number == 49', '-e', 'tcp.reassembled.length', '-e', 'http.response.code').trim();
    expect(line).toBe('39667\t200');
    await selectFrame(49);
    await page.click(byId('detail-expand-all'));
    await expect.poll(() => label('http.response.code')).toBe('Status Code: 200');
    const tabs = page.locator(byId('hex-source'));
    await expect.poll(() => tabs.allTextContents()).toEqual(['Frame (625 bytes)', 'Reassembled TCP (39667 bytes)']);
    expect(await label('tcp.segments')).toMatch(/^\[28 Reassembled TCP Segments \(39667 bytes\): #9\(\d+\), #10\(1448\)/);
    // A field of the response lives in the reassembled bytes: the hex pane switches to them.
    await node('http.response.code').click();
    await expect.poll(() => page.locator(byId('hex-pane')).getAttribute('data-length')).toBe('39667');
    await expect.poll(() => tabs.nth(1).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.locator(`${byId('hex-byte')}[data-selected]`).count()).toBe(3);
    // Back to the frame's own bytes by its tab.
    await tabs.nth(0).click();
    await expect.poll(() => page.locator(byId('hex-pane')).getAttribute('data-length')).toBe('625');
    // An earlier segment is marked as TShark marks it.
    await selectFrame(10);
    await expect
      .poll(() => page.locator(`${byId('packet-row')}[data-number="10"]`).textContent())
      .toContain('[TCP segment of a reassembled PDU]');
  });
});

describe('display filter box', () => {
  it('completes tcp.fl to the tcp.flags fields; arrows and Tab take one', async () => {
    await page.fill(byId('display-filter'), '');
    await page.type(byId('display-filter'), 'tcp.fl');
    const offered = () => page.locator(byId('filter-completion')).evaluateAll((o) => o.map((x) => x.getAttribute('data-abbrev')));
    await expect.poll(offered).toContain('tcp.flags');
    const names = await offered();
    expect(names).toContain('tcp.flags.syn');
    expect(names.every((n) => n?.startsWith('tcp.fl'))).toBe(true);
    await page.press(byId('display-filter'), 'ArrowDown');
    await page.press(byId('display-filter'), 'Tab');
    expect(await page.inputValue(byId('display-filter'))).toBe(names[1]);
    expect(await page.locator(byId('filter-completion')).count()).toBe(0);
  });

  it('keeps the last filters applied, newest first, after a reload', async () => {
    for (const f of ['tcp', 'udp', 'tcp', 'dns']) {
      await page.fill(byId('display-filter'), f);
      await page.click(byId('display-filter-apply'));
    }
    await loadApp(app);
    await page.click(byId('filter-history-button'));
    const items = await page.locator(byId('filter-history-item')).allTextContents();
    expect(items.slice(0, 3)).toEqual(['dns', 'tcp', 'udp']);
    await page.locator(byId('filter-history-item')).nth(1).click();
    expect(await page.inputValue(byId('display-filter'))).toBe('tcp');
  });

  it('refuses integers out of their field’s range as tshark does', async () => {
    // tshark -Y 'tcp.port == 99999': "99999" too big for this field, maximum 65535.
    await page.fill(byId('display-filter'), 'tcp.port == 99999');
    await expect
      .poll(async () => (await page.locator(byId('display-filter-error')).textContent()) ?? '')
      .toContain('99999 is too big for tcp.port (at most 65535)');
    // A field that had no width before (tshark: FT_UINT16): "70000" too big for this field, maximum 65535.
    await page.fill(byId('display-filter'), 'tcp.window_size_value == 70000');
    await expect.poll(async () => (await page.locator(byId('display-filter-error')).textContent()) ?? '').toContain('(at most 65535)');
    await page.fill(byId('display-filter'), '');
  });
});
