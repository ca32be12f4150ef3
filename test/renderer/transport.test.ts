import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BatchView } from '../../native-bridge/batch/index.js';
import { NodePortTransport } from '../../native-bridge/host/index.js';
import { encodeHostMessage, type HostMessage, type Reply, type Request } from '../../native-bridge/protocol/index.js';
import { rowText } from '../../renderer/src/store/row-texts.js';
import { createUiStore } from '../../renderer/src/store/ui-store.js';
import {
  ElectronTransport,
  PORT_MESSAGE,
  WebSocketTransport,
  waitForElectronPort,
  webSocketUrl,
} from '../../renderer/src/transport/index.js';
import { until } from '../helpers/wait.js';
import { FakeHost } from './fake-host.js';
import { SAMPLE, SAMPLE_PACKETS, tick } from './helpers.js';

/** Just what WebSocketTransport touches of a browser WebSocket. */
class FakeSocket {
  readyState = 0;
  binaryType = 'blob';
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
}

/** A WebSocketTransport over a FakeSocket, and what it passed on. */
function socketTransport() {
  const sock = new FakeSocket();
  const t = new WebSocketTransport('ws://h/ws?token=t', () => sock as unknown as WebSocket);
  const got: HostMessage[] = [];
  t.subscribe((m) => got.push(m));
  return { sock, t, got };
}

const request = (id: number, op: 'hello'): Request => ({ type: 'request', id, op, args: {} });

describe('renderer transports', () => {
  it('derives the WebSocket URL from the page URL and its token', () => {
    expect(webSocketUrl(new URL('http://127.0.0.1:8123/?token=abc_DEF-1'))).toBe('ws://127.0.0.1:8123/ws?token=abc_DEF-1');
    expect(webSocketUrl(new URL('https://example.test/app/index.html?x=1&token=t#frag'))).toBe('wss://example.test/app/ws?token=t');
    expect(webSocketUrl(new URL('file:///opt/wirepool/index.html'))).toBeUndefined();
    expect(webSocketUrl(new URL('http://127.0.0.1:8123/?token='))).toBeUndefined();
  });

  it('WebSocket: queues requests until open, then sends them as JSON text', () => {
    const { sock, t } = socketTransport();
    expect(sock.binaryType).toBe('arraybuffer');
    t.send(request(1, 'hello'));
    expect(sock.sent).toEqual([]);
    sock.open();
    t.send({ type: 'request', id: 2, op: 'rows', args: { runId: 1, viewId: 0, first: 0, count: 50 } });
    expect(sock.sent.map((m) => JSON.parse(m) as unknown)).toEqual([
      { type: 'request', id: 1, op: 'hello', args: {} },
      { type: 'request', id: 2, op: 'rows', args: { runId: 1, viewId: 0, first: 0, count: 50 } },
    ]);
  });

  it('WebSocket: decodes binary WPF2 frames into replies that carry their buffer', () => {
    const host = new FakeHost();
    const replies: HostMessage[] = [];
    host.connect((m) => replies.push(m));
    host.send({ type: 'request', id: 1, op: 'open', args: { path: SAMPLE } });
    host.send({ type: 'request', id: 2, op: 'rows', args: { runId: 1, viewId: 0, first: 0, count: SAMPLE_PACKETS } });
    host.send({ type: 'request', id: 3, op: 'packet', args: { runId: 1, number: 3 } });
    host.answerAll();
    expect(replies.map((m) => m.type)).toEqual(['run', 'view', 'reply', 'reply', 'reply']);

    const { sock, got } = socketTransport();
    sock.open();
    const frames = replies.map((m) => encodeHostMessage(m));
    // Events and replies without a buffer are text; replies with one (rows, packet) are binary.
    expect(frames.map((f) => typeof f)).toEqual(['string', 'string', 'string', 'object', 'object']);
    for (const data of frames) sock.onmessage!({ data });
    expect(got).toHaveLength(5);
    expect(got.slice(0, 3)).toEqual(replies.slice(0, 3));

    const rows = got[3] as Extract<Reply<'rows'>, { result: unknown }>;
    const sentRows = replies[3] as typeof rows;
    expect(rows).toMatchObject({ type: 'reply', id: 2, op: 'rows', result: { runId: 1, viewId: 0, first: 0, count: SAMPLE_PACKETS } });
    expect(new Uint8Array(rows.result.buffer)).toEqual(new Uint8Array(sentRows.result.buffer));
    // A buffer of its own, readable as a batch: the summaries of `wirepool read`.
    const batch = new BatchView(rows.result.buffer);
    expect(batch.count).toBe(SAMPLE_PACKETS);
    expect(rowText(batch.data(0))).toEqual({
      src: '02:00:00:00:00:01',
      dst: 'ff:ff:ff:ff:ff:ff',
      protocol: 'ARP',
      info: 'Who has 192.0.2.1? Tell 192.0.2.10',
    });

    const packet = got[4] as Extract<Reply<'packet'>, { result: unknown }>;
    const sentPacket = replies[4] as typeof packet;
    expect(packet.result.nodes).toEqual(sentPacket.result.nodes);
    expect(packet.result.sources).toEqual([]);
    expect(new BatchView(packet.result.buffer).data(0)).toEqual(new BatchView(sentPacket.result.buffer).data(0));
  });

  it('WebSocket: a damaged frame or a closed socket is an error message, not an exception', () => {
    const { sock, t, got } = socketTransport();
    sock.open();
    sock.onmessage!({ data: new ArrayBuffer(10) });
    expect(got.at(-1)).toMatchObject({ type: 'error', error: { code: 'PROTOCOL_BAD_FRAME' } });
    sock.onmessage!({ data: JSON.stringify({ type: 'reply', id: 1, op: 'rows', result: { buffer: 1 } }) });
    expect(got.at(-1)).toMatchObject({ type: 'error', error: { code: 'PROTOCOL_BAD_FRAME' } });
    sock.onmessage!({ data: '{"type":"batch"}' });
    expect(got.at(-1)).toMatchObject({ type: 'error', error: { code: 'PROTOCOL_UNKNOWN_TYPE' } });
    sock.onclose!({ code: 1006, reason: '' });
    expect(got.at(-1)).toMatchObject({ type: 'error', error: { code: 'UI_DISCONNECTED', message: expect.stringContaining('code 1006') } });
    const n = got.length;
    t.close();
    sock.onclose!({ code: 1000, reason: 'bye' }); // closed on purpose: not an error
    expect(got).toHaveLength(n);
  });

  it('WebSocket end to end: the store asks, the host answers in frames, the rows are held', async () => {
    const host = new FakeHost();
    const { sock, t } = socketTransport();
    const store = createUiStore({ send: (m) => t.send(m), flushMs: 0 });
    t.subscribe((m) => store.getState().receive(m));
    host.connect((m) => sock.onmessage!({ data: encodeHostMessage(m) }));
    /** The host reads what the page sent (JSON text) and answers everything. */
    const serve = async (): Promise<void> => {
      for (const text of sock.sent.splice(0)) host.send(JSON.parse(text) as Request);
      host.answerAll();
      await tick();
    };
    store.getState().hello();
    store.getState().open(SAMPLE);
    sock.open();
    await serve();
    expect(store.getState()).toMatchObject({ connected: true, run: { runId: 1 }, view: { displayed: SAMPLE_PACKETS } });
    store.getState().setFollow(false);
    store.getState().ensureRows(0, 20);
    await serve();
    expect(store.data.rows.number(19)).toBe(20);
    expect(rowText(store.data.rows.data(2)!).info).toBe('Standard query 0x1234 A www.example.com');
    store.getState().select(2);
    await serve();
    expect(store.getState().detail?.sources[0]?.bytes.length).toBe(75);
    // The socket closes: what still waits fails, and the user is told once.
    store.getState().save('/tmp/x.pcapng');
    sock.onclose!({ code: 1006, reason: '' });
    await tick();
    expect(store.getState().errors.map((e) => e.code)).toEqual(['UI_DISCONNECTED']);
  });

  it('Electron: takes the port the preload posts, then talks over it', async () => {
    const win = new EventTarget();
    const { port1, port2 } = new MessageChannel();
    const waiting = waitForElectronPort(win as unknown as Window);
    const post = (data: unknown, ports: unknown[], source: unknown): void => {
      const e = new Event('message') as Event & { data: unknown; ports: unknown[]; source: unknown };
      Object.assign(e, { data, ports, source });
      win.dispatchEvent(e);
    };
    post('something else', [port2], win); // not ours: ignored
    post(PORT_MESSAGE, [], win); // no port: ignored
    post(PORT_MESSAGE, [port2], win);
    const port = await waiting;
    expect(port).toBe(port2);

    const t = new ElectronTransport(port as unknown as MessagePort);
    const got: HostMessage[] = [];
    t.subscribe((m) => got.push(m));
    const fromUi = new Promise((resolve) => port1.once('message', resolve));
    t.send(request(1, 'hello'));
    expect(await fromUi).toEqual({ type: 'request', id: 1, op: 'hello', args: {} });

    // A rows reply as the host posts it: the buffer arrives as the renderer's own ArrayBuffer.
    const host = new FakeHost();
    const replies: HostMessage[] = [];
    host.connect((m) => replies.push(m));
    host.send({ type: 'request', id: 1, op: 'open', args: { path: SAMPLE } });
    host.send({ type: 'request', id: 2, op: 'rows', args: { runId: 1, viewId: 0, first: 10, count: 5 } });
    host.answerAll();
    const rows = replies.at(-1) as Extract<Reply<'rows'>, { result: unknown }>;
    const arrived = new Promise<void>((resolve) => t.subscribe(() => resolve()));
    port1.postMessage(rows, [rows.result.buffer]);
    await arrived;
    const back = got[0] as typeof rows;
    expect(back).toMatchObject({ type: 'reply', id: 2, op: 'rows', result: { first: 10, count: 5 } });
    expect(back.result.buffer).toBeInstanceOf(ArrayBuffer);
    expect(new BatchView(back.result.buffer).packet(0).number).toBe(11);

    // Something that is not a protocol message is reported, not passed on as one.
    const bad = new Promise<void>((resolve) => t.subscribe(() => resolve()));
    port1.postMessage('hello?');
    await bad;
    expect(got.at(-1)).toMatchObject({ type: 'error', error: { code: 'PROTOCOL_NOT_OBJECT' } });
    t.close();
    port1.close();
  });

  it('Electron: acknowledges each message from the host once its subscribers have it, a damaged one too', async () => {
    const { port1, port2 } = new MessageChannel();
    const order: string[] = [];
    // What the page posts, in order with what it handled (the port's own postMessage, logged).
    const post = port2.postMessage.bind(port2);
    port2.postMessage = (m: unknown) => {
      order.push(`ack ${(m as { read: number }).read}`);
      post(m);
    };
    const t = new ElectronTransport(port2 as unknown as MessagePort);
    t.subscribe((m) => order.push(`handled ${m.type}`));
    const fromUi: unknown[] = [];
    port1.on('message', (m: unknown) => fromUi.push(m));
    port1.postMessage({ type: 'view', view: { runId: 1, viewId: 0, packets: 1, displayed: 1, scanned: 1 } });
    port1.postMessage('not a protocol message');
    port1.postMessage({ type: 'error', error: { code: 'X', message: 'x' } });
    await until(() => fromUi.length === 3);
    // Counted from the port's start, each after the page handled the message: a read count that only grows.
    expect(fromUi).toEqual([
      { type: 'ack', read: 1 },
      { type: 'ack', read: 2 },
      { type: 'ack', read: 3 },
    ]);
    expect(order).toEqual(['handled view', 'ack 1', 'handled error', 'ack 2', 'handled error', 'ack 3']);
    t.close();
    port1.close();
  });

  it("Electron: the page's acknowledgements bring the host port's backlog back to nothing", async () => {
    const { port1, port2 } = new MessageChannel();
    const host = new NodePortTransport(port1);
    host.onMessage(() => {});
    const t = new ElectronTransport(port2 as unknown as MessagePort);
    const got: HostMessage[] = [];
    t.subscribe((m) => got.push(m));
    const rows = new FakeHost();
    const replies: HostMessage[] = [];
    rows.connect((m) => replies.push(m));
    rows.send({ type: 'request', id: 1, op: 'open', args: { path: SAMPLE } });
    rows.send({ type: 'request', id: 2, op: 'rows', args: { runId: 1, viewId: 0, first: 0, count: SAMPLE_PACKETS } });
    rows.answerAll();
    for (let k = 0; k < 50; k++) for (const m of replies) host.send(m);
    expect(host.backlog()).toBeGreaterThan(50 * replies.length * 40);
    await until(() => got.length === 50 * replies.length);
    expect(await until(() => host.backlog() === 0)).toBe(true);
    expect(host.inFlight()).toMatchObject({ bytes: 0, messages: 0 });
    t.close();
    port1.close();
  });
});
