import type { SharedPacket } from '../pool/index.js';
import { CaptureFrame, type Frame, type InterfaceInfo } from './frame.js';
import { MAX_BLOCK_SIZE, maxCaplenFor } from './limits.js';
import { RecordParser, type ParserOptions } from './record-parser.js';
import { TimeScale, type TimeOut } from './timestamp.js';

export const BLOCK_SHB = 0x0a0d0d0a;
export const BLOCK_IDB = 1;
export const BLOCK_PB = 2; // obsolete Packet Block
export const BLOCK_SPB = 3;
export const BLOCK_EPB = 6;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

const OPT_END = 0;
const OPT_IF_NAME = 2;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

/** Smallest total length of each block type (header, fixed fields, trailer). */
function minimumLength(type: number): number {
  switch (type) {
    case BLOCK_SHB:
      return 28;
    case BLOCK_EPB:
    case BLOCK_PB:
      return 32;
    case BLOCK_IDB:
      return 20;
    case BLOCK_SPB:
      return 16;
    default:
      return 12;
  }
}

function blockName(type: number): string {
  switch (type) {
    case BLOCK_SHB:
      return 'SHB';
    case BLOCK_EPB:
      return 'EPB';
    case BLOCK_PB:
      return 'packet block';
    case BLOCK_IDB:
      return 'IDB';
    case BLOCK_SPB:
      return 'SPB';
    default:
      return `block of type 0x${type.toString(16)}`;
  }
}

/** What packets of one interface need; `index` points into `interfaces`. */
interface Iface {
  readonly index: number;
  readonly linkType: number;
  readonly snaplen: number;
  readonly maxCaplen: number;
  readonly scale: TimeScale;
}

const pad4 = (n: number): number => (n + 3) & ~3;
const utf8 = new TextDecoder('utf-8');

/**
 * pcapng: a sequence of blocks (type, total length, body, total length again), grouped in
 * sections that each start with an SHB fixing the byte order and restart interface
 * numbering. Framing follows wiretap: total lengths are rounded up to 4 (some writers leave
 * out the padding), the trailing length must agree, blocks this reader does not use (NRB, ISB,
 * DSB, custom, unknown) are skipped after their framing is checked, packet blocks must name
 * an interface of their section.
 */
export class PcapngParser extends RecordParser implements TimeOut {
  readonly format = 'pcapng';
  interfaces: InterfaceInfo[] = [];
  /** Scratch output of TimeScale.split (saves an object per frame). */
  sec = 0;
  nsec = 0;
  private le = true;
  private section = -1;
  private ifaces: Iface[] = [];
  // The block measure() last looked at; record() always decodes that same block.
  private blockType = 0;
  private blockLe = true;
  private blockTotal = 0;
  private blockLength = 0;

  constructor(opts: ParserOptions) {
    super(opts);
    this.unit = 'block';
  }

  protected prefix(): number {
    return 12; // type, length and (for an SHB) the byte-order magic that says how to read the length
  }

  protected measure(view: DataView, off: number, fileOffset: number): number {
    let le = this.le;
    const type = view.getUint32(off, le); // the SHB type reads the same in both orders
    if (type === BLOCK_SHB) {
      const bom = view.getUint32(off + 8, true);
      if (bom !== BYTE_ORDER_MAGIC && bom !== 0x4d3c2b1a) {
        this.fail(
          'CAPTURE_BAD_MAGIC',
          fileOffset,
          `section header byte-order magic 0x${view.getUint32(off + 8, false).toString(16)} is not 0x1a2b3c4d in either byte order`,
        );
        return -1;
      }
      le = bom === BYTE_ORDER_MAGIC;
    } else if (this.section < 0) {
      this.fail('CAPTURE_BAD_MAGIC', fileOffset, `the first block has type 0x${type.toString(16)}, not a section header block`);
      return -1;
    }
    const length = view.getUint32(off + 4, le);
    const min = minimumLength(type);
    if (length < min) {
      this.fail('CAPTURE_BAD_LENGTH', fileOffset, `block length ${length} is smaller than the ${min}-byte ${blockName(type)} minimum`);
      return -1;
    }
    if (length > MAX_BLOCK_SIZE) {
      this.fail('CAPTURE_TOO_LARGE', fileOffset, `block length ${length} is over the ${MAX_BLOCK_SIZE}-byte limit`);
      return -1;
    }
    this.blockType = type;
    this.blockLe = le;
    this.blockLength = length;
    this.blockTotal = pad4(length);
    return this.blockTotal;
  }

  protected record(view: DataView, off: number, fileOffset: number, owner: SharedPacket): Frame | undefined {
    const type = this.blockType;
    const le = this.blockLe;
    const total = this.blockTotal;
    const trailer = view.getUint32(off + total - 4, le);
    if (pad4(trailer) !== total) {
      this.fail(
        'CAPTURE_LENGTH_MISMATCH',
        fileOffset,
        `${blockName(type)} starts with length ${this.blockLength} but ends with length ${trailer}`,
      );
      return undefined;
    }
    switch (type) {
      case BLOCK_EPB:
        return this.packet(view, off, fileOffset, owner, view.getUint32(off + 8, le), total);
      case BLOCK_PB:
        return this.packet(view, off, fileOffset, owner, view.getUint16(off + 8, le), total);
      case BLOCK_SPB:
        return this.simplePacket(view, off, fileOffset, owner, total);
      case BLOCK_IDB:
        this.describeInterface(view, off, fileOffset, total);
        return undefined;
      case BLOCK_SHB:
        this.startSection(view, off, fileOffset, le);
        return undefined;
      default:
        return undefined;
    }
  }

  /** EPB and the obsolete PB: same layout after the interface id. */
  private packet(view: DataView, off: number, fileOffset: number, owner: SharedPacket, ifid: number, total: number): Frame | undefined {
    const iface = this.ifaces[ifid];
    if (iface === undefined) {
      this.fail('CAPTURE_BAD_INTERFACE', fileOffset, `packet names interface ${ifid} but its section describes ${this.ifaces.length}`);
      return undefined;
    }
    const le = this.le;
    const high = view.getUint32(off + 12, le);
    const low = view.getUint32(off + 16, le);
    const caplen = view.getUint32(off + 20, le);
    const wirelen = view.getUint32(off + 24, le);
    if (!this.fits(caplen, iface, 32, total, fileOffset)) return undefined;
    iface.scale.split(high, low, this);
    return new CaptureFrame(
      ++this.count,
      this.sec,
      this.nsec,
      high,
      low,
      wirelen,
      caplen,
      ifid,
      iface.index,
      iface.linkType,
      fileOffset,
      owner.slice(off + 28, off + 28 + caplen),
    );
  }

  /** SPB: no timestamp, interface 0, captured length = min(wire length, snaplen). */
  private simplePacket(view: DataView, off: number, fileOffset: number, owner: SharedPacket, total: number): Frame | undefined {
    const iface = this.ifaces[0];
    if (iface === undefined) {
      this.fail('CAPTURE_BAD_INTERFACE', fileOffset, 'simple packet block comes before any IDB of its section');
      return undefined;
    }
    const wirelen = view.getUint32(off + 8, this.le);
    const caplen = iface.snaplen !== 0 && wirelen > iface.snaplen ? iface.snaplen : wirelen;
    if (!this.fits(caplen, iface, 16, total, fileOffset)) return undefined;
    return new CaptureFrame(
      ++this.count,
      0,
      0,
      0,
      0,
      wirelen,
      caplen,
      0,
      iface.index,
      iface.linkType,
      fileOffset,
      owner.slice(off + 12, off + 12 + caplen),
    );
  }

  private fits(caplen: number, iface: Iface, fixed: number, total: number, fileOffset: number): boolean {
    if (caplen > iface.maxCaplen) {
      this.fail(
        'CAPTURE_TOO_LARGE',
        fileOffset,
        `packet claims ${caplen} captured bytes, more than the ${iface.maxCaplen}-byte maximum for link type ${iface.linkType}`,
      );
      return false;
    }
    if (fixed + pad4(caplen) > total) {
      this.fail('CAPTURE_BAD_LENGTH', fileOffset, `block length ${total} is too small for ${caplen} bytes of packet data`);
      return false;
    }
    return true;
  }

  private startSection(view: DataView, off: number, fileOffset: number, le: boolean): void {
    const major = view.getUint16(off + 12, le);
    const minor = view.getUint16(off + 14, le);
    if (major !== 1 || (minor !== 0 && minor !== 2)) {
      this.fail('CAPTURE_UNSUPPORTED', fileOffset, `pcapng section version ${major}.${minor} is not 1.0 or 1.2`);
      return;
    }
    this.le = le;
    this.section++;
    this.ifaces = [];
  }

  private describeInterface(view: DataView, off: number, fileOffset: number, total: number): void {
    const le = this.le;
    const linkType = view.getUint16(off + 8, le);
    const snaplen = view.getUint32(off + 12, le);
    let name: string | undefined;
    let tsresol: number | undefined;
    let tsoffset: bigint | undefined;
    const end = off + total - 4;
    for (let o = off + 16; o < end; ) {
      if (end - o < 4) {
        this.fail('CAPTURE_BAD_LENGTH', fileOffset, `IDB option header at block byte ${o - off} runs past the options`);
        return;
      }
      const code = view.getUint16(o, le);
      const len = view.getUint16(o + 2, le);
      o += 4;
      if (pad4(len) > end - o) {
        this.fail('CAPTURE_BAD_LENGTH', fileOffset, `IDB option ${code} of ${len} bytes runs past the options`);
        return;
      }
      if (code === OPT_END) break;
      // Like wiretap: the first occurrence of a single-valued option wins; wrong sizes are ignored.
      if (code === OPT_IF_NAME && name === undefined) name = utf8.decode(new Uint8Array(view.buffer, view.byteOffset + o, len));
      else if (code === OPT_IF_TSRESOL && len === 1 && tsresol === undefined) tsresol = view.getUint8(o);
      else if (code === OPT_IF_TSOFFSET && len === 8 && tsoffset === undefined) tsoffset = view.getBigInt64(o, le);
      o += pad4(len);
    }
    const scale = TimeScale.from(tsresol ?? 6, tsoffset ?? 0n);
    const index = this.interfaces.length;
    this.ifaces.push({ index, linkType, snaplen, maxCaplen: maxCaplenFor(linkType), scale });
    this.interfaces.push({
      section: this.section,
      id: this.ifaces.length - 1,
      linkType,
      snaplen,
      name,
      tsresol: scale.tsresol,
      tsoffset: scale.tsoffset,
    });
  }
}
