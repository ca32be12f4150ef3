import type { MessagePortMain } from 'electron';
import { BatchView } from '../native-bridge/batch/index.js';
import { EndpointTransport } from '../native-bridge/host/index.js';
import { parseClientMessage, type ClientMessage, type HostMessage } from '../native-bridge/protocol/index.js';

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
export class MessagePortMainTransport extends EndpointTransport<MessagePortMain> {
  readonly copies = true;

  send(message: HostMessage): void {
    if (message.type === 'batch') {
      const used = new BatchView(message.buffer).usedBytes;
      if (used * 2 < message.buffer.byteLength) message = { ...message, buffer: message.buffer.slice(0, used) };
    }
    this.endpoint.postMessage(message);
  }

  protected listen(receive: (decode: () => ClientMessage) => void): void {
    this.endpoint.on('message', (e) => receive(() => parseClientMessage(e.data)));
    this.endpoint.start();
  }
}
