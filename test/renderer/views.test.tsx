// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientMessage } from '../../native-bridge/protocol/index.js';
import { createUiStore, type UiStore } from '../../renderer/src/store/ui-store.js';
import { StoreProvider } from '../../renderer/src/store/react.js';
import { App } from '../../renderer/src/views/App.js';
import { runStats, sampleBatches, sampleSource } from './helpers.js';

// jsdom does no layout: every element measures 0×0, so the virtualizer would think the list
// has no room and render no rows. The list's scroll element is given a 440 px viewport
// (20 rows of 22 px) for these tests; nothing else depends on sizes.
const VIEWPORT = 440;
const saved = {
  clientHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
  clientWidth: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth'),
};
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => VIEWPORT });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 900 });
  // jsdom has no scrolling; the virtualizer's scrollToIndex calls these.
  HTMLElement.prototype.scrollTo ??= () => {};
  HTMLElement.prototype.scrollIntoView ??= () => {};
});
afterAll(() => {
  for (const [k, d] of Object.entries(saved)) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
});
afterEach(cleanup);

function mount(opts: { capture?: boolean } = {}) {
  const sent: ClientMessage[] = [];
  const store: UiStore = createUiStore({ send: (m) => sent.push(m), flushMs: 0 });
  render(
    <StoreProvider store={store}>
      <App transport="websocket" />
    </StoreProvider>,
  );
  const { batches, pool, packets } = sampleBatches();
  act(() => {
    store.getState().receive({
      type: 'welcome',
      protocol: 1,
      version: '0.1.0',
      capture: opts.capture ? { available: true } : { available: false, reason: 'libpcap is not installed' },
      desktop: false,
    });
    store.getState().receive({ type: 'run', runId: 1, source: sampleSource(), speed: 'max' });
    for (const b of batches) store.getState().receive(b);
    store.getState().setFollow(false);
  });
  return { store, sent, pool, packets, batches };
}

const rowsShown = () => screen.getAllByTestId('packet-row');
const cells = (row: HTMLElement) => Array.from(row.children).map((c) => c.textContent);

describe('renderer views', () => {
  it('lists the sample capture as `wirepool read` does, rendering only the rows on screen', () => {
    const { packets } = mount();
    expect(screen.getByTestId('packet-count').textContent).toBe(String(packets));
    expect(screen.getByTestId('packet-list').getAttribute('aria-rowcount')).toBe('113');
    const rows = rowsShown();
    // Virtualized: 20 rows fit, plus overscan; never all 113.
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(rows.length).toBeLessThan(60);
    // No, Time (relative), Source, Destination, Protocol, Length, Info — the first and third
    // lines of `wirepool read samples/sample.pcapng`.
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
  });

  it('switches the time column between absolute, relative and delta', () => {
    mount();
    const time = () => rowsShown()[2]!.children[1]!.textContent;
    fireEvent.change(screen.getByTestId('time-format'), { target: { value: 'absolute' } });
    expect(time()).toBe('2026-01-01 00:00:00.001301424');
    fireEvent.change(screen.getByTestId('time-format'), { target: { value: 'delta' } });
    expect(time()).toBe('0.001000'); // 1767225600.001301424 − 1767225600.000300763
  });

  it('fills the detail tree and hex pane for a selected row, and links them both ways', () => {
    mount();
    fireEvent.mouseDown(rowsShown()[2]!); // frame 3, the DNS query
    const tree = screen.getByTestId('detail-tree');
    const top = within(tree)
      .getAllByTestId('detail-node')
      .map((n) => n.getAttribute('data-field'));
    expect(top).toEqual(['frame', 'eth', 'ip', 'udp', 'dns']);
    expect(within(tree).getAllByTestId('detail-node')[0]!.textContent).toContain('Frame 3: 75 bytes on wire');
    const hex = screen.getByTestId('hex-pane');
    expect(within(hex).getAllByTestId('hex-byte')).toHaveLength(75);
    expect(within(hex).getAllByTestId('hex-byte')[12]!.textContent).toBe('08');

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
    const lit = within(hex)
      .getAllByTestId('hex-byte')
      .filter((b) => b.getAttribute('data-selected') === 'true')
      .map((b) => Number(b.getAttribute('data-offset')));
    expect(lit).toEqual([26, 27, 28, 29]);

    // Hex → tree: a byte of the UDP destination port selects that field (the innermost one),
    // opening its protocol.
    fireEvent.click(within(hex).getAllByTestId('hex-byte')[36]!);
    const sel = within(tree)
      .getAllByTestId('detail-node')
      .filter((n) => n.getAttribute('aria-selected') === 'true');
    expect(sel.map((n) => n.getAttribute('data-field'))).toEqual(['udp.dstport']);
    expect(sel[0]!.textContent).toContain('53');
    const lit2 = within(hex)
      .getAllByTestId('hex-byte')
      .filter((b) => b.getAttribute('data-selected') === 'true')
      .map((b) => Number(b.getAttribute('data-offset')));
    expect(lit2).toEqual([36, 37]);

    // Another packet keeps the same protocols open (IPv4, UDP), as Wireshark does; the new
    // packet's selection starts empty.
    fireEvent.mouseDown(rowsShown()[4]!); // frame 5, TCP SYN
    const fields = within(screen.getByTestId('detail-tree'))
      .getAllByTestId('detail-node')
      .map((n) => n.getAttribute('data-field'));
    expect(fields).toContain('ip.src');
    expect(fields).toContain('tcp');
    expect(fields).not.toContain('tcp.srcport'); // TCP was never opened
    expect(
      within(screen.getByTestId('hex-pane'))
        .getAllByTestId('hex-byte')
        .filter((b) => b.getAttribute('data-selected') === 'true'),
    ).toEqual([]);
  });

  it('renders only the visible lines of a large packet in the hex pane', () => {
    const { store } = mount();
    act(() => store.getState().select(93)); // frame 94: a 60054-byte TCP segment on loopback
    const hex = screen.getByTestId('hex-pane');
    expect(hex.getAttribute('data-length')).toBe('60054');
    const shown = within(hex).getAllByTestId('hex-byte');
    expect(shown.length).toBeGreaterThan(16 * 20);
    expect(shown.length).toBeLessThan(16 * 60); // 3754 lines in all
    expect(shown[0]!.getAttribute('data-offset')).toBe('0');
  });

  it('moves the selection with the keyboard', () => {
    const { store } = mount();
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
    expect(store.getState().selected).toBe(112);
    fireEvent.keyDown(list, { key: 'Home' });
    expect(store.getState().selected).toBe(0);
    fireEvent.keyDown(list, { key: 'PageDown' });
    expect(store.getState().selected).toBe(VIEWPORT / 22 - 1);
  });

  it('shows a bad display filter with its column as you type, and sends a good one', () => {
    const { sent } = mount();
    const box = screen.getByTestId('display-filter');
    fireEvent.change(box, { target: { value: 'ip.src == 10.0.0.1 &&' } });
    const err = screen.getByTestId('display-filter-error');
    // The missing operand is just past the end: column 22 of a 21-character filter.
    expect(err.getAttribute('data-column')).toBe('22');
    expect(err.textContent).toContain('column 22');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(box, { target: { value: 'ip.srcc == 1.2.3.4' } });
    expect(screen.getByTestId('display-filter-error').textContent).toMatch(/"ip\.srcc" is not a field/);
    fireEvent.change(box, { target: { value: 'dns' } });
    expect(screen.queryByTestId('display-filter-error')).toBeNull();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(sent.at(-1)).toEqual({ type: 'replay', speed: 'max', filter: 'dns' });
  });

  it('shows non-zero pool hits and the hit rate from a real pool stats snapshot', () => {
    const { store, pool } = mount();
    const stats = runStats(pool, { packets: 113, at: 1000, seconds: 0.25 });
    act(() => {
      store.getState().receive({ type: 'stats', stats });
      store.getState().receive({ type: 'stats', stats: { ...stats, at: 1250, seconds: 0.5 } });
    });
    const rate = screen.getByTestId('hit-rate');
    expect(Number(rate.getAttribute('data-value'))).toBeCloseTo(pool.stats().hitRate);
    expect(Number(rate.getAttribute('data-value'))).toBeGreaterThan(0);
    const hits = screen.getAllByTestId('pool-tier-row').map((r) => Number(r.querySelector('[data-col="hits"]')!.textContent));
    expect(hits).toEqual(pool.stats().tiers.map((t) => t.hits));
    expect(hits.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(screen.getAllByTestId('pool-chart').map((c) => c.getAttribute('data-chart'))).toEqual([
      'rates',
      'cumulative',
      'buffers',
      'bytes',
    ]);
    expect(screen.getByTestId('stat-packets').textContent).toBe('113');
  });

  it('shows errors as dismissable banners and capture as unavailable with the reason', () => {
    const { store } = mount();
    expect(screen.getByTestId('capture-unavailable').textContent).toContain('libpcap is not installed');
    expect((screen.getByTestId('capture-start') as HTMLButtonElement).disabled).toBe(true);
    act(() => {
      store.getState().receive({
        type: 'error',
        about: 'open',
        error: { code: 'CAPTURE_BAD_MAGIC', message: '/tmp/x.pcap: not a pcap or pcapng file', hint: 'is it a capture file?' },
      });
    });
    const banner = screen.getByTestId('error-banner');
    expect(banner.getAttribute('data-code')).toBe('CAPTURE_BAD_MAGIC');
    expect(within(banner).getByTestId('error-message').textContent).toBe('/tmp/x.pcap: not a pcap or pcapng file — is it a capture file?');
    fireEvent.click(within(banner).getByTestId('error-dismiss'));
    expect(screen.queryByTestId('error-banner')).toBeNull();
  });

  it('replay controls send pause, resume, speed, stop and replay, and show progress', () => {
    const { store, sent, pool } = mount();
    const toggle = screen.getByTestId('replay-toggle');
    expect(toggle.textContent).toBe('Pause');
    fireEvent.click(toggle);
    expect(sent.at(-1)).toEqual({ type: 'pause' });
    expect(toggle.textContent).toBe('Resume');
    fireEvent.click(toggle);
    expect(sent.at(-1)).toEqual({ type: 'resume' });
    fireEvent.change(screen.getByTestId('replay-speed'), { target: { value: '10' } });
    expect(sent.at(-1)).toEqual({ type: 'speed', speed: 10 });
    act(() => store.getState().receive({ type: 'stats', stats: runStats(pool, { fileBytesRead: 250, fileSize: 1000 }) }));
    expect(screen.getByTestId('replay-progress').getAttribute('data-percent')).toBe('25.0');
    fireEvent.click(screen.getByTestId('replay-stop'));
    expect(sent.at(-1)).toEqual({ type: 'stop' });
    fireEvent.click(screen.getByTestId('replay-restart'));
    expect(sent.at(-1)).toEqual({ type: 'replay', speed: 10 });
  });

  it('opens a path typed in serve mode', () => {
    const { sent } = mount();
    fireEvent.change(screen.getByTestId('open-path-input'), { target: { value: '/data/a.pcapng' } });
    fireEvent.click(screen.getByTestId('open-path-submit'));
    expect(sent.at(-1)).toEqual({ type: 'open', path: '/data/a.pcapng', speed: 'max' });
  });

  it('follows new packets until the user scrolls away, and again once back at the bottom', () => {
    const store = createUiStore({ send: () => {}, flushMs: 0 });
    render(
      <StoreProvider store={store}>
        <App transport="websocket" />
      </StoreProvider>,
    );
    const { batches } = sampleBatches();
    const half = batches.filter((b) => b.first < 50);
    act(() => {
      store.getState().receive({ type: 'run', runId: 1, source: sampleSource(), speed: 'max' });
      for (const b of half) store.getState().receive(b);
    });
    const list = screen.getByTestId('packet-list');
    const rows = store.getState().rows;
    expect(rows).toBeGreaterThan(20);
    expect(list.scrollTop).toBe(rows * 22 - VIEWPORT); // at the bottom
    fireEvent.scroll(list); // the event of our own scrolling: still following
    expect(store.getState().follow).toBe(true);
    list.scrollTop = 100; // the user scrolls up
    fireEvent.scroll(list);
    expect(store.getState().follow).toBe(false);
    expect((screen.getByTestId('follow-toggle') as HTMLInputElement).checked).toBe(false);
    act(() => {
      for (const b of batches.filter((b) => b.first >= 50)) store.getState().receive(b);
    });
    expect(list.scrollTop).toBe(100); // stays where the user is
    list.scrollTop = 113 * 22 - VIEWPORT; // back at the bottom
    fireEvent.scroll(list);
    expect(store.getState().follow).toBe(true);
  });

  it('shows placeholders for evicted rows and fills them when the refetch arrives', () => {
    const sent: ClientMessage[] = [];
    const { batches } = sampleBatches(1, 8);
    const store = createUiStore({ send: (m) => sent.push(m), flushMs: 0, budget: 1 });
    render(
      <StoreProvider store={store}>
        <App transport="websocket" />
      </StoreProvider>,
    );
    act(() => {
      store.getState().receive({ type: 'run', runId: 1, source: sampleSource(), speed: 'max' });
      for (const b of batches) store.getState().receive(b);
      store.getState().setFollow(false);
    });
    // Budget of 1 byte: only the last batch is held, the top rows are fetched again.
    expect(screen.getAllByTestId('packet-placeholder').length).toBeGreaterThan(10);
    const fetch = sent.find((m) => m.type === 'fetch');
    expect(fetch).toMatchObject({ type: 'fetch', runId: 1, first: 0 });
    act(() => store.getState().receive({ ...batches[0]!, refetch: true, buffer: batches[0]!.buffer.slice(0) }));
    expect(cells(rowsShown()[0]!)[4]).toBe('ARP');
  });
});
