import type { PacketMeta } from '../common/index.js';
import { CaptureWriteError } from './errors.js';
import { FileSink, type SinkTarget } from './file-sink.js';
import type { Frame } from './frame.js';
import { maxCaplenFor } from './limits.js';
import { PCAP_MAGIC_NSEC, PCAP_MAGIC_USEC } from './pcap-parser.js';

/** What a writer needs of a packet besides its bytes; a reader's Frame has all of it. */
export type RecordMeta = Readonly<Pick<PacketMeta, 'sec' | 'nsec' | 'wireLen'>>;

export interface PcapWriterOptions {
  /** LINKTYPE_ value of every packet in the file. */
  linkType: number;
  /** Snapshot length for the header; defaults to the link type's maximum. */
  snaplen?: number;
  /** Nanosecond timestamps (magic 0xa1b23c4d) instead of microseconds. */
  nanosecond?: boolean;
  /** Output buffer size (default 64 KiB). */
  bufferSize?: number;
}

const U32_MAX = 0xffffffff;

/**
 * Writes classic pcap (little-endian, version 2.4). Timestamp fractions are written as given
 * when they fit the field, so an invalid fraction read from a file survives a round trip;
 * one too large for the field is carried into the seconds. Buffered: call `close()`.
 */
export class PcapWriter {
  readonly #sink: FileSink;
  readonly #nano: boolean;
  readonly #maxCaplen: number;

  constructor(target: SinkTarget, opts: PcapWriterOptions) {
    this.#nano = opts.nanosecond ?? false;
    this.#maxCaplen = maxCaplenFor(opts.linkType);
    this.#sink = new FileSink(target, opts.bufferSize);
    const { view } = this.#sink;
    const at = this.#sink.reserve(24);
    view.setUint32(at, this.#nano ? PCAP_MAGIC_NSEC : PCAP_MAGIC_USEC, true);
    view.setUint16(at + 4, 2, true);
    view.setUint16(at + 6, 4, true);
    view.setInt32(at + 8, 0, true); // thiszone: timestamps are UTC
    view.setUint32(at + 12, 0, true); // sigfigs
    view.setUint32(at + 16, opts.snaplen ?? this.#maxCaplen, true);
    view.setUint32(at + 20, opts.linkType, true);
  }

  /** Bytes written so far, header included. */
  get bytesWritten(): number {
    return this.#sink.position;
  }

  write(meta: RecordMeta, bytes: Uint8Array): void {
    const sink = this.#sink;
    if (sink.closed) throw new CaptureWriteError('CAPTURE_WRITE_CLOSED', sink.name, 'write after close()', 'open a new writer');
    if (bytes.length > this.#maxCaplen) {
      throw new CaptureWriteError(
        'CAPTURE_WRITE_TOO_LARGE',
        sink.name,
        `a ${bytes.length}-byte packet is over the ${this.#maxCaplen}-byte maximum for this link type`,
        'readers (TShark included) reject such records; truncate the packet to the snaplen',
      );
    }
    let sec = meta.sec;
    let frac = this.#nano ? meta.nsec : Math.floor(meta.nsec / 1000);
    if (frac > U32_MAX) {
      sec += Math.floor(meta.nsec / 1e9);
      frac = this.#nano ? meta.nsec % 1e9 : Math.floor((meta.nsec % 1e9) / 1000);
    }
    if (!(sec >= 0 && sec <= U32_MAX) || !Number.isInteger(sec) || !(frac >= 0)) {
      throw new CaptureWriteError(
        'CAPTURE_WRITE_TIMESTAMP',
        sink.name,
        `timestamp ${sec}.${meta.nsec} does not fit pcap's unsigned 32-bit seconds`,
        'write pcapng (PcapngWriter) for times before 1970 or after 2106',
      );
    }
    const view = sink.view;
    const at = sink.reserve(16);
    view.setUint32(at, sec, true);
    view.setUint32(at + 4, frac, true);
    view.setUint32(at + 8, bytes.length, true);
    view.setUint32(at + 12, meta.wireLen, true);
    sink.write(bytes);
  }

  writeFrame(frame: Frame): void {
    this.write(frame, frame.data.bytes);
  }

  flush(): void {
    this.#sink.flush();
  }

  close(): void {
    this.#sink.close();
  }
}
