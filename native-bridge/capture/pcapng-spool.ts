import { fstatSync, writeSync } from 'node:fs';
import type { RecordFraming } from '../batch/index.js';
import { type PacketMeta, concatBytes } from '../common/index.js';
import { CaptureIoError, type FileId, OutputFile, fileId, interfaceBlock, nanosecondWords, sectionHeaderBlock } from '../formats/index.js';

/**
 * A live capture's pcapng, little-endian: a section header, one interface description
 * (if_name, if_tsresol 9: nanoseconds), then one Enhanced Packet Block per packet. The packets'
 * blocks are written straight into the batch buffers (EpbFraming), so a batch body is a valid
 * run of blocks and the spool file is the head followed by the batch bodies, written as they
 * are: each packet is copied once in JavaScript, from libpcap's buffer into its batch.
 */

const pad4 = (n: number): number => (n + 3) & ~3;
/** EPB: type, total length, interface, ts high, ts low, captured, original (28 bytes), data, padding, total length. */
export const EPB_HEAD = 28;

/** The section header and one interface description block per interface, in interface id order (as PcapngWriter writes them). */
export function pcapngHead(
  interfaces: readonly { linkType: number; snaplen: number; name: string }[],
  application: string,
): Uint8Array<ArrayBuffer> {
  return concatBytes([sectionHeaderBlock(application), ...interfaces.map((i) => interfaceBlock(i))]);
}

/** Frames each packet of a batch as an EPB on its interface (0 when it has none) with a nanosecond timestamp. */
export class EpbFraming implements RecordFraming {
  readonly head = EPB_HEAD;
  readonly #ts = { high: 0, low: 0 };
  #buffer: ArrayBufferLike | undefined;
  #view: DataView | undefined;

  size(capLen: number): number {
    return 32 + pad4(capLen);
  }

  write(bytes: Uint8Array, at: number, meta: PacketMeta): void {
    if (bytes.buffer !== this.#buffer) {
      this.#buffer = bytes.buffer;
      this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const v = this.#view!;
    const capLen = meta.capLen;
    const total = 32 + pad4(capLen);
    // The capture clock's stamps are whole seconds and nanoseconds since 1970: always in range.
    const ts = this.#ts;
    nanosecondWords(meta.sec, meta.nsec, ts);
    v.setUint32(at, 6, true);
    v.setUint32(at + 4, total, true);
    v.setUint32(at + 8, Math.max(0, meta.interfaceId), true);
    v.setUint32(at + 12, ts.high, true);
    v.setUint32(at + 16, ts.low, true);
    v.setUint32(at + 20, capLen, true);
    v.setUint32(at + 24, meta.wireLen, true);
    for (let i = at + EPB_HEAD + capLen, end = at + total - 4; i < end; i++) bytes[i] = 0;
    v.setUint32(at + total - 4, total, true);
  }
}

/**
 * The spool: the capture written to a pcapng file as it arrives, so nothing is lost when the
 * memory budget is full. Batch bodies are appended with positional writes straight from the
 * batch buffers (the kernel's copy into the page cache is the only one).
 *
 * Created through OutputFile: never through a symlink, never over an existing file unless
 * `overwrite` (then into a temporary file in the same folder, renamed over the old one when the
 * capture ends; a spool that failed to write leaves the old file as it was).
 */
export class Spool {
  /** Where the capture ends up. */
  readonly path: string;
  /**
   * The spooled file (device and inode), and the one it replaces when the capture ends: a save
   * must replace neither (the first is read back, the second would be lost under the capture).
   */
  readonly ids: readonly FileId[];
  readonly #out: OutputFile;
  #fd: number | undefined;
  #failed = false;
  /** Bytes in the file so far (the next append lands here). */
  size = 0;
  /** Where the first packet block starts (the head's length). */
  readonly firstRecord: number;

  constructor(path: string, head: Uint8Array, opts: { overwrite?: boolean } = {}) {
    this.#out = OutputFile.create(path, { overwrite: opts.overwrite ?? false, inPlace: true });
    this.path = this.#out.path;
    this.#fd = this.#out.fd;
    const replaces = this.#out.replaces;
    this.ids = [fileId(fstatSync(this.#fd)), ...(replaces === undefined ? [] : [replaces])];
    try {
      this.append(head, 0, head.length);
    } catch (e) {
      this.#out.abort();
      this.#fd = undefined;
      throw e;
    }
    this.firstRecord = head.length;
  }

  /** The file holding the spooled bytes now (a temporary one until the capture ends, when replacing a file). */
  get readPath(): string {
    return this.#out.writing;
  }

  /** Appends bytes[start, end); returns the file offset where bytes[start] landed. */
  append(bytes: Uint8Array, start: number, end: number): number {
    const at = this.size;
    let done = start;
    try {
      while (done < end) done += writeSync(this.#fd!, bytes, done, end - done, at + (done - start));
    } catch (e) {
      this.#failed = true;
      throw new CaptureIoError(this.path, `write at byte ${at + (done - start)}`, e);
    }
    this.size = at + (end - start);
    return at;
  }

  /**
   * The capture ended: the file is put in place. One that failed to write is kept when it is a
   * new file (every block before the failure reads), dropped when it would replace another.
   */
  close(): void {
    if (this.#fd === undefined) return;
    this.#fd = undefined;
    if (this.#failed && this.#out.replacing) this.#out.abort();
    else this.#out.commit();
  }
}
