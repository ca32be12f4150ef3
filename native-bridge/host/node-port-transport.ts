import type { MessagePort } from 'node:worker_threads';
import { ProtocolError, parseClientMessage, type ClientMessage, type HostMessage } from '../protocol/index.js';
import type { HostTransport } from './transport.js';

/**
 * A worker_threads MessagePort as a transport: batches are transferred (no copy by the port),
 * so AppHost sends a copy of the used bytes. Used by the path bench and the tests; the UI side
 * holds the other port, as a renderer holds the other end of Electron's MessageChannelMain.
 */
export class NodePortTransport implements HostTransport {
  readonly copies = false;
  readonly #port: MessagePort;

  constructor(port: MessagePort) {
    this.#port = port;
  }

  send(message: HostMessage, transfer?: ArrayBuffer[]): void {
    this.#port.postMessage(message, transfer);
  }

  onMessage(handler: (message: ClientMessage | ProtocolError) => void): void {
    this.#port.on('message', (data: unknown) => {
      let m: ClientMessage | ProtocolError;
      try {
        m = parseClientMessage(data);
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        m = e;
      }
      handler(m);
    });
  }

  onClose(handler: () => void): void {
    this.#port.on('close', handler);
  }

  backlog(): number {
    return 0;
  }

  close(): void {
    this.#port.close();
  }
}
