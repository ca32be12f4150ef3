import type { WebSocket } from 'ws';
import type { HostTransport } from '../../native-bridge/host/index.js';
import {
  decodeClientFrame,
  encodeHostMessage,
  validated,
  type ClientMessage,
  type HostMessage,
  type ProtocolError,
} from '../../native-bridge/protocol/index.js';

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
      handler(validated(() => decodeClientFrame(isBinary ? new Uint8Array(0) : data.toString())));
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
