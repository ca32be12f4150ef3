import type { MessagePortMain } from 'electron';
import { BatchView } from '../native-bridge/batch/index.js';
import type { HostTransport } from '../native-bridge/host/index.js';
import {
  parseClientMessage,
  validated,
  type ClientMessage,
  type HostMessage,
  type ProtocolError,
} from '../native-bridge/protocol/index.js';

/**
 * Electron's MessagePortMain as AppHost's transport. It transfers only ports, so postMessage
 * structured-clones a batch (the one copy Electron makes on the way to the renderer) before it
 * returns: AppHost gives the engine's buffer back right after. A batch filling less than half
 * of its pooled buffer is cut to its used bytes first, so the renderer (which keeps batches
 * under a memory budget) never holds more than twice the bytes that matter. Sparse batches
 * come from a trickle, where the extra copy costs nothing that matters; under a flood batches
 * are full and go as they are (bench/app-path.ts: a clone of 63 KiB takes ~8 µs of the main
 * thread, a fresh ArrayBuffer per batch ~100 µs).
 */
export class MessagePortMainTransport implements HostTransport {
  readonly copies = true;
  readonly #port: MessagePortMain;

  constructor(port: MessagePortMain) {
    this.#port = port;
  }

  send(message: HostMessage): void {
    if (message.type === 'batch') {
      const used = new BatchView(message.buffer).usedBytes;
      if (used * 2 < message.buffer.byteLength) message = { ...message, buffer: message.buffer.slice(0, used) };
    }
    this.#port.postMessage(message);
  }

  onMessage(handler: (message: ClientMessage | ProtocolError) => void): void {
    this.#port.on('message', (e) => handler(validated(() => parseClientMessage(e.data))));
    this.#port.start();
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
