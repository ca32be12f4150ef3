import type { MessagePortMain } from 'electron';
import { BatchView } from '../native-bridge/batch/index.js';
import { EndpointTransport } from '../native-bridge/host/index.js';
import { resultBuffer, type HostMessage } from '../native-bridge/protocol/index.js';

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
    const buffer = message.type === 'reply' ? resultBuffer(message) : undefined;
    if (buffer !== undefined && 'result' in message) {
      // The clone copies the whole buffer: a pooled buffer mostly unused is cut to its used bytes first.
      const used = new BatchView(buffer).usedBytes;
      if (used * 2 < buffer.byteLength)
        message = { ...message, result: { ...message.result, buffer: buffer.slice(0, used) } } as HostMessage;
    }
    this.endpoint.postMessage(message);
  }

  protected listen(receive: (read: () => unknown) => void): void {
    this.endpoint.on('message', (e) => receive(() => e.data));
    this.endpoint.start();
  }
}
