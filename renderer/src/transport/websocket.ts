import { decodeHostFrame, type HostMessage, type Request } from '../../../native-bridge/protocol/index.js';
import { Listeners, type Transport } from './types.js';

/** The WebSocket URL of serve mode for this page: same host, path /ws, the page's token. */
export function webSocketUrl(location: Location | URL): string | undefined {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token === null || token === '') return undefined;
  const ws = new URL('ws', url);
  ws.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  ws.search = '';
  ws.hash = '';
  ws.searchParams.set('token', token);
  return ws.href;
}

/**
 * Serve mode's transport: text frames carry JSON messages, binary frames carry replies with a buffer (row batches, a packet's bytes)
 * (native-bridge/protocol/framing.ts decodes and validates them). Messages sent before the
 * socket opens wait in a queue.
 */
export class WebSocketTransport implements Transport {
  readonly kind = 'websocket';
  readonly #ws: WebSocket;
  readonly #listeners = new Listeners();
  readonly #queue: string[] = [];
  #closing = false;

  constructor(url: string, make: (url: string) => WebSocket = (u) => new WebSocket(u)) {
    const ws = make(url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      for (const m of this.#queue.splice(0)) ws.send(m);
    };
    ws.onmessage = (e: MessageEvent) => {
      let msg: HostMessage;
      try {
        msg = decodeHostFrame(e.data as string | ArrayBuffer);
      } catch (err) {
        const x = err as { code?: string; message?: string };
        this.#listeners.error(x.code ?? 'PROTOCOL_BAD_FRAME', x.message ?? String(err));
        return;
      }
      this.#listeners.emit(msg);
    };
    ws.onclose = (e: CloseEvent) => {
      if (this.#closing) return;
      this.#listeners.error(
        'UI_DISCONNECTED',
        `the connection to the Wirepool host closed (code ${e.code}${e.reason ? `: ${e.reason}` : ''})`,
        'is `wirepool serve` still running? Reload the page with the URL it printed (with its token)',
      );
    };
    this.#ws = ws;
  }

  send(msg: Request): void {
    const text = JSON.stringify(msg);
    if (this.#ws.readyState === 1) this.#ws.send(text);
    else if (this.#ws.readyState === 0) this.#queue.push(text);
  }

  subscribe(listener: (msg: HostMessage) => void): () => void {
    return this.#listeners.add(listener);
  }

  close(): void {
    this.#closing = true;
    this.#ws.close();
  }
}
