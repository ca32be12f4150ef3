import type { WebSocket } from 'ws';
import type { HostTransport } from '../../native-bridge/host/index.js';
import { ProtocolError, decodeClientFrame, encodeHostMessage, type ClientMessage, type HostMessage } from '../../native-bridge/protocol/index.js';

/**
 * A WebSocket as AppHost's transport. Sending copies (the frame is built from the batch's used
 * bytes), so AppHost gives the engine's buffer back as soon as send() returns.
 */
export class WebSocketTransport implements HostTransport {
  readonly copies = true;
  readonly #ws: WebSocket;

  constructor(ws: WebSocket) {
    this.#ws = ws;
  }

  send(message: HostMessage): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    const frame = encodeHostMessage(message);
    this.#ws.send(frame, { binary: typeof frame !== 'string' });
  }

  onMessage(handler: (message: ClientMessage | ProtocolError) => void): void {
    this.#ws.on('message', (data, isBinary) => {
      let m: ClientMessage | ProtocolError;
      try {
        m = decodeClientFrame(isBinary ? new Uint8Array(0) : data.toString());
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        m = e;
      }
      handler(m);
    });
  }

  onClose(handler: () => void): void {
    this.#ws.on('close', handler);
  }

  backlog(): number {
    return this.#ws.bufferedAmount;
  }

  close(): void {
    this.#ws.close();
  }
}
