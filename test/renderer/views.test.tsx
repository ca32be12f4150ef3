// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReplayEngine } from '../../native-bridge/engine/index.js';
import { BufferPool, combineStats } from '../../native-bridge/pool/index.js';
import { COMMAND_NAMES, MAX_ROWS } from '../../native-bridge/protocol/index.js';
import { StoreProvider } from '../../renderer/src/store/react.js';
import { createUiStore, type UiStore } from '../../renderer/src/store/ui-store.js';
import { App } from '../../renderer/src/views/App.js';
import { CommandsProvider } from '../../renderer/src/views/commands.js';
import { CommandRegistry } from '../../renderer/src/lib/commands.js';
import { FakeHost, type FakeHostOptions } from './fake-host.js';
import { fragmentFrames, SAMPLE, SAMPLE_PACKETS, tick } from './helpers.js';

// jsdom does no layout: every element measures 0×0, so the virtualizer would think the list
// has no room and render no rows. Elements are given a 440 px viewport (20 rows of 22 px) for
// these tests; nothing else depends on sizes.
const VIEWPORT = 440;
const ROW = 22;
const saved = {
  clientHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
  clientWidth: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth'),
};
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => VIEWPORT });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 900 });
  // jsdom has no scrolling; the views call these.
  HTMLElement.prototype.scrollTo ??= () => {};
  HTMLElement.prototype.scrollIntoView ??= () => {};
});
afterAll(() => {
  for (const [k, d] of Object.entries(saved)) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
});
afterEach(cleanup);

/** The app on a store whose host is a FakeHost (nothing answered until the test says so). */
function mount(opts: FakeHostOptions & { budget?: number } = {}): { host: FakeHost; store: UiStore; commands: CommandRegistry } {
  const host = new FakeHost(opts);
  const commands = new CommandRegistry();
  const store = createUiStore({
    send: host.send,
    flushMs: 0,
    onCommand: (c) => commands.run(c),
    colorize: false,
    ...(opts.budget !== undefined ? { budget: opts.budget } : {}),
  });
  host.connect((m) => store.getState().receive(m));
  render(
    <StoreProvider store={store}>
      <CommandsProvider registry={commands}>
        <App transport="websocket" />
      </CommandsProvider>
    </StoreProvider>,
  );
  return { host, store, commands };
}

/** Answers what the UI asks until it asks nothing more (the list asks again as rows arrive). */
async function settle(host: FakeHost): Promise<void> {
  for (let round = 0; round < 100; round++) {
    let answered = 0;
    await act(async () => {
      answered = host.answerAll();
      await tick();
    });
    if (answered === 0 && host.waiting().length === 0) return;
  }
  throw new Error('the UI kept asking');
}

/** hello, then the sample opened, everything answered. */
async function opened(opts: FakeHostOptions & { budget?: number } = {}) {
  const t = mount(opts);
  act(() => {
    t.store.getState().hello();
    t.store.getState().open(SAMPLE);
  });
  await settle(t.host);
  return t;
}

/** The user scrolls the list to `top` (px): the virtualizer and the follow logic see a scroll event. */
async function scrollTo(host: FakeHost, top: number): Promise<void> {
  const list = screen.getByTestId('packet-list');
  act(() => {
    list.scrollTop = top;
    fireEvent.scroll(list);
  });
  await settle(host);
}

const rowsShown = () => screen.getAllByTestId('packet-row');
const cells = (row: HTMLElement) => Array.from(row.children).map((c) => c.textContent);
const numbersShown = () => rowsShown().map((r) => Number(r.getAttribute('data-number')));
const status = () => screen.getByTestId('packet-status').textContent;
const detailFields = () =>
  within(screen.getByTestId('detail-tree'))
    .getAllByTestId('detail-node')
    .map((n) => n.getAttribute('data-field'));
const litBytes = () =>
  within(screen.getByTestId('hex-pane'))
    .getAllByTestId('hex-byte')
    .filter((b) => b.getAttribute('data-selected') === 'true')
    .map((b) => Number(b.getAttribute('data-offset')));

describe('renderer views: the packet list', () => {
  it('lists the sample as `wirepool read` does, only the rows on screen', async () => {
    const { host, store } = mount();
    act(() => {
      store.getState().hello();
      store.getState().open(SAMPLE);
    });
    await settle(host);
    expect(screen.getByTestId('app').getAttribute('data-connected')).toBe('true');
    expect(status()).toBe(`Packets: ${SAMPLE_PACKETS} · Displayed: ${SAMPLE_PACKETS} (100.0 %)`);
    await scrollTo(host, 0);
    expect(store.getState().follow).toBe(false);
    expect(screen.getByTestId('packet-list').getAttribute('aria-rowcount')).toBe(String(SAMPLE_PACKETS));
    const rows = rowsShown();
    // Virtualized: 20 rows fit, plus overscan; never all 113.
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(rows.length).toBeLessThan(60);
    expect(screen.queryAllByTestId('packet-placeholder')).toEqual([]);
    // No, Time (relative), Source, Destination, Protocol, Length, Info: lines 1 and 3 of
    // `wirepool read samples/sample.pcapng`.
    expect(cells(rows[0]!)).toEqual([
      '1',
      '0.000000',
      '02:00:00:00:00:01',
      'ff:ff:ff:ff:ff:ff',
      'ARP',
      '42',
      'Who has 192.0.2.1? Tell 192.0.2.10',
    ]);
    expect(cells(rows[2]!)).toEqual([
      '3',
      '0.001300',
      '192.0.2.10',
      '198.51.100.53',
      'DNS',
      '75',
      'Standard query 0x1234 A www.example.com',
    ]);
    expect(rows[4]!.children[6]!.textContent).toBe('49152 → 80 [SYN] Seq=0 Win=65535 Len=0');
    // Every row was asked for once, in ranges of at most MAX_ROWS.
    const asked = host.requests('rows').map((r) => r.args);
    expect(asked.every((a) => a.count <= MAX_ROWS && a.first + a.count <= SAMPLE_PACKETS)).toBe(true);
    expect(asked.reduce((n, a) => n + a.count, 0)).toBe(SAMPLE_PACKETS);
  });

  it('shows placeholders for rows on their way, and fills them when they arrive', async () => {
    const { host } = await opened();
    await scrollTo(host, 0);
    // Another view (a filter the engine applied): its rows are asked for, placeholders meanwhile.
    act(() => host.applyFilter('frame.len > 1500'));
    expect(host.waiting('rows').map((r) => r.args)).toEqual([{ runId: 1, viewId: 1, first: 0, count: 39 }]);
    const placeholders = screen.getAllByTestId('packet-placeholder');
    expect(placeholders.length).toBeGreaterThanOrEqual(20);
    expect(cells(placeholders[0]!)).toEqual(['', '', '', '', '', '', '…']);
    expect(screen.queryAllByTestId('packet-row')).toEqual([]);
    await settle(host);
    expect(screen.queryAllByTestId('packet-placeholder')).toEqual([]);
    expect(numbersShown().slice(0, 3)).toEqual([9, 10, 12]);
  });

  it('fills the rows on screen from partial replies by asking again where each stopped', async () => {
    const { host } = await opened({ rowBytes: 1024 });
    await scrollTo(host, 0);
    expect(screen.queryAllByTestId('packet-placeholder')).toEqual([]);
    expect(numbersShown().slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    const asked = host.requests('rows').map((r) => r.args);
    expect(asked.length).toBeGreaterThan(3);
    // Each range starts where the rows held end: no row asked for twice.
    const firsts = asked.map((a) => a.first);
    expect(new Set(firsts).size).toBe(firsts.length);
  });

  it('switches the time column between absolute, relative and delta', async () => {
    const { host } = await opened();
    await scrollTo(host, 0);
    const time = (i: number) => rowsShown()[i]!.children[1]!.textContent;
    expect(time(2)).toBe('0.001300'); // 1767225600.001301424 − 1767225600.000000455
    fireEvent.change(screen.getByTestId('time-format'), { target: { value: 'absolute' } });
    expect(time(2)).toBe('2026-01-01 00:00:00.001301424');
    fireEvent.change(screen.getByTestId('time-format'), { target: { value: 'delta' } });
    await settle(host); // the rows again, with the times they count from
    expect(time(0)).toBe('0.000000');
    expect(time(2)).toBe('0.001000'); // 1767225600.001301424 − 1767225600.000300763
  });

  it('a display filter: the engine filters, the status bar counts, times stay relative to the first frame', async () => {
    const { host, store } = await opened();
    await scrollTo(host, 0);
    const box = screen.getByTestId('display-filter');
    fireEvent.change(box, { target: { value: 'frame.len > 1500' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(host.sent.at(-1)).toMatchObject({ op: 'filter', args: { runId: 1, filter: 'frame.len > 1500' } });
    await settle(host);
    expect(status()).toBe('Packets: 113 · Displayed: 39 (34.5 %)');
    expect(screen.getByTestId('filter-status').textContent).toBe('filter “frame.len > 1500”');
    expect(screen.getByTestId('packet-list').getAttribute('aria-rowcount')).toBe('39');
    expect(host.requests('rows').at(-1)?.args).toMatchObject({ viewId: 1 });
    await scrollTo(host, 0);
    expect(numbersShown().slice(0, 6)).toEqual([9, 10, 12, 13, 15, 16]);
    const time = (i: number) => rowsShown()[i]!.children[1]!.textContent;
    // Frame 9 is 0.045983536 s after frame 1: the filtered list does not start again at 0.
    expect(time(0)).toBe('0.045983');
    expect(time(1)).toBe('0.049773');
    fireEvent.change(screen.getByTestId('time-format'), { target: { value: 'deltaDisplayed' } });
    await settle(host);
    // Since the previous displayed row (frame 9), not the previous frame.
    expect(time(0)).toBe('0.000000');
    expect(time(1)).toBe('0.003790');
    expect(time(2)).toBe('0.019836'); // frame 12 − frame 10 (frame 11 is filtered out)

    // A filter on its way: how far the engine has got.
    act(() => host.applyFilter('frame.len > 1000', 30));
    expect(screen.getByTestId('filter-status').textContent).toBe('filter “frame.len > 1000” — filtering 30 of 113…');
    act(() => host.scan());
    expect(status()).toBe('Packets: 113 · Displayed: 43 (38.1 %)');
    expect(store.getState().view?.viewId).toBe(2);
  });

  it('follows new packets (their rows rendered as they arrive) until the user scrolls away, and again back at the bottom', async () => {
    const { host, store } = mount({ arrived: 30 });
    act(() => {
      store.getState().hello();
      store.getState().open(SAMPLE);
    });
    await settle(host);
    const list = screen.getByTestId('packet-list');
    expect(store.getState().follow).toBe(true);
    expect(list.scrollTop).toBe(30 * ROW - VIEWPORT); // at the bottom
    expect(numbersShown().at(-1)).toBe(30);
    expect(screen.queryAllByTestId('packet-placeholder')).toEqual([]);
    for (const n of [60, 90]) {
      act(() => host.arrive(n));
      await settle(host);
      // The last rows are the ones rendered, filled, whatever offset the virtualizer saw last.
      expect(list.scrollTop).toBe(n * ROW - VIEWPORT);
      const shown = numbersShown();
      expect(shown.at(-1)).toBe(n);
      expect(shown).toContain(n - 19);
      expect(screen.queryAllByTestId('packet-placeholder')).toEqual([]);
    }
    fireEvent.scroll(list); // the event of our own scrolling: still following
    expect(store.getState().follow).toBe(true);
    await scrollTo(host, 100); // the user scrolls up
    expect(store.getState().follow).toBe(false);
    expect((screen.getByTestId('follow-toggle') as HTMLInputElement).checked).toBe(false);
    act(() => host.arrive(SAMPLE_PACKETS));
    await settle(host);
    expect(list.scrollTop).toBe(100); // stays where the user is
    expect(numbersShown()).toContain(6);
    expect(numbersShown()).not.toContain(SAMPLE_PACKETS);
    await scrollTo(host, SAMPLE_PACKETS * ROW - VIEWPORT); // back at the bottom
    expect(store.getState().follow).toBe(true);
    expect(numbersShown().at(-1)).toBe(SAMPLE_PACKETS);
  });

  it('moves the selection with the keyboard', async () => {
    const { host, store } = await opened();
    await scrollTo(host, 0);
    const list = screen.getByTestId('packet-list');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(store.getState().selected).toBe(0);
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(store.getState().selected).toBe(2);
    expect(rowsShown()[2]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(store.getState().selected).toBe(1);
    fireEvent.keyDown(list, { key: 'End' });
    expect(store.getState().selected).toBe(SAMPLE_PACKETS - 1);
    fireEvent.keyDown(list, { key: 'Home' });
    expect(store.getState().selected).toBe(0);
    fireEvent.keyDown(list, { key: 'PageDown' });
    expect(store.getState().selected).toBe(VIEWPORT / ROW - 1);
    await settle(host);
    expect(store.getState().detail?.number).toBe(VIEWPORT / ROW);
  });
});

describe('renderer views: the commands of the menus', () => {
  it('has a part of the UI to carry out every command of the table, and a menu command from the host runs it', async () => {
    const t = await opened();
    act(() => t.store.getState().select(3));
    await settle(t.host);
    expect(COMMAND_NAMES.filter((n) => !t.commands.has(n))).toEqual([]);
    // Electron's menu: Go ▸ Last Packet arrives as a command message.
    act(() => t.store.getState().receive({ type: 'command', command: 'lastPacket' }));
    await settle(t.host);
    expect(t.store.getState().selected).toBe(SAMPLE_PACKETS - 1);
    act(() => t.store.getState().receive({ type: 'command', command: 'timeEpoch' }));
    expect(t.store.getState().timeFormat).toBe('epoch');
    expect(t.commands.checked('timeEpoch')).toBe(true);
    act(() => t.store.getState().receive({ type: 'command', command: 'endpoints' }));
    expect(t.store.getState()).toMatchObject({ statsOpen: true, statsTab: 'endpoints' });
  });
});

describe('renderer views: the selected packet', () => {
  it('shows the tree the engine sent and the frame in the hex pane, linked both ways', async () => {
    const { host } = await opened();
    await scrollTo(host, 0);
    fireEvent.mouseDown(rowsShown()[2]!); // frame 3, the DNS query
    expect(screen.getByTestId('detail-tree').textContent).toBe('Dissecting packet 3 in the engine…');
    expect(host.waiting('packet').map((r) => r.args)).toEqual([{ runId: 1, number: 3 }]);
    await settle(host);
    const tree = screen.getByTestId('detail-tree');
    expect(detailFields()).toEqual(['frame', 'eth', 'ip', 'udp', 'dns']);
    expect(within(tree).getAllByTestId('detail-node')[0]!.textContent).toContain('Frame 3: 75 bytes on wire');
    const hex = screen.getByTestId('hex-pane');
    expect(within(hex).getAllByTestId('hex-byte')).toHaveLength(75);
    expect(within(hex).getAllByTestId('hex-byte')[12]!.textContent).toBe('08');
    expect(screen.queryAllByTestId('hex-source')).toEqual([]); // the frame is the only data source

    // Tree → hex: open IPv4, select its source address; bytes 26..29 light up.
    const ipNode = within(tree)
      .getAllByTestId('detail-node')
      .find((n) => n.getAttribute('data-field') === 'ip')!;
    fireEvent.click(ipNode.querySelector('.twisty')!);
    expect(ipNode.getAttribute('aria-expanded')).toBe('true');
    const src = within(tree)
      .getAllByTestId('detail-node')
      .find((n) => n.getAttribute('data-field') === 'ip.src')!;
    expect(src.textContent).toContain('192.0.2.10');
    fireEvent.click(src);
    expect(litBytes()).toEqual([26, 27, 28, 29]);

    // Hex → tree: a byte of the UDP destination port selects that field (the innermost one),
    // opening its protocol.
    fireEvent.click(within(hex).getAllByTestId('hex-byte')[36]!);
    const sel = within(tree)
      .getAllByTestId('detail-node')
      .filter((n) => n.getAttribute('aria-selected') === 'true');
    expect(sel.map((n) => n.getAttribute('data-field'))).toEqual(['udp.dstport']);
    expect(sel[0]!.textContent).toContain('53');
    expect(litBytes()).toEqual([36, 37]);

    // Another packet keeps the same protocols open (IPv4, UDP), as Wireshark does; its selection starts empty.
    fireEvent.mouseDown(rowsShown()[4]!); // frame 5, TCP SYN
    await settle(host);
    expect(detailFields()).toContain('ip.src');
    expect(detailFields()).toContain('tcp');
    expect(detailFields()).not.toContain('tcp.srcport'); // TCP was never opened
    expect(litBytes()).toEqual([]);
  });

  it('shows the newest selection when an older packet reply comes last', async () => {
    const { host } = await opened();
    await scrollTo(host, 0);
    fireEvent.mouseDown(rowsShown()[2]!);
    fireEvent.mouseDown(rowsShown()[4]!);
    const [older, newer] = host.waiting('packet');
    await act(async () => {
      host.answer(newer!);
      host.answer(older!);
      await tick();
    });
    expect(within(screen.getByTestId('detail-tree')).getAllByTestId('detail-node')[0]!.textContent).toContain('Frame 5: 54 bytes');
    expect(screen.getByTestId('hex-pane').getAttribute('data-length')).toBe('54');
  });

  it('shows a reassembled datagram as a second data source of the hex pane', async () => {
    const { host } = await opened({ frames: fragmentFrames() });
    await scrollTo(host, 0);
    expect(cells(rowsShown()[2]!)[4]).toBe('UDP');
    fireEvent.mouseDown(rowsShown()[2]!); // the fragment that completes the datagram
    await settle(host);
    const tabs = screen.getAllByTestId('hex-source');
    expect(tabs.map((t) => t.textContent)).toEqual(['Frame (210 bytes)', 'Reassembled IPv4 (1200 bytes)']);
    expect(screen.getByTestId('hex-pane').getAttribute('data-length')).toBe('210');
    // A UDP field lives in the reassembled datagram: selecting it shows those bytes.
    const udp = within(screen.getByTestId('detail-tree'))
      .getAllByTestId('detail-node')
      .find((n) => n.getAttribute('data-field') === 'udp')!;
    fireEvent.click(udp);
    expect(screen.getByTestId('hex-pane').getAttribute('data-length')).toBe('1200');
    expect(litBytes()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(screen.getAllByTestId('hex-source')[1]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.click(screen.getAllByTestId('hex-source')[0]!);
    expect(screen.getByTestId('hex-pane').getAttribute('data-length')).toBe('210');
  });

  it('renders only the visible lines of a large packet in the hex pane', async () => {
    const { host, store } = await opened();
    act(() => store.getState().select(93)); // frame 94: a 60054-byte TCP segment on loopback
    await settle(host);
    const hex = screen.getByTestId('hex-pane');
    expect(hex.getAttribute('data-length')).toBe('60054');
    const shown = within(hex).getAllByTestId('hex-byte');
    expect(shown.length).toBeGreaterThan(16 * 20);
    expect(shown.length).toBeLessThan(16 * 60); // 3754 lines in all
    expect(shown[0]!.getAttribute('data-offset')).toBe('0');
  });
});

describe('renderer views: filter box, errors, controls', () => {
  it('shows a bad display filter with its column as you type, and sends a good one', async () => {
    const { host } = await opened();
    const box = screen.getByTestId('display-filter');
    const apply = screen.getByTestId('display-filter-apply') as HTMLButtonElement;
    fireEvent.change(box, { target: { value: 'ip.src == 10.0.0.1 &&' } });
    const err = screen.getByTestId('display-filter-error');
    // The missing operand is just past the end: column 22 of a 21-character filter.
    expect(err.getAttribute('data-column')).toBe('22');
    expect(err.textContent).toContain('column 22');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(apply.disabled).toBe(true);
    fireEvent.change(box, { target: { value: 'ip.srcc == 1.2.3.4' } });
    expect(screen.getByTestId('display-filter-error').textContent).toMatch(/"ip\.srcc" is not a field/);
    const sent = host.sent.length;
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(host.sent).toHaveLength(sent); // never sent
    fireEvent.change(box, { target: { value: 'dns' } });
    expect(screen.queryByTestId('display-filter-error')).toBeNull();
    fireEvent.click(apply);
    expect(host.sent.at(-1)).toMatchObject({ op: 'filter', args: { runId: 1, filter: 'dns' } });
    await settle(host);
    expect(apply.title).toBe('Applied: dns');
    expect(status()).toBe('Packets: 113 · Displayed: 2 (1.8 %)');
  });

  it('captures on more interfaces at once: the chosen one first, then those ticked; none beside "any"', async () => {
    const iface = (name: string, loopback = false) => ({ name, description: '', up: true, loopback, addresses: [] });
    const { host } = await opened({
      capture: { available: true },
      interfaces: [iface('eth0'), iface('lo', true), iface('veth1'), iface('any')],
    });
    const also = screen.getByTestId('capture-also');
    expect(screen.queryByTestId('capture-also-eth0')).toBeNull(); // the chosen one is not offered again
    expect(screen.queryByTestId('capture-also-any')).toBeNull();
    fireEvent.click(screen.getByTestId('capture-also-veth1'));
    fireEvent.click(screen.getByTestId('capture-also-lo'));
    expect(also.querySelector('summary')!.textContent).toBe('+ veth1, lo');
    fireEvent.click(screen.getByTestId('capture-start'));
    expect(host.sent.at(-1)).toMatchObject({ op: 'captureStart', args: { ifaces: ['eth0', 'veth1', 'lo'] } });
    fireEvent.change(screen.getByTestId('capture-iface'), { target: { value: 'any' } });
    expect(screen.queryByTestId('capture-also')).toBeNull();
  });

  it("says a capture leaves the page's own connection out, and includes it when ticked", async () => {
    const iface = { name: 'lo', description: '', up: true, loopback: true, addresses: ['127.0.0.1'] };
    const opts = { capture: { available: true }, ownTraffic: 'tcp port 8080', interfaces: [iface] };
    const first = await opened(opts);
    expect(screen.getByTestId('capture-own').textContent).toBe("without this page's own traffic (tcp port 8080)");
    fireEvent.click(screen.getByTestId('capture-start'));
    expect(first.host.sent.at(-1)).toMatchObject({ op: 'captureStart', args: { ifaces: ['lo'] } });
    expect((first.host.sent.at(-1) as { args: object }).args).not.toHaveProperty('own');
    cleanup();
    const second = await opened(opts);
    const own = screen.getByTestId('capture-own');
    fireEvent.click(own.querySelector('input')!);
    expect(own.textContent).toBe("with this page's own traffic (tcp port 8080)");
    fireEvent.click(screen.getByTestId('capture-start'));
    expect(second.host.sent.at(-1)).toMatchObject({ op: 'captureStart', args: { ifaces: ['lo'], own: true } });
  });

  it('shows errors as dismissable banners, each saying what failed', async () => {
    const { host, store } = await opened();
    expect(screen.getByTestId('capture-unavailable').textContent).toContain('libpcap is not installed');
    expect((screen.getByTestId('capture-start') as HTMLButtonElement).disabled).toBe(true);
    act(() => {
      store.getState().open('/tmp/x.pcap');
    });
    await act(async () => {
      host.fail(host.waiting('open')[0]!, {
        code: 'CAPTURE_BAD_MAGIC',
        message: '/tmp/x.pcap: not a pcap or pcapng file',
        hint: 'is it a capture file?',
      });
      await tick();
    });
    const banner = screen.getByTestId('error-banner');
    expect(banner.getAttribute('data-code')).toBe('CAPTURE_BAD_MAGIC');
    // The title says what failed in the user's words; the code is only a detail after the message.
    expect(within(banner).getByTestId('error-title').textContent).toBe('Could not open the file');
    expect(within(banner).getByTestId('error-message').textContent).toBe('/tmp/x.pcap: not a pcap or pcapng file');
    expect(within(banner).getByTestId('error-hint').textContent).toBe('is it a capture file?');
    expect(banner.textContent!.indexOf('CAPTURE_BAD_MAGIC')).toBeGreaterThan(banner.textContent!.indexOf('is it a capture file?'));
    fireEvent.click(within(banner).getByTestId('error-dismiss'));
    expect(screen.queryByTestId('error-banner')).toBeNull();
    // Errors of the view's requests say which.
    await act(async () => {
      store.getState().ensureRows(0, 0);
      store.getState().select(5);
      host.fail(host.waiting('packet')[0]!, { code: 'ENGINE_REREAD', message: 'packet 6 could not be read back' });
      await tick();
    });
    expect(screen.getByTestId('error-title').textContent).toBe('Could not show the packet');
    expect(screen.queryByTestId('error-hint')).toBeNull();
  });

  it("shows the run's own pools from real counters, and the since-start totals when asked", async () => {
    const { host, store } = await opened({ rowBytes: 1024 });
    await scrollTo(host, 0);
    // A real max-speed replay of the sample: its packet pool and its 256 KiB file-chunk pool;
    // the host's pool lent the row batches the list asked for.
    const engine = new ReplayEngine(SAMPLE, { pool: new BufferPool(), onBatch: (b) => b.lease.release() });
    const summary = await engine.run();
    const run = host.stats({
      packets: SAMPLE_PACKETS,
      pool: summary.pool,
      chunks: summary.chunks,
      view: host.pool.stats(),
      at: 1000,
      seconds: 0.25,
    });
    expect(run.view!.tiers.reduce((n, t) => n + t.hits, 0)).toBeGreaterThan(0); // row buffers given back and lent again
    const group = () => screen.getAllByTestId('pool-group').map((g) => [g.getAttribute('data-pool'), g.textContent]);
    const hits = (pool: string) =>
      screen
        .getAllByTestId('pool-tier-row')
        .filter((r) => r.getAttribute('data-pool') === pool)
        .map((r) => Number(r.querySelector('[data-col="hits"]')!.getAttribute('data-value')));
    const rate = () => Number(screen.getByTestId('hit-rate').getAttribute('data-value'));

    // Stats of another run are not this run's numbers.
    act(() => store.getState().receive({ type: 'stats', stats: { ...run, runId: 9 } }));
    expect(screen.getByTestId('hit-rate-over').textContent).toBe('waiting for the run’s first stats');
    act(() => {
      store.getState().receive({ type: 'stats', stats: run });
      store.getState().receive({ type: 'stats', stats: { ...run, at: 1250, seconds: 0.5 } });
    });
    expect(group()).toEqual([
      ['pool', 'packets'],
      ['chunks', 'file chunks'],
      ['view', 'to the UI'],
    ]);
    expect(hits('pool')).toEqual(summary.pool.tiers.map((t) => t.hits));
    expect(hits('chunks')).toEqual(summary.chunks.tiers.map((t) => t.hits));
    expect(hits('view')).toEqual(run.view!.tiers.map((t) => t.hits));
    // The headline is the replay's data path (packet tiers and file chunks): what `wirepool replay` reports.
    const path = [summary.pool, summary.chunks];
    const acquisitions = path.reduce((n, p) => n + p.oversize.count + p.tiers.reduce((m, t) => m + t.hits + t.misses, 0), 0);
    const pathHits = path.reduce((n, p) => n + p.tiers.reduce((m, t) => m + t.hits, 0), 0);
    expect(rate()).toBeCloseTo(pathHits / acquisitions, 10);
    expect(rate()).toBeCloseTo(summary.hitRate, 10);
    expect(screen.getByTestId('stat-packets').getAttribute('data-value')).toBe(String(SAMPLE_PACKETS));
    expect(screen.getAllByTestId('pool-chart').map((c) => c.getAttribute('data-chart'))).toEqual([
      'rates',
      'cumulative',
      'buffers',
      'bytes',
    ]);

    // No since-start numbers from the engine: the toggle cannot pick them.
    expect((screen.getByTestId('pool-scope-total') as HTMLInputElement).disabled).toBe(true);
    const total = combineStats(combineStats(summary.pool, summary.chunks), run.view!);
    act(() => store.getState().receive({ type: 'stats', stats: { ...run, total, at: 1500, seconds: 0.75 } }));
    fireEvent.click(screen.getByTestId('pool-scope-total'));
    expect(screen.getByTestId('pool-scope').getAttribute('data-scope')).toBe('total');
    expect(group()).toEqual([['total', 'all pools (since start)']]);
    expect(rate()).toBeCloseTo(total.hitRate, 10);
    fireEvent.click(screen.getByTestId('pool-scope-run'));
    expect(group().map(([name]) => name)).toEqual(['pool', 'chunks', 'view']);
  });

  it('replay controls ask for pause, resume, speed, stop and replay, and show progress', async () => {
    const { host, store } = await opened();
    const last = () => host.sent.at(-1);
    const toggle = screen.getByTestId('replay-toggle');
    expect(toggle.textContent).toBe('Pause');
    fireEvent.click(toggle);
    expect(last()).toMatchObject({ op: 'pause', args: {} });
    expect(toggle.textContent).toBe('Resume');
    fireEvent.click(toggle);
    expect(last()).toMatchObject({ op: 'resume', args: {} });
    fireEvent.change(screen.getByTestId('replay-speed'), { target: { value: '10' } });
    expect(last()).toMatchObject({ op: 'speed', args: { speed: 10 } });
    act(() => store.getState().receive({ type: 'stats', stats: host.stats({ fileBytesRead: 250, fileSize: 1000 }) }));
    expect(screen.getByTestId('replay-progress').getAttribute('data-percent')).toBe('25.0');
    fireEvent.click(screen.getByTestId('replay-stop'));
    expect(last()).toMatchObject({ op: 'stop', args: {} });
    fireEvent.click(screen.getByTestId('replay-restart'));
    expect(last()).toMatchObject({ op: 'replay', args: { speed: 10 } });
    await settle(host);
    expect(store.getState().run?.runId).toBe(2);
  });

  it('opens a path typed in serve mode', () => {
    const { host } = mount();
    fireEvent.change(screen.getByTestId('open-path-input'), { target: { value: '/data/a.pcapng' } });
    fireEvent.click(screen.getByTestId('open-path-submit'));
    expect(host.sent.at(-1)).toMatchObject({ op: 'open', args: { path: '/data/a.pcapng', speed: 'max' } });
  });
});
