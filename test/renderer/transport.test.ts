import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { encodeHostMessage, type HostMessage } from '../../native-bridge/protocol/index.js';
import {
  ElectronTransport,
  PORT_MESSAGE,
  WebSocketTransport,
  waitForElectronPort,
  webSocketUrl,
} from '../../renderer/src/transport/index.js';
import { sampleBatches } from './helpers.js';

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

describe('renderer transports', () => {
  it('derives the WebSocket URL from the page URL and its token', () => {
    expect(webSocketUrl(new URL('http://127.0.0.1:8123/?token=abc_DEF-1'))).toBe('ws://127.0.0.1:8123/ws?token=abc_DEF-1');
    expect(webSocketUrl(new URL('https://example.test/app/index.html?x=1&token=t#frag'))).toBe('wss://example.test/app/ws?token=t');
    expect(webSocketUrl(new URL('file:///opt/wirepool/index.html'))).toBeUndefined();
    expect(webSocketUrl(new URL('http://127.0.0.1:8123/?token='))).toBeUndefined();
  });

  it('WebSocket: queues until open, decodes text and binary (batch) frames from the host framing', () => {
    const sock = new FakeSocket();
    const t = new WebSocketTransport('ws://h/ws?token=t', () => sock as unknown as WebSocket);
    expect(sock.binaryType).toBe('arraybuffer');
    const got: HostMessage[] = [];
    t.subscribe((m) => got.push(m));
    t.send({ type: 'hello' });
    expect(sock.sent).toEqual([]);
    sock.open();
    expect(sock.sent).toEqual(['{"type":"hello"}']);

    const { batches } = sampleBatches(7);
    const b = batches[1]!;
    sock.onmessage!({
      data: encodeHostMessage({ type: 'run', runId: 7, source: { kind: 'replay', name: 'x', interfaces: [] }, speed: 'max' }),
    });
    sock.onmessage!({ data: encodeHostMessage({ ...b, refetch: true }) });
    expect(got.map((m) => m.type)).toEqual(['run', 'batch']);
    const batch = got[1] as Extract<HostMessage, { type: 'batch' }>;
    expect(batch).toMatchObject({ runId: 7, first: b.first, count: b.count, refetch: true });
    expect(new Uint8Array(batch.buffer)).toEqual(new Uint8Array(b.buffer));

    // A damaged frame becomes a readable error, not an exception in the socket handler.
    sock.onmessage!({ data: new ArrayBuffer(10) });
    expect(got.at(-1)).toMatchObject({ type: 'error', about: 'host', error: { code: 'PROTOCOL_BAD_FRAME' } });
    sock.onclose!({ code: 1006, reason: '' });
    expect(got.at(-1)).toMatchObject({ type: 'error', error: { code: 'UI_DISCONNECTED' } });
  });

  it('Electron: takes the port the preload posts, then talks over it', async () => {
    const win = new EventTarget() as EventTarget & { dispatch(data: unknown, ports: unknown[], source: unknown): void };
    const { port1, port2 } = new MessageChannel();
    const waiting = waitForElectronPort(win as unknown as Window);
    const send = (data: unknown, ports: unknown[], source: unknown): void => {
      const e = new Event('message') as Event & { data: unknown; ports: unknown[]; source: unknown };
      Object.assign(e, { data, ports, source });
      win.dispatchEvent(e);
    };
    send('something else', [port2], win); // not ours: ignored
    send(PORT_MESSAGE, [], win); // no port: ignored
    send(PORT_MESSAGE, [port2], win);
    const port = await waiting;
    expect(port).toBe(port2);

    const t = new ElectronTransport(port as unknown as MessagePort);
    const got: HostMessage[] = [];
    t.subscribe((m) => got.push(m));
    const fromUi = new Promise((resolve) => port1.once('message', resolve));
    t.send({ type: 'interfaces' });
    expect(await fromUi).toEqual({ type: 'interfaces' });
    const arrived = new Promise<void>((resolve) => t.subscribe(() => resolve()));
    port1.postMessage({ type: 'welcome', protocol: 1, version: '0', capture: { available: false, reason: 'r' }, desktop: true });
    await arrived;
    expect(got).toEqual([{ type: 'welcome', protocol: 1, version: '0', capture: { available: false, reason: 'r' }, desktop: true }]);
    t.close();
    port1.close();
  });
});
