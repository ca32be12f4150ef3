import type { PacketMeta } from '../common/index.js';
import type { SharedPacket } from '../pool/index.js';

export type CaptureFormat = 'pcap' | 'pcapng';

/**
 * One captured packet: its PacketMeta (`capLen` is `data.length`), where it sits in the file,
 * and its bytes. `data` is borrowed: the reader releases it on the next `next()` (or
 * `close()`), so a consumer that keeps a frame longer calls `frame.data.retain()` and later
 * `release()`.
 */
export interface Frame extends Readonly<PacketMeta> {
  /** The raw timestamp fields, unsigned 32-bit (pcap: seconds and fraction; pcapng: high and low words; 0 for an SPB). */
  readonly tsHigh: number;
  readonly tsLow: number;
  /** Index into `CaptureReader.interfaces` (0 for pcap); unique across pcapng sections. */
  readonly interfaceIndex: number;
  /** Byte offset in the file of the record (pcap) or block (pcapng). */
  readonly fileOffset: number;
  readonly data: SharedPacket;
}

export interface InterfaceInfo {
  /** pcapng section (0-based); 0 for pcap. */
  readonly section: number;
  /** Interface id within its section; 0 for pcap. */
  readonly id: number;
  readonly linkType: number;
  /** Snapshot length from the header or IDB (0 = unlimited in pcapng). */
  readonly snaplen: number;
  /** if_name, when the file has one. */
  readonly name: string | undefined;
  /** Raw if_tsresol byte: 6 = microseconds (the default), 9 = nanoseconds, 0x80|n = 2^-n. */
  readonly tsresol: number;
  /** if_tsoffset in seconds, added to every timestamp of the interface. */
  readonly tsoffset: number;
}

/** Concrete frame: a class so every frame has one hidden shape (the reader makes millions). */
export class CaptureFrame implements Frame {
  constructor(
    readonly number: number,
    readonly sec: number,
    readonly nsec: number,
    readonly tsHigh: number,
    readonly tsLow: number,
    readonly wireLen: number,
    readonly capLen: number,
    readonly interfaceId: number,
    readonly interfaceIndex: number,
    readonly linkType: number,
    readonly fileOffset: number,
    readonly data: SharedPacket,
  ) {}
}
