/**
 * End to end in real Chromium (Debian's /usr/bin/chromium through playwright-core) against
 * `bin/wirepool serve` with the real engine and the built renderer (npm test builds both): the
 * main window, replay, capture, save, errors. See ./support.ts for what e2e files share.
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, realpathSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureAvailability } from '../../native-bridge/capture/index.js';
import { TABLE_TYPES, type PlainHierarchyNode, type PlainStats } from '../../native-bridge/protocol/index.js';
import { conversationColumns, endpointColumns, percent } from '../../renderer/src/lib/stats-table.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { sendUdp, udpFlood, udpSink } from '../capture/traffic.js';
import { ROOT, readAll } from '../helpers/corpus.js';
import { type App, byId, listRows, openAndWait, readLines, SAMPLE_FRAMES, startApp, stateText } from './support.js';

const execFileAsync = promisify(execFile);

let app: App;
let url: string;
let browser: Browser;
let page: Page;
let consoleErrors: string[];
const folder = (name: string) => app.folder(name);

beforeAll(async () => {
  app = await startApp();
  ({ url, browser, page, consoleErrors } = app);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('the app in Chromium against wirepool serve', () => {
  it('opens the sample: rows appear with the right count', async () => {
    const response = await page.goto(url);
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.waitForSelector(`${byId('app')}[data-connected="true"]`, { timeout: 15_000 });
    await expect
      .poll(async () => (await page.locator(byId('packet-count')).textContent())?.trim(), { timeout: 15_000 })
      .toBe(String(SAMPLE_FRAMES));
    // The list is virtualized and follows the newest packet: the rendered rows are a run of
    // consecutive frame numbers ending at the last frame.
    const rendered = async () =>
      (await page.locator(byId('packet-row')).evaluateAll((els) => els.map((e) => e.getAttribute('data-number')))).map(Number);
    // The list scrolls to the newest row on the frame after the count changes.
    await expect.poll(async () => (await rendered()).at(-1), { timeout: 5_000 }).toBe(SAMPLE_FRAMES);
    const numbers = await rendered();
    expect(numbers.length).toBeGreaterThan(5);
    expect(numbers.length).toBeLessThan(SAMPLE_FRAMES);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    expect(numbers.at(-1)).toBe(SAMPLE_FRAMES);
  });

  it("the list's columns of every sample frame are wirepool read's, stateful ones included (Seq/Ack, analysis flags)", async () => {
    await expect.poll(() => stateText(page), { timeout: 15_000 }).toBe('done');
    await page.uncheck(byId('follow-toggle'));
    const rows = await listRows(page, SAMPLE_FRAMES);
    const lines = readLines('samples/sample.pcapng');
    expect(rows.length).toBe(SAMPLE_FRAMES);
    expect(rows.map((r) => [r.number, r.len, r.src, r.dst, r.proto, r.info])).toEqual(
      lines.map((l) => [Number(l[0]), l[2], l[6], l[7], l[8], l[9]]),
    );
    expect(rows[10]!.info).toBe('49152 → 80 [ACK] Seq=94 Ack=2897 Win=65535 Len=0');
    await page.check(byId('follow-toggle'));
  });

  it('the detail tree is the engine dissection with the state of the first pass', async () => {
    await page.uncheck(byId('follow-toggle'));
    await page.evaluate(`document.querySelector('[data-testid="packet-list"]').scrollTop = 0`);
    const row = page.locator(`${byId('packet-row')}[data-number="11"]`);
    await row.click();
    await page.waitForSelector(`${byId('detail-node')}[data-field="tcp"]`, { timeout: 10_000 });
    const tcp = await page.locator(`${byId('detail-node')}[data-field="tcp"]`).textContent();
    expect(tcp).toContain('Seq: 94, Ack: 2897');
    await page.check(byId('follow-toggle'));
  });

  it('selecting a packet fills the detail tree and the hex pane', async () => {
    const number = await page.locator(byId('packet-row')).nth(2).getAttribute('data-number');
    // Rows are recycled as the list scrolls: find the row by its frame number, not position.
    const row = page.locator(`${byId('packet-row')}[data-number="${number}"]`);
    await row.click();
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    expect(await page.locator(byId('detail-node')).first().textContent()).toContain(`Frame ${number}`);
    await page.waitForSelector(`${byId('detail-tree')} ${byId('detail-node')}`, { timeout: 5_000 });
    expect(await page.locator(byId('detail-node')).count()).toBeGreaterThan(2);
    const fields = await page.locator(byId('detail-node')).evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
    expect(fields).toEqual(expect.arrayContaining([expect.stringMatching(/^(frame|eth)/)]));
    expect(await page.locator(`${byId('hex-pane')} ${byId('hex-byte')}`).count()).toBeGreaterThan(13);
  });

  it('the pool view shows non-zero hits', async () => {
    await page.waitForSelector(byId('pool-view'));
    expect(await page.locator(byId('pool-chart')).count()).toBeGreaterThan(0);
    // A first max-speed run of 113 frames may take every buffer before the first comes back;
    // a second run (same engine, same pool) finds them on the free lists.
    await page.click(byId('replay-restart'));
    const tierHits = () =>
      page
        .locator(byId('pool-tier-row'))
        .evaluateAll((rows) => rows.map((r) => Number((r.querySelector('td[data-col="hits"]')?.textContent ?? '0').replace(/[^\d]/g, ''))));
    await expect.poll(async () => (await tierHits()).reduce((a, b) => a + b, 0), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => (await page.locator(byId('packet-count')).textContent())?.trim(), { timeout: 10_000 })
      .toBe(String(SAMPLE_FRAMES));
    expect(Number(await page.locator(byId('hit-rate')).getAttribute('data-value'))).toBeGreaterThan(0);
  });

  it("the statistics window shows what wirepool stats --json prints for the file; a row's Apply as filter filters the list", async () => {
    await expect.poll(() => stateText(page), { timeout: 15_000 }).toBe('done');
    const file = 'samples/sample.pcapng';
    const types = TABLE_TYPES.join(',');
    const cli = JSON.parse(
      execFileSync(
        process.execPath,
        ['bin/wirepool', 'stats', file, '--hierarchy', '--conversations', types, '--endpoints', types, '--io', '1', '--json'],
        { cwd: ROOT, encoding: 'utf8' },
      ),
    ) as { stats: PlainStats[] };
    await page.click(byId('stats-button'));
    await page.waitForSelector(byId('stats-window'));

    // Protocol hierarchy: the tree depth first, with its shares.
    const hierarchy = cli.stats.find((s) => s.kind === 'hierarchy')!;
    const expected: string[][] = [];
    const walk = (nodes: PlainHierarchyNode[], depth: number): void => {
      for (const n of nodes) {
        const h = hierarchy as { frames: number; bytes: number };
        expected.push([
          String(depth),
          n.protocol,
          percent(n.frames, h.frames),
          String(n.frames),
          percent(n.bytes, h.bytes),
          String(n.bytes),
        ]);
        walk(n.children, depth + 1);
      }
    };
    if (hierarchy.kind === 'hierarchy') walk(hierarchy.children, 0);
    expect(expected.length).toBeGreaterThan(5);
    const shownHierarchy = () =>
      page
        .locator(byId('hierarchy-row'))
        .evaluateAll((rows) =>
          rows.map((r) => [r.getAttribute('data-depth') ?? '', ...[...r.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')]),
        );
    await expect.poll(shownHierarchy, { timeout: 15_000 }).toEqual(expected);

    // Conversations and endpoints: every table type, every cell.
    const shownTable = () =>
      page
        .locator(byId('stats-row'))
        .evaluateAll((rows) =>
          rows.map((r) =>
            Object.fromEntries([...r.querySelectorAll('td[data-key]')].map((td) => [td.getAttribute('data-key'), td.textContent])),
          ),
        );
    const asShown = (rows: object[], keys: string[]) =>
      rows.map((r) => Object.fromEntries(keys.map((k) => [k, String((r as Record<string, unknown>)[k] ?? '')])));
    for (const kind of ['conversations', 'endpoints'] as const) {
      await page.click(byId(`stats-tab-${kind}`));
      for (const type of TABLE_TYPES) {
        const table = cli.stats.find((s) => s.kind === kind && s.type === type);
        if (table === undefined || (table.kind !== 'conversations' && table.kind !== 'endpoints'))
          throw new Error(`no ${kind} ${type} from the CLI`);
        const keys = (kind === 'conversations' ? conversationColumns(type) : endpointColumns(type)).map((c) => c.key);
        await page.click(byId(`stats-type-${type}`));
        await expect.poll(shownTable, { timeout: 15_000 }).toEqual(asShown(table.rows, keys));
        if (type === 'tcp' || type === 'ip') expect(table.rows.length, `${kind} ${type}`).toBeGreaterThan(1);
      }
    }

    // Sorting: a click on Bytes sorts most bytes first, another least first.
    await page.click(byId('stats-tab-conversations'));
    await page.click(byId('stats-type-tcp'));
    const tcp = cli.stats.find((s) => s.kind === 'conversations' && s.type === 'tcp');
    if (tcp?.kind !== 'conversations') throw new Error('no TCP conversations from the CLI');
    const bytesShown = async () => (await shownTable()).map((r) => Number(r.bytes));
    await expect.poll(bytesShown, { timeout: 15_000 }).toEqual(tcp.rows.map((r) => r.bytes));
    await page.click(byId('stats-sort-bytes'));
    await expect.poll(bytesShown).toEqual(tcp.rows.map((r) => r.bytes).sort((a, b) => b - a));
    await page.click(byId('stats-sort-bytes'));
    await expect.poll(bytesShown).toEqual(tcp.rows.map((r) => r.bytes).sort((a, b) => a - b));

    // Apply as filter on the conversation with the fewest bytes (first after the sort): the list shows its frames.
    const smallest = [...tcp.rows].sort((a, b) => a.bytes - b.bytes)[0]!;
    await page.locator(byId('stats-apply')).first().click();
    await expect.poll(() => page.inputValue(byId('display-filter'))).toBe(`tcp.stream==${smallest.stream}`);
    await expect
      .poll(async () => (await page.locator(byId('displayed-count')).textContent())?.trim(), { timeout: 15_000 })
      .toBe(String(smallest.frames));
    expect(readLines(file, `tcp.stream==${smallest.stream}`)).toHaveLength(smallest.frames);

    // I/O graph: every packet at 1 s (the CLI's --io 1), then a line of the UDP ones.
    const io = cli.stats.find((s) => s.kind === 'io');
    if (io?.kind !== 'io') throw new Error('no I/O from the CLI');
    await page.click(byId('stats-tab-io'));
    const attr = (id: string, name: string) => page.locator(byId(id)).getAttribute(name);
    await expect.poll(() => attr('io-line-total-0', 'data-value'), { timeout: 15_000 }).toBe(String(io.frames));
    await expect.poll(() => attr('io-chart', 'data-points')).toBe(String(io.count));
    await page.click(byId('io-add-line'));
    await page.fill(byId('io-line-filter-1'), 'udp');
    await page.press(byId('io-line-filter-1'), 'Enter');
    await expect.poll(() => attr('io-line-total-1', 'data-value'), { timeout: 15_000 }).toBe(String(readLines(file, 'udp').length));
    expect(await page.locator(`${byId('io-chart')} .recharts-line`).count()).toBe(2);

    await page.click(byId('stats-close'));
    expect(await page.locator(byId('stats-window')).count()).toBe(0);
    await page.fill(byId('display-filter'), '');
    await page.click(byId('display-filter-apply'));
    await expect
      .poll(async () => (await page.locator(byId('displayed-count')).textContent())?.trim(), { timeout: 15_000 })
      .toBe(String(SAMPLE_FRAMES));
  });

  // The README's docs/screenshot.png comes from here when WIREPOOL_WRITE_FIXTURES=1; otherwise
  // the screenshot goes to a temporary folder, so a test run does not change the checkout.
  it('saves a screenshot of the main window', async () => {
    // A replay at the recorded timing (about 2 s) so the pool charts have a history to draw.
    await page.selectOption(byId('replay-speed'), '1');
    await page.click(byId('replay-restart'));
    await expect.poll(async () => (await page.locator(byId('run-state')).textContent())?.trim(), { timeout: 15_000 }).toBe('running');
    await expect.poll(async () => (await page.locator(byId('run-state')).textContent())?.trim(), { timeout: 15_000 }).toBe('done');
    // The list has stopped following and is at its top, so the row clicked stays where it is
    // (following, a late last view event could still scroll it away between finding and clicking).
    await page.locator(byId('follow-toggle')).uncheck();
    await page.evaluate('document.querySelector(\'[data-testid="packet-list"]\').scrollTop = 0');
    await page.locator(`${byId('packet-row')}[data-number="7"]`).click();
    await page.waitForSelector(`${byId('hex-pane')} ${byId('hex-byte')}`);
    const shot =
      process.env.WIREPOOL_WRITE_FIXTURES === '1' ? path.join(ROOT, 'docs/screenshot.png') : path.join(folder('shot'), 'screenshot.png');
    await page.screenshot({ path: shot });
    expect(existsSync(shot)).toBe(true);
  });

  it('saves the run to a file on the host that reads back frame for frame', async () => {
    await expect.poll(async () => (await page.locator(byId('run-state')).textContent())?.trim(), { timeout: 15_000 }).toBe('done');
    const out = path.join(folder('save'), 'saved.pcap');
    await page.fill(byId('save-path-input'), out);
    await page.click(byId('save-path-submit'));
    await expect.poll(async () => (await page.locator(byId('save-notice')).textContent()) ?? '', { timeout: 15_000 }).toContain(out);
    const saved = readAll(openCapture(out));
    const sample = readAll(openCapture(path.join(ROOT, 'samples/sample.pcapng')));
    expect(saved.error).toBeUndefined();
    expect(saved.frames.length).toBe(SAMPLE_FRAMES);
    saved.frames.forEach((f, i) => {
      const g = sample.frames[i]!;
      expect([f.sec, f.nsec, f.wireLen, f.capLen]).toEqual([g.sec, g.nsec, g.wireLen, g.capLen]);
      expect(Buffer.compare(f.bytes, g.bytes)).toBe(0);
    });
  });

  it("the status bar says where the run stands, drops the last run's notes and shows Displayed: N (x %)", async () => {
    // The test before saved the run: its "saved to …" note belongs to that run only.
    expect(await page.locator(byId('save-notice')).count()).toBe(1);
    const file = 'samples/sample.pcapng';
    await openAndWait(page, file);
    expect(await page.locator(byId('save-notice')).count()).toBe(0);
    expect(await page.locator(byId('run-label')).textContent()).toBe(`${realpathSync(path.resolve(ROOT, file))} (done)`);
    const total = readLines(file).length;
    const tcp = readLines(file, 'tcp').length;
    expect(tcp).toBeGreaterThan(0);
    expect(tcp).toBeLessThan(total);
    await page.fill(byId('display-filter'), 'tcp');
    await page.click(byId('display-filter-apply'));
    await expect
      .poll(async () => (await page.locator(byId('packet-status')).textContent()) ?? '', { timeout: 15_000 })
      .toBe(`Packets: ${total} · Displayed: ${tcp} (${((tcp / total) * 100).toFixed(1)} %)`);
    await page.fill(byId('display-filter'), '');
    await page.click(byId('display-filter-apply'));
    await expect
      .poll(async () => (await page.locator(byId('displayed-count')).textContent())?.trim(), { timeout: 15_000 })
      .toBe(String(total));
  });

  const live = captureAvailability();
  it.skipIf(!live.available)(
    `captures live on lo while the pool view and the capture counters follow; stop; save reads back (${live.reason ?? 'root and cap present'})`,
    async () => {
      const udp = await udpSink();
      const sizes = Array.from({ length: 400 }, (_, i) => 20 + ((i * 37) % 1200));
      try {
        await expect.poll(async () => page.locator(`${byId('capture-iface')} option[value="lo"]`).count(), { timeout: 10_000 }).toBe(1);
        await page.selectOption(byId('capture-iface'), 'lo');
        await page.fill(byId('capture-filter'), `udp dst port ${udp.port}`);
        await page.click(byId('capture-start'));
        await expect.poll(async () => (await page.locator(byId('run-state')).textContent())?.trim(), { timeout: 15_000 }).toBe('running');
        await page.locator(byId('capture-spool')).waitFor({ timeout: 10_000 });
        expect(await page.locator(byId('capture-spool')).textContent()).toContain('temporary');
        await sendUdp(udp.port, sizes);
        const text = async (id: string) => (await page.locator(byId(id)).textContent())?.trim();
        await expect.poll(() => text('packet-count'), { timeout: 15_000 }).toBe(String(sizes.length));
        await expect.poll(() => text('capture-seen'), { timeout: 15_000 }).toBe(String(sizes.length));
        await expect.poll(() => text('capture-memory'), { timeout: 15_000 }).toMatch(new RegExp(`^${sizes.length} pkts, `));
        expect(await text('capture-dropped')).toBe('0');
        // libpcap's own count (pcap_stats) beside the engine's, and its chart.
        await expect.poll(() => text('capture-kernel-dropped'), { timeout: 15_000 }).toBe('0');
        await expect.poll(() => page.locator('[data-testid="pool-chart"][data-chart="drops"]').count(), { timeout: 15_000 }).toBe(1);
        await page.click(byId('capture-stop'));
        await expect.poll(() => text('run-state'), { timeout: 15_000 }).toBe('stopped');
        const out = path.join(folder('capture'), 'live.pcapng');
        await page.fill(byId('save-path-input'), out);
        await page.click(byId('save-path-submit'));
        await expect.poll(async () => (await page.locator(byId('save-notice')).textContent()) ?? '', { timeout: 15_000 }).toContain(out);
        const saved = readAll(openCapture(out));
        expect(saved.error).toBeUndefined();
        expect(saved.frames.map((f) => f.wireLen)).toEqual(sizes.map((n) => 14 + 20 + 8 + n));
      } finally {
        await udp.close();
      }
    },
    60_000,
  );

  it.skipIf(!live.available)(
    'the statistics window counts a live capture as it goes, refreshed while it runs',
    async () => {
      const udp = await udpSink();
      try {
        await page.selectOption(byId('capture-iface'), 'lo');
        await page.fill(byId('capture-filter'), `udp dst port ${udp.port}`);
        await page.click(byId('capture-start'));
        await expect.poll(() => stateText(page), { timeout: 15_000 }).toBe('running');
        await page.click(byId('stats-button'));
        await page.click(byId('stats-tab-hierarchy'));
        // The hierarchy's first row is the link layer: every frame.
        const framesShown = () =>
          page
            .locator(byId('hierarchy-row'))
            .first()
            .evaluate((r) => r.querySelectorAll('td')[2]?.textContent ?? '')
            .catch(() => '');
        await sendUdp(
          udp.port,
          Array.from({ length: 50 }, () => 100),
        );
        await expect.poll(framesShown, { timeout: 15_000 }).toBe('50');
        await sendUdp(
          udp.port,
          Array.from({ length: 30 }, () => 200),
        );
        await expect.poll(framesShown, { timeout: 15_000 }).toBe('80');
        expect(await stateText(page)).toBe('running'); // counted while live, not at the end
        await page.click(byId('stats-tab-conversations'));
        await page.click(byId('stats-type-udp'));
        const udpRows = () =>
          page.locator(byId('stats-row')).evaluateAll((rows) => rows.map((r) => r.querySelector('td[data-key="frames"]')?.textContent));
        // Each sendUdp is a socket of its own (another source port): two conversations, most frames first.
        await expect.poll(udpRows, { timeout: 15_000 }).toEqual(['50', '30']);
        await page.click(byId('capture-stop'));
        await expect.poll(() => stateText(page), { timeout: 15_000 }).toBe('stopped');
        // Saved, so the next test's run starts without asking to discard this capture.
        const out = path.join(folder('stats-live'), 'live.pcapng');
        await page.fill(byId('save-path-input'), out);
        await page.click(byId('save-path-submit'));
        await expect.poll(async () => (await page.locator(byId('save-notice')).textContent()) ?? '', { timeout: 15_000 }).toContain(out);
      } finally {
        if ((await page.locator(byId('stats-window')).count()) > 0) await page.click(byId('stats-close'));
        await udp.close();
      }
    },
    60_000,
  );

  it.skipIf(!live.available)(
    'while a flood keeps arriving, the list follows it: the newest rows are on screen',
    async () => {
      const udp = await udpSink();
      const file = path.join(folder('follow'), 'flood.pcapng');
      // ~20 k datagrams/s from another process (127.0.0.1 only), until the test kills it: on a
      // busy machine starting the flood and the capture may take seconds.
      const flood = udpFlood(udp.port, 60, { size: 40, spread: 900, burst: 20, gapMs: 1 });
      try {
        await page.selectOption(byId('capture-iface'), 'lo');
        await page.fill(byId('capture-filter'), `udp dst port ${udp.port}`);
        await page.fill(byId('capture-file'), file);
        await page.click(byId('capture-start'));
        await expect
          .poll(async () => Number(await page.locator(byId('packet-count')).textContent()), { timeout: 15_000 })
          .toBeGreaterThan(5000);
        // Mid-flood: rows cover the list's visible area, and they are the newest ones.
        // One look at the page (a string: this file is type-checked without the DOM library).
        const onScreen = (await page.evaluate(`(() => {
        const list = document.querySelector('[data-testid="packet-list"]');
        const box = list.getBoundingClientRect();
        const rows = [...document.querySelectorAll('[data-testid="packet-row"]')];
        const visible = rows.filter((r) => { const b = r.getBoundingClientRect(); return b.bottom > box.top && b.top < box.bottom; });
        return {
          visible: visible.length, last: Number(visible.at(-1)?.getAttribute('data-number') ?? 0),
          count: Number(document.querySelector('[data-testid="packet-count"]').textContent),
          rendered: rows.length, firstRendered: Number(rows[0]?.getAttribute('data-number') ?? 0),
          scrollTop: list.scrollTop, height: list.clientHeight, inner: list.firstElementChild.style.height,
          follow: list.closest('[data-testid="app"]').querySelector('input[type=checkbox]')?.checked,
        };
      })()`)) as { visible: number; last: number; count: number };
        expect(onScreen.visible, JSON.stringify(onScreen)).toBeGreaterThan(10);
        // Within a round trip to the engine (the rows are asked for when the count grows) at ~20 k packets/s.
        expect(onScreen.last, JSON.stringify(onScreen)).toBeGreaterThan(onScreen.count - 4000);
      } finally {
        // Stop in any case, so a failed assertion above is the one reported.
        await page
          .locator(byId('capture-stop'))
          .click({ timeout: 5000 })
          .catch(() => {});
        await expect.poll(async () => (await page.locator(byId('run-state')).textContent())?.trim(), { timeout: 15_000 }).toBe('stopped');
        await page.fill(byId('capture-file'), '');
        flood.kill();
        await flood.ended;
        await udp.close();
      }
    },
    60_000,
  );

  it.skipIf(!live.available)(
    'a capture filter libpcap refuses shows its message and the fix in a banner',
    async () => {
      await page.selectOption(byId('capture-iface'), 'lo');
      await page.fill(byId('capture-filter'), 'udp port and and');
      await page.click(byId('capture-start'));
      const banner = page.locator(`${byId('error-banner')}[data-code="CAPTURE_BAD_FILTER"]`).last();
      await banner.waitFor({ timeout: 15_000 });
      expect(await banner.textContent()).toMatch(/udp port and and.*syntax error.*pcap-filter/s);
      await page.fill(byId('capture-filter'), '');
    },
    30_000,
  );

  it.skipIf(!live.available)(
    'a capture written to a .pcapng file the user named is there as it arrives; nothing to confirm afterwards',
    async () => {
      const udp = await udpSink();
      const sizes = Array.from({ length: 50 }, (_, i) => 100 + i);
      const file = path.join(folder('spool'), 'named.pcapng');
      try {
        await page.selectOption(byId('capture-iface'), 'lo');
        await page.fill(byId('capture-filter'), `udp dst port ${udp.port}`);
        await page.fill(byId('capture-file'), file);
        await page.click(byId('capture-start'));
        const text = async (id: string) => (await page.locator(byId(id)).textContent())?.trim();
        await expect.poll(() => text('run-state'), { timeout: 15_000 }).toBe('running');
        await sendUdp(udp.port, sizes);
        await expect.poll(() => text('packet-count'), { timeout: 15_000 }).toBe(String(sizes.length));
        await expect.poll(async () => (await text('capture-spool')) ?? '', { timeout: 15_000 }).not.toContain('temporary');
        // The file holds the packets while the capture still runs.
        await expect.poll(() => readAll(openCapture(file)).frames.length, { timeout: 15_000 }).toBe(sizes.length);
        await page.click(byId('capture-stop'));
        await expect.poll(() => text('run-state'), { timeout: 15_000 }).toBe('stopped');
        expect(readAll(openCapture(file)).frames.map((f) => f.wireLen)).toEqual(sizes.map((n) => 14 + 20 + 8 + n));
        await page.fill(byId('capture-file'), '');
      } finally {
        await udp.close();
      }
    },
    60_000,
  );

  it('after a max-speed replay with Follow on, the list shows its last rows', async () => {
    await page.selectOption(byId('replay-speed'), 'max');
    await page.check(byId('follow-toggle'));
    await openAndWait(page, 'samples/sample.pcapng');
    const onScreen = async () =>
      (await page.evaluate(`(() => {
        const list = document.querySelector('[data-testid="packet-list"]');
        const box = list.getBoundingClientRect();
        return [...list.querySelectorAll('[data-testid="packet-row"]')]
          .filter((r) => { const b = r.getBoundingClientRect(); return b.bottom > box.top && b.top < box.bottom; })
          .map((r) => Number(r.getAttribute('data-number')));
      })()`)) as number[];
    await expect.poll(async () => (await onScreen()).at(-1), { timeout: 10_000 }).toBe(SAMPLE_FRAMES);
    expect((await onScreen()).length).toBeGreaterThan(10);
  });

  it("follows a TCP stream from the context menu: the text, hex and raw bytes are wirepool follow's, the list shows the stream", async () => {
    const file = 'samples/sample.pcapng';
    const follow = async (stream: number, format: string) =>
      (
        await execFileAsync(process.execPath, ['bin/wirepool', 'follow', file, '--tcp', String(stream), '--format', format], {
          cwd: ROOT,
          maxBuffer: 1 << 28,
        })
      ).stdout;
    const dialogShows = (stream: number, format: string) =>
      page.waitForSelector(`${byId('follow-dialog')}[data-stream="${stream}"][data-format="${format}"][data-loading="false"]`, {
        timeout: 15_000,
      });
    const followText = async () => (await page.locator(byId('follow-text')).textContent()) ?? '';
    const filterBox = () => page.locator(byId('display-filter')).inputValue();
    const displayed = async () => Number((await page.locator(byId('displayed-count')).textContent())?.trim());
    await openAndWait(page, file);
    await page.uncheck(byId('follow-toggle'));
    await page.evaluate(`document.querySelector('[data-testid="packet-list"]').scrollTop = 0`);
    // Frame 8 is the HTTP request of tcp.stream 0 (`wirepool read`); no button is on before a packet is selected.
    const row = page.locator(`${byId('packet-row')}[data-number="8"]`);
    await row.click({ button: 'right' });
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    await page.waitForSelector(`${byId('menu-follow-tcp')}:not([disabled])`, { timeout: 10_000 });
    expect(await page.locator(byId('menu-follow-udp')).isDisabled()).toBe(true);
    await page.click(byId('menu-follow-tcp'));
    expect(await page.locator(byId('packet-menu')).count()).toBe(0);

    await dialogShows(0, 'ascii');
    expect(await followText()).toBe(await follow(0, 'ascii'));
    // Client and server chunks in their two colours.
    expect(await page.locator(`${byId('follow-text')} .client`).count()).toBeGreaterThan(0);
    expect(await page.locator(`${byId('follow-text')} .server`).count()).toBeGreaterThan(0);
    expect(await page.locator(byId('follow-filter')).textContent()).toBe('tcp.stream eq 0');
    await expect.poll(filterBox).toBe('tcp.stream eq 0');
    const streamRows = readLines(file, 'tcp.stream eq 0').length;
    await expect.poll(displayed, { timeout: 10_000 }).toBe(streamRows);

    await page.selectOption(byId('follow-format'), 'hex');
    await dialogShows(0, 'hex');
    const hex = await follow(0, 'hex');
    expect(await followText()).toBe(hex);
    const [saved] = await Promise.all([page.waitForEvent('download'), page.click(byId('follow-save'))]);
    expect(saved.suggestedFilename()).toBe('tcp-stream-0-hex.txt');
    expect(readFileSync((await saved.path())!, 'utf8')).toBe(hex);

    // The next stream: its text, its filter on the list.
    await page.click(byId('follow-next'));
    await dialogShows(1, 'hex');
    expect(await followText()).toBe(await follow(1, 'hex'));
    await expect.poll(filterBox).toBe('tcp.stream eq 1');
    expect(await page.locator(byId('follow-next')).isDisabled()).toBe(true);
    await page.click(byId('follow-prev'));
    await dialogShows(0, 'hex');

    // Raw: Save as… downloads the stream's bytes themselves.
    await page.selectOption(byId('follow-format'), 'raw');
    await dialogShows(0, 'raw');
    const raw = await follow(0, 'raw');
    expect(await followText()).toBe(raw);
    const [bytes] = await Promise.all([page.waitForEvent('download'), page.click(byId('follow-save'))]);
    const hexOfChunks = raw
      .split('\n')
      .filter((l) => /^\t?[0-9a-f]+$/.test(l))
      .map((l) => l.trim())
      .join('');
    expect(readFileSync((await bytes.path())!).toString('hex')).toBe(hexOfChunks);

    // Closing puts the list back as it was (no filter).
    await page.click(byId('follow-close'));
    expect(await page.locator(byId('follow-dialog')).count()).toBe(0);
    await expect.poll(filterBox).toBe('');
    await expect.poll(displayed, { timeout: 10_000 }).toBe(SAMPLE_FRAMES);
    await page.check(byId('follow-toggle'));
  });

  it("replaying twice shows each run's own pool counters, equal to wirepool replay --json's; nothing stays out after done or stop", async () => {
    const cli = JSON.parse(
      execFileSync(process.execPath, ['bin/wirepool', 'replay', 'samples/sample.pcapng', '--json'], { cwd: ROOT, encoding: 'utf8' }),
    ) as {
      pool: { hitRate: number; tiers: { size: number; hits: number; misses: number }[] };
      chunks: { tiers: { size: number; hits: number; misses: number }[] };
    };
    const expected = [
      ...cli.pool.tiers.map((t) => ['pool', t.size, t.hits, t.misses]),
      ...cli.chunks.tiers.map((t) => ['chunks', t.size, t.hits, t.misses]),
    ];
    // The table of the run's pools, once the run's last buffer is back (outstanding 0 in every tier).
    const settled = async () => {
      let rows: { pool: string; size: number; hits: number; misses: number; out: number }[] = [];
      await expect
        .poll(
          async () => {
            rows = await page.locator(byId('pool-tier-row')).evaluateAll((els) =>
              els.map((r) => ({
                pool: r.getAttribute('data-pool') ?? '',
                size: Number(r.getAttribute('data-tier')),
                hits: Number(r.querySelector('[data-col="hits"]')?.getAttribute('data-value')),
                misses: Number(r.querySelector('[data-col="misses"]')?.getAttribute('data-value')),
                out: Number(r.querySelector('[data-col="outstanding"]')?.getAttribute('data-value')),
              })),
            );
            return rows.length > 0 && rows.every((r) => r.out === 0);
          },
          { timeout: 15_000 },
        )
        .toBe(true);
      return rows;
    };
    await page.selectOption(byId('replay-speed'), 'max');
    for (let run = 0; run < 2; run++) {
      if (run === 0) await openAndWait(page, 'samples/sample.pcapng');
      else {
        await page.click(byId('replay-restart'));
        await expect
          .poll(async () => (await page.locator(byId('run-label')).textContent()) ?? '', { timeout: 15_000 })
          .toContain(realpathSync(path.join(ROOT, 'samples/sample.pcapng')));
        await expect.poll(() => stateText(page), { timeout: 15_000 }).toBe('done');
      }
      const rows = await settled();
      const runPools = rows.filter((r) => r.pool === 'pool' || r.pool === 'chunks').map((r) => [r.pool, r.size, r.hits, r.misses]);
      expect(runPools, `run ${run + 1}`).toEqual(expected);
      expect(Number(await page.locator(byId('hit-rate')).getAttribute('data-value'))).toBeCloseTo(cli.pool.hitRate, 9);
    }
    // Stopped half-way through a 1× replay (about 2 s): everything comes back all the same.
    await page.selectOption(byId('replay-speed'), '1');
    await page.click(byId('replay-restart'));
    await expect.poll(() => stateText(page), { timeout: 15_000 }).toBe('running');
    await page.waitForTimeout(400);
    await page.click(byId('replay-stop'));
    await expect.poll(() => stateText(page), { timeout: 15_000 }).toBe('stopped');
    await settled();
    await page.selectOption(byId('replay-speed'), 'max');
  });

  it('a worker error while reading a packet back reaches the UI as a message (the file was cut short after the first pass)', async () => {
    const dir = folder('truncated');
    const file = path.join(dir, 'cut.pcapng');
    copyFileSync(path.join(ROOT, 'samples/sample.pcapng'), file);
    await openAndWait(page, file);
    truncateSync(file, Math.floor(statSync(file).size / 4));
    await page.uncheck(byId('follow-toggle'));
    const row = page.locator(`${byId('packet-row')}[data-number="${SAMPLE_FRAMES}"]`);
    await row.click();
    const banner = page.locator(byId('error-banner')).filter({ hasText: 'cut.pcapng' }).last();
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.locator(byId('error-message')).textContent()).toMatch(/cut\.pcapng/);
    // The display filter reads every packet back: it stops and says why.
    await page.fill(byId('display-filter'), 'tcp');
    await page.click(byId('display-filter-apply'));
    await expect
      .poll(async () => page.locator(byId('error-banner')).filter({ hasText: 'cut.pcapng' }).count(), { timeout: 15_000 })
      .toBeGreaterThan(1);
    await page.fill(byId('display-filter'), '');
    await page.check(byId('follow-toggle'));
  });

  it('a display filter over a 300 k-packet capture shows the frames wirepool read -Y shows, times relative to the first frame', async () => {
    const file = path.join(folder('big'), 'mixed300k.pcapng');
    execFileSync(process.execPath, ['bin/wirepool', 'generate', '--profile', 'mixed', '--packets', '300000', '-w', file], { cwd: ROOT });
    await page.fill(byId('display-filter'), '');
    await openAndWait(page, file, 300_000);
    await expect.poll(async () => (await page.locator(byId('packet-count')).textContent())?.trim(), { timeout: 10_000 }).toBe('300000');
    const filter = 'icmp';
    const expected = readLines(file, filter);
    await page.fill(byId('display-filter'), filter);
    await page.click(byId('display-filter-apply'));
    await expect
      .poll(async () => (await page.locator(byId('displayed-count')).textContent())?.trim(), { timeout: 300_000, interval: 500 })
      .toBe(String(expected.length));
    await expect
      .poll(async () => (await page.locator(byId('filter-status')).textContent()) ?? '', { timeout: 300_000 })
      .not.toMatch(/filtering/);
    await page.uncheck(byId('follow-toggle'));
    const rows = await listRows(page, expected.length);
    expect(rows.map((r) => r.number)).toEqual(expected.map((l) => Number(l[0])));
    // Relative to the file's first frame (TShark's frame.time_relative), not to the first one shown.
    const first = readLines(file, 'frame.number == 1')[0]!;
    const [s0, f0] = first[1]!.split('.').map(Number) as [number, number];
    const [s1, f1] = expected[0]![1]!.split('.').map(Number) as [number, number];
    const micros = Math.floor((s1 - s0) * 1e6 + (f1 - f0) / 1000);
    expect(rows[0]!.time).toBe(`${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`);
    await page.fill(byId('display-filter'), '');
    await page.click(byId('display-filter-apply'));
    await page.check(byId('follow-toggle'));
  }, 600_000);

  it('a failed save and a missing file are titled in plain words, the code only a detail', async () => {
    const dir = folder('plain-errors');
    // A path under a regular file cannot be written, whoever runs the test (root included).
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const out = path.join(blocker, 'saved.pcap');
    await page.fill(byId('save-path-input'), out);
    await page.click(byId('save-path-submit'));
    const saveBanner = page.locator(byId('error-banner')).filter({ hasText: out }).last();
    await saveBanner.waitFor({ timeout: 15_000 });
    expect(await saveBanner.locator(byId('error-title')).textContent()).toBe('Could not save');
    expect(await saveBanner.locator(byId('error-hint')).textContent()).toMatch(/write/);

    const missing = path.join(dir, 'no-such-file.pcapng');
    await page.fill(byId('open-path-input'), missing);
    await page.press(byId('open-path-input'), 'Enter');
    const openBanner = page.locator(byId('error-banner')).filter({ hasText: 'no-such-file.pcapng' }).last();
    await openBanner.waitFor({ timeout: 15_000 });
    expect(await openBanner.locator(byId('error-title')).textContent()).toBe('Could not open the file');
    expect(await openBanner.locator(byId('error-message')).textContent()).toContain(missing);
    // The fix fits an open: nothing about writing.
    const hint = (await openBanner.locator(byId('error-hint')).textContent()) ?? '';
    expect(hint).toMatch(/exists/);
    expect(hint).not.toMatch(/writ/);
    expect(await openBanner.locator(byId('error-title')).textContent()).not.toMatch(/[A-Z]{3,}_/);
  });

  it('a malformed file shows a readable error message', async () => {
    const dir = folder('broken');
    const bad = path.join(dir, 'broken.pcapng');
    writeFileSync(bad, Buffer.from('0a0d0d0a1c00000000000000', 'hex')); // a section header cut short
    await page.fill(byId('open-path-input'), bad);
    await page.press(byId('open-path-input'), 'Enter');
    // Earlier tests leave banners of their own (the refused capture filter): wait for this
    // file's, not for whichever banner is last when the page is looked at.
    const banner = page.locator(byId('error-banner')).filter({ hasText: 'broken.pcapng' }).last();
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.getAttribute('data-code')).toMatch(/^CAPTURE_/);
    expect(await banner.locator(byId('error-message')).textContent()).toContain('broken.pcapng');
  });

  it('the page loaded without script or CSP errors', () => {
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused to|Uncaught/i.test(e))).toEqual([]);
  });

  it('a request without the token is refused', async () => {
    const other = await browser.newPage();
    const response = await other.goto(url.replace(/\?token=.*$/, ''));
    expect(response!.status()).toBe(403);
    expect(await other.textContent('body')).toMatch(/token/);
    await other.close();
  });
});
