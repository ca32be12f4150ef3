import { fstatSync, write, writeSync } from 'node:fs';
import { concatBytes } from '../common/index.js';
import { CaptureIoError, type FileId, OutputFile, fileId, interfaceBlock, sectionHeaderBlock } from '../formats/index.js';

/**
 * A live capture's pcapng, little-endian: a section header, one interface description per
 * interface (if_name, if_tsresol 9: nanoseconds), then one Enhanced Packet Block per packet.
 * The blocks are written straight into the batch buffers by cap's batch mode or the capture
 * helper (vendor/cap/src/batch_fill.h), so a batch body is a valid run of blocks and the spool
 * file is the head followed by the batch bodies, written as they are.
 */

const pad4 = (n: number): number => (n + 3) & ~3;
/** EPB: type, total length, interface, ts high, ts low, captured, original (28 bytes), data, padding, total length. */
export const EPB_HEAD = 28;
/** Bytes of an EPB after its packet's `capLen` bytes: the padding to 4 and the trailing length. */
export const epbTail = (capLen: number): number => pad4(capLen) - capLen + 4;

/** The section header and one interface description block per interface, in interface id order (as PcapngWriter writes them). */
export function pcapngHead(
  interfaces: readonly { linkType: number; snaplen: number; name: string }[],
  application: string,
): Uint8Array<ArrayBuffer> {
  return concatBytes([sectionHeaderBlock(application), ...interfaces.map((i) => interfaceBlock(i))]);
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

  /** Appends bytes[start, end) now (the head); returns the file offset where bytes[start] landed. */
  append(bytes: Uint8Array, start: number, end: number): number {
    const at = this.reserve(end - start);
    let done = start;
    try {
      while (done < end) done += writeSync(this.#fd!, bytes, done, end - done, at + (done - start));
    } catch (e) {
      this.#failed = true;
      throw new CaptureIoError(this.path, `write at byte ${at + (done - start)}`, e, 'write');
    }
    return at;
  }

  /** Makes room for `bytes` more at the end of the file; returns where they go (written by write()). */
  reserve(bytes: number): number {
    const at = this.size;
    this.size = at + bytes;
    return at;
  }

  /**
   * Writes bytes[start, end) at file offset `at` (a reserve()d place) on libuv's thread pool,
   * so the capture thread goes on draining the kernel ring meanwhile; `done` is called once,
   * with the error if the write failed. The bytes must stay as they are until then, and the
   * spool must not be closed while a write is on its way.
   */
  write(bytes: Uint8Array, start: number, end: number, at: number, done: (e?: CaptureIoError) => void): void {
    const fd = this.#fd;
    if (fd === undefined) {
      done(new CaptureIoError(this.path, `write at byte ${at}`, new Error('the spool is closed'), 'write'));
      return;
    }
    const step = (from: number): void => {
      if (from >= end) {
        done();
        return;
      }
      write(fd, bytes, from, end - from, at + (from - start), (e, n) => {
        if (e !== null) {
          this.#failed = true;
          done(new CaptureIoError(this.path, `write at byte ${at + (from - start)}`, e, 'write'));
        } else step(from + n);
      });
    };
    step(start);
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
