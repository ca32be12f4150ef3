import type { MessagePort } from 'node:worker_threads';
import { ProtocolError, parseClientMessage, type ClientMessage, type HostMessage } from '../protocol/index.js';
import type { HostTransport } from './transport.js';

/**
 * A worker_threads MessagePort as a transport. Used by the path bench and the tests; the UI
 * side holds the other port, as a renderer holds the other end of Electron's MessageChannelMain.
 * By default batches are transferred (no copy by the port), so AppHost sends a copy of the used
 * bytes; with `clone: true` the port structured-clones the engine's buffer, as Electron's
 * MessagePortMain does (it cannot transfer ArrayBuffers).
 */
export class NodePortTransport implements HostTransport {
  readonly copies: boolean;
  readonly #port: MessagePort;

  constructor(port: MessagePort, options: { clone?: boolean } = {}) {
    this.#port = port;
    this.copies = options.clone ?? false;
  }

  send(message: HostMessage, transfer?: ArrayBuffer[]): void {
    this.#port.postMessage(message, this.copies ? undefined : transfer);
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
