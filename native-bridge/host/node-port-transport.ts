import type { MessagePort } from 'node:worker_threads';
import type { HostMessage } from '../protocol/index.js';
import { PortTransport } from './port-transport.js';

/**
 * A worker_threads MessagePort as a transport: the stand-in for Electron's MessagePortMain in
 * the tests and the app-path bench (the UI side holds the other port and acknowledges what it
 * reads, as the renderer does). By default the port structured-clones each batch (the engine's
 * buffer, copied while postMessage runs), as Electron's MessagePortMain does. With `transfer:
 * true` AppHost copies the used bytes into a new ArrayBuffer and the port transfers that:
 * bench/app-path.ts measures it several times slower per batch on Node 20 (a fresh ArrayBuffer
 * per batch costs more than the clone's copy into the message).
 */
export class NodePortTransport extends PortTransport<MessagePort> {
  readonly copies: boolean;

  constructor(port: MessagePort, options: { transfer?: boolean } = {}) {
    super(port);
    this.copies = !(options.transfer ?? false);
  }

  protected post(message: HostMessage, transfer?: ArrayBuffer[]): void {
    this.endpoint.postMessage(message, this.copies ? undefined : transfer);
  }

  protected listen(receive: (read: () => unknown) => void): void {
    this.endpoint.on('message', (data: unknown) => receive(() => data));
  }
}
