import { BatchView } from '../batch/index.js';
import { type Ack, type HostMessage, resultBuffer } from '../protocol/index.js';
import { type Endpoint, EndpointTransport } from './endpoint-transport.js';
import { InFlight, messageBytes } from './in-flight.js';

/**
 * A message port as AppHost's transport: Electron's MessagePortMain (electron/port-transport.ts)
 * or a worker_threads port (NodePortTransport: the tests and the app-path stand-in). What an
 * adapter says is how it posts and how it hears; the rest is here, so it runs under Node's own
 * MessageChannel exactly as in the app.
 *
 * Backpressure: postMessage never refuses and queues at the UI's end, where the host cannot
 * look (a socket has bufferedAmount; a port has nothing). So the UI acknowledges each message it
 * has handled (protocol `Ack`), and backlog() is the bytes posted and not acknowledged
 * (`InFlight`). AppHost's flow control then works as over a socket: past the high-water mark it
 * holds the UI's rows and packet requests (the engine makes no more buffers for it) and keeps
 * only the newest stats and view event, until the backlog is down to half. A UI that stops
 * acknowledging holds the host at the mark: what waits for it stays bounded.
 *
 * A cloning port (`copies`) copies the whole pooled buffer: one filling less than half of it is
 * cut to its used bytes first, so the renderer (which keeps batches under a memory budget)
 * never holds more than twice the bytes that matter. Sparse batches come from a trickle, where
 * the extra copy costs nothing that matters; under a flood batches are full and go as they are
 * (bench/app-path.ts: a clone of 63 KiB takes ~8 µs of the main thread, a fresh ArrayBuffer per
 * batch ~100 µs).
 */
export abstract class PortTransport<E extends Endpoint> extends EndpointTransport<E> {
  readonly #inFlight = new InFlight();

  send(message: HostMessage, transfer?: ArrayBuffer[]): void {
    const m = this.copies ? cutToUsed(message) : message;
    const bytes = messageBytes(m); // before posting: a transferred buffer is empty afterwards
    this.post(m, transfer);
    this.#inFlight.add(bytes);
  }

  /** Posts one message (with `transfer` when the port transfers). */
  protected abstract post(message: HostMessage, transfer?: ArrayBuffer[]): void;

  /** Bytes posted that the UI has not acknowledged. */
  override backlog(): number {
    return this.#inFlight.bytes;
  }

  /** Messages and bytes in flight now, and the most at once so far. */
  inFlight(): { bytes: number; messages: number; peak: { bytes: number; messages: number } } {
    const f = this.#inFlight;
    return { bytes: f.bytes, messages: f.messages, peak: f.peak };
  }

  protected override acknowledged(ack: Ack): void {
    this.#inFlight.ack(ack.read);
  }
}

/** A reply whose buffer fills less than half of it, with the buffer cut to its used bytes. */
function cutToUsed(message: HostMessage): HostMessage {
  const buffer = message.type === 'reply' ? resultBuffer(message) : undefined;
  if (buffer === undefined || !('result' in message) || buffer.byteLength === 0) return message;
  const used = new BatchView(buffer).usedBytes;
  if (used * 2 >= buffer.byteLength) return message;
  return { ...message, result: { ...message.result, buffer: buffer.slice(0, used) } } as HostMessage;
}
