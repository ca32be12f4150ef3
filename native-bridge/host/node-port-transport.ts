import type { MessagePort } from 'node:worker_threads';
import { parseClientMessage, validated, type ClientMessage, type HostMessage, type ProtocolError } from '../protocol/index.js';
import type { HostTransport } from './transport.js';

/**
 * A worker_threads MessagePort as a transport. Used by the path bench and the tests; the UI
 * side holds the other port, as a renderer holds the other end of Electron's MessageChannelMain.
 * By default the port structured-clones each batch (the engine's buffer, copied while
 * postMessage runs), as Electron's MessagePortMain does. With `transfer: true` AppHost copies
 * the used bytes into a new ArrayBuffer and the port transfers that: bench/app-path.ts measures
 * it several times slower per batch on Node 20 (a fresh ArrayBuffer per batch costs more than
 * the clone's copy into the message).
 */
export class NodePortTransport implements HostTransport {
  readonly copies: boolean;
  readonly #port: MessagePort;

  constructor(port: MessagePort, options: { transfer?: boolean } = {}) {
    this.#port = port;
    this.copies = !(options.transfer ?? false);
  }

  send(message: HostMessage, transfer?: ArrayBuffer[]): void {
    this.#port.postMessage(message, this.copies ? undefined : transfer);
  }

  onMessage(handler: (message: ClientMessage | ProtocolError) => void): void {
    this.#port.on('message', (data: unknown) => {
      handler(validated(() => parseClientMessage(data)));
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
