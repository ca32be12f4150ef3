import type { SharedPacket } from '../pool/index.js';
import { CaptureFrame, type Frame, type InterfaceInfo } from './frame.js';
import { maxCaplenFor } from './limits.js';
import { RecordParser, type ParserOptions } from './record-parser.js';

/** Magic numbers as a little-endian read of the first 4 bytes sees them. */
export const PCAP_MAGIC_USEC = 0xa1b2c3d4;
export const PCAP_MAGIC_NSEC = 0xa1b23c4d;
/** Alexey Kuznetzov's patched libpcap: 8 more bytes per record header (ifindex, protocol, pkt_type, pad). */
export const PCAP_MAGIC_MODIFIED = 0xa1b2cd34;

const FILE_HEADER = 24;

const NOT_SWAPPED = 0;
const SWAPPED = 1;
const MAYBE_SWAPPED = 2;

/** The pcap variant a magic number selects, or undefined for none. */
export function pcapMagic(magicLe: number): { le: boolean; nano: boolean; recordHeader: number } | undefined {
  switch (magicLe) {
    case PCAP_MAGIC_USEC:
      return { le: true, nano: false, recordHeader: 16 };
    case 0xd4c3b2a1:
      return { le: false, nano: false, recordHeader: 16 };
    case PCAP_MAGIC_NSEC:
      return { le: true, nano: true, recordHeader: 16 };
    case 0x4d3cb2a1:
      return { le: false, nano: true, recordHeader: 16 };
    case PCAP_MAGIC_MODIFIED:
      return { le: true, nano: false, recordHeader: 24 };
    case 0x34cdb2a1:
      return { le: false, nano: false, recordHeader: 24 };
    default:
      return undefined;
  }
}

/**
 * Classic pcap: a 24-byte file header, then records of a 16-byte header (ts_sec, ts_frac,
 * incl_len, orig_len) and incl_len bytes. Decoded the way wiretap does: seconds unsigned,
 * the fraction unchecked (so an invalid one stays visible), incl_len > orig_len and
 * incl_len > snaplen allowed, incl_len above the link type's maximum an error.
 */
export class PcapParser extends RecordParser {
  readonly format = 'pcap';
  interfaces: InterfaceInfo[] = [];
  private le = true;
  private nano = false;
  private started = false;
  private recordHeader = 16;
  private lengths = NOT_SWAPPED;
  private linkType = 0;
  private maxCaplen = 0;

  constructor(opts: ParserOptions) {
    super(opts);
  }

  protected prefix(): number {
    return this.started ? this.recordHeader : FILE_HEADER;
  }

  protected measure(view: DataView, off: number, fileOffset: number): number {
    if (!this.started) return this.checkFileHeader(view, off, fileOffset);
    const caplen = this.caplen(view, off);
    if (caplen > this.maxCaplen) {
      this.fail(
        'CAPTURE_TOO_LARGE',
        fileOffset,
        `record claims ${caplen} captured bytes, more than the ${this.maxCaplen}-byte maximum for link type ${this.linkType}`,
      );
      return -1;
    }
    return this.recordHeader + caplen;
  }

  protected record(view: DataView, off: number, fileOffset: number, owner: SharedPacket): Frame | undefined {
    if (!this.started) {
      this.fileHeader(view, off);
      return undefined;
    }
    const le = this.le;
    const sec = view.getUint32(off, le);
    const frac = view.getUint32(off + 4, le);
    let caplen = view.getUint32(off + 8, le);
    let wirelen = view.getUint32(off + 12, le);
    if (this.lengths !== NOT_SWAPPED && (this.lengths === SWAPPED || caplen > wirelen)) {
      const t = caplen;
      caplen = wirelen;
      wirelen = t;
    }
    const start = off + this.recordHeader;
    return new CaptureFrame(
      ++this.count,
      sec,
      this.nano ? frac : frac * 1000,
      sec,
      frac,
      wirelen,
      caplen,
      -1,
      0,
      this.linkType,
      fileOffset,
      owner.slice(start, start + caplen),
    );
  }

  private caplen(view: DataView, off: number): number {
    const incl = view.getUint32(off + 8, this.le);
    if (this.lengths === NOT_SWAPPED) return incl;
    const orig = view.getUint32(off + 12, this.le);
    return this.lengths === SWAPPED || incl > orig ? orig : incl;
  }

  private checkFileHeader(view: DataView, off: number, fileOffset: number): number {
    const magic = pcapMagic(view.getUint32(off, true));
    if (magic === undefined) {
      const hex = view.getUint32(off, false).toString(16).padStart(8, '0');
      this.fail('CAPTURE_BAD_MAGIC', fileOffset, `magic number 0x${hex} is not a pcap magic`);
      return -1;
    }
    const major = view.getUint16(off + 4, magic.le);
    if (major < 2) {
      const minor = view.getUint16(off + 6, magic.le);
      this.fail('CAPTURE_UNSUPPORTED', fileOffset, `pcap version ${major}.${minor} is older than 2.0`);
      return -1;
    }
    return FILE_HEADER;
  }

  private fileHeader(view: DataView, off: number): void {
    const magic = pcapMagic(view.getUint32(off, true))!;
    const le = magic.le;
    const major = view.getUint16(off + 4, le);
    const minor = view.getUint16(off + 6, le);
    // Before 2.3 (and in DG/UX's 543.0) incl_len and orig_len came the other way round;
    // some 2.3 writers used either order, so there a caplen > len means "swapped".
    this.lengths = major === 543 || (major === 2 && minor < 3) ? SWAPPED : major === 2 && minor === 3 ? MAYBE_SWAPPED : NOT_SWAPPED;
    this.le = le;
    this.nano = magic.nano;
    this.recordHeader = magic.recordHeader;
    const snaplen = view.getUint32(off + 16, le);
    // The upper 16 bits carry FCS-length flags; the link type is the low 16.
    this.linkType = view.getUint32(off + 20, le) & 0xffff;
    this.maxCaplen = maxCaplenFor(this.linkType);
    this.interfaces.push({
      section: 0,
      id: 0,
      linkType: this.linkType,
      snaplen,
      name: undefined,
      tsresol: magic.nano ? 9 : 6,
      tsoffset: 0,
    });
    this.started = true;
  }
}
