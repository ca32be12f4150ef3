/**
 * What a port transport posted that its UI has not acknowledged yet: the messages in order, with
 * the bytes each is reckoned to take while it waits at the UI's end. The UI acknowledges by
 * count (Ack.read: messages read since the port opened), so an acknowledgement pops the oldest.
 *
 *   posted:  m1 m2 m3 m4 m5 m6          add(bytes) per message posted
 *            └─ read ─┘└ in flight ┘    ack(3): m1..m3 leave; bytes = m4 + m5 + m6
 *
 * No I/O, no timers: PortTransport feeds it, and the app-path stand-in and tests read it.
 */
import { type HostMessage, ProtocolError, resultBuffer } from '../protocol/index.js';

export class InFlight {
  /** Sizes of the messages posted and not acknowledged, oldest first from #head. */
  #sizes: number[] = [];
  #head = 0;
  #posted = 0;
  #read = 0;
  #bytes = 0;
  #peakBytes = 0;
  #peakMessages = 0;

  /** A message of `bytes` was posted. */
  add(bytes: number): void {
    this.#sizes.push(bytes);
    this.#posted++;
    this.#bytes += bytes;
    if (this.#bytes > this.#peakBytes) this.#peakBytes = this.#bytes;
    if (this.messages > this.#peakMessages) this.#peakMessages = this.messages;
  }

  /**
   * The UI has read `read` messages in all. A count that goes backwards or past what was posted is
   * a ProtocolError (the UI counts wrong; nothing changes).
   */
  ack(read: number): void {
    if (read < this.#read || read > this.#posted)
      throw new ProtocolError(
        'PROTOCOL_OUT_OF_RANGE',
        'ack.read',
        `${read} is outside ${this.#read}..${this.#posted} (read before .. posted)`,
      );
    for (; this.#read < read; this.#read++) this.#bytes -= this.#sizes[this.#head++]!;
    // Drop what was read once it is most of the array (amortised O(1) per message).
    if (this.#head > 1024 && this.#head * 2 > this.#sizes.length) {
      this.#sizes = this.#sizes.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Bytes posted and not acknowledged. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Messages posted and not acknowledged. */
  get messages(): number {
    return this.#posted - this.#read;
  }

  /** The most bytes / messages ever in flight at once. */
  get peak(): { bytes: number; messages: number } {
    return { bytes: this.#peakBytes, messages: this.#peakMessages };
  }
}

/**
 * The bytes a host message takes while it waits at a port's far end, reckoned as serve mode's
 * WebSocket frame is (its JSON, plus a result buffer's bytes): a structured clone is about as big,
 * and one measure means one high-water mark for both transports.
 */
export function messageBytes(m: HostMessage): number {
  const buffer = m.type === 'reply' ? resultBuffer(m) : undefined;
  // JSON.stringify writes an ArrayBuffer as {}: the buffer is counted once, by its length.
  return JSON.stringify(m).length + (buffer?.byteLength ?? 0);
}
